namespace Broker.EndToEnd.Http;

/// <summary>Compares JSON values by meaning (member order aside) and shows both when they differ.</summary>
public static class JsonAssert
{
    public static void Equal(JsonNode? expected, JsonNode? actual)
    {
        if (!JsonNode.DeepEquals(expected, actual))
        {
            Assert.Fail($"JSON differs.\nExpected: {Show(expected)}\nActual:   {Show(actual)}");
        }
    }

    public static void Equal(string expectedJson, JsonNode? actual) => Equal(JsonNode.Parse(expectedJson), actual);

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";
}
