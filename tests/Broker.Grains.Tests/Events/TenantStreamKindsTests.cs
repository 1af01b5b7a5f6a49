namespace Broker.Events;

public sealed class TenantStreamKindsTests
{
    [Theory]
    [InlineData(null, TenantStreamKind.Memory)]
    [InlineData("", TenantStreamKind.Memory)]
    [InlineData("memory", TenantStreamKind.Memory)]
    [InlineData(" Azure_Queue ", TenantStreamKind.AzureQueue)]
    public void Parse_ReadsEachKind_MemoryByDefault(string? value, TenantStreamKind expected) =>
        Assert.Equal(expected, TenantStreamKinds.Parse(value));

    [Fact]
    public void Parse_OfAnUnknownKind_SaysWhatIsAllowed()
    {
        var problem = Assert.Throws<InvalidOperationException>(() => TenantStreamKinds.Parse("kafka"));

        Assert.Equal("stream_provider must be memory or azure_queue, not 'kafka'.", problem.Message);
    }

    [Fact]
    public void AzureQueueNames_AreLegalQueueNames_TheSameForOneServiceAndDistinctAcrossServices()
    {
        var names = TenantStreamKinds.AzureQueueNames("My_Service.Prod");

        Assert.Equal(TenantStreamKinds.QueueCount, names.Distinct().Count());
        Assert.All(names, name => Assert.Matches("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", name));
        Assert.Equal(names, TenantStreamKinds.AzureQueueNames("My_Service.Prod"));
        Assert.Empty(names.Intersect(TenantStreamKinds.AzureQueueNames("my_service.prod")));
    }
}
