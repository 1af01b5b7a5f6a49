namespace Broker;

/// <summary>Names no other test uses, so tests share one storage account without seeing each other.</summary>
public static class Unique
{
    public static string Name(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];
}
