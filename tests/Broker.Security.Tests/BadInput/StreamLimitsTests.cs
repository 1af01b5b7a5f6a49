using Broker.Gateway.Configuration;
using Broker.Gateway.Streaming;
using Microsoft.Extensions.Logging.Abstractions;

namespace Broker.Security.BadInput;

/// <summary>The counting behind the stream caps, without a network: slots are taken, refused and given back.</summary>
public sealed class StreamLimitsTests
{
    private readonly StreamLimits _limits = new(new GatewaySettings { MaxStreamsPerUser = 2, MaxStreams = 3 },
        NullLogger<StreamLimits>.Instance);

    [Fact]
    public void AUser_GetsTheirCap_ThenA429_AndAClosedStreamGivesItsSlotBack()
    {
        Assert.True(_limits.TryOpen("ann", out var first, out _));
        Assert.True(_limits.TryOpen("ann", out _, out _));

        Assert.False(_limits.TryOpen("ann", out _, out var refusal));
        Assert.Equal(429, refusal.StatusCode);
        Assert.Equal(StreamLimits.RetryAfterSeconds, refusal.RetryAfterSeconds);

        first.Dispose();
        Assert.True(_limits.TryOpen("ann", out _, out _));
    }

    [Fact]
    public void TheGatewayCap_CountsEveryUser()
    {
        Assert.True(_limits.TryOpen("ann", out _, out _));
        Assert.True(_limits.TryOpen("bob", out _, out _));
        Assert.True(_limits.TryOpen("cid", out var third, out _));

        Assert.False(_limits.TryOpen("dee", out _, out var refusal));
        Assert.Equal(429, refusal.StatusCode);
        Assert.Contains("maximum of 3 event streams", refusal.Value.Error, StringComparison.Ordinal);

        third.Dispose();
        Assert.True(_limits.TryOpen("dee", out _, out _));
    }

    [Fact]
    public void DisposingALeaseTwice_FreesOneSlot()
    {
        Assert.True(_limits.TryOpen("ann", out var lease, out _));
        Assert.True(_limits.TryOpen("ann", out _, out _));

        lease.Dispose();
        lease.Dispose();

        Assert.Equal(1, _limits.Open);
        Assert.True(_limits.TryOpen("ann", out _, out _));
        Assert.False(_limits.TryOpen("ann", out _, out _));
    }

    [Fact]
    public void UsernamesThatDifferOnlyInCase_AreCountedApart()
    {
        Assert.True(_limits.TryOpen("ann", out _, out _));
        Assert.True(_limits.TryOpen("ann", out _, out _));

        Assert.True(_limits.TryOpen("Ann", out _, out _));
    }
}
