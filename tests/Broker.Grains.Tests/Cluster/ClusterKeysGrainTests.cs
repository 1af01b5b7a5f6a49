namespace Broker.Cluster;

[Collection(GrainsCollection.Name)]
public sealed class ClusterKeysGrainTests(GrainsFixture fixture)
{
    [Fact]
    public async Task Keys_Are32RandomBytes_AndDiffer()
    {
        var keys = fixture.Client.GetGrain<IClusterKeysGrain>(0);

        var jwt = await keys.GetJwtSecret();
        var biscuit = await keys.GetBiscuitRootKey();

        Assert.Equal(32, jwt.Length);
        Assert.Equal(32, biscuit.Length);
        Assert.NotEqual(jwt, biscuit);
        Assert.Equal(jwt, await keys.GetJwtSecret());
    }

    [Fact]
    public async Task Keys_AreTheSame_ForASecondClusterOnTheSameStorage()
    {
        var serviceId = GrainsFixture.NewServiceId();
        var first = await fixture.StartClusterAsync(serviceId);
        var jwt = await first.Client.GetGrain<IClusterKeysGrain>(0).GetJwtSecret();
        var biscuit = await first.Client.GetGrain<IClusterKeysGrain>(0).GetBiscuitRootKey();
        await first.StopAllSilosAsync();

        var second = await fixture.StartClusterAsync(serviceId);
        var other = await fixture.StartClusterAsync(GrainsFixture.NewServiceId());

        Assert.Equal(jwt, await second.Client.GetGrain<IClusterKeysGrain>(0).GetJwtSecret());
        Assert.Equal(biscuit, await second.Client.GetGrain<IClusterKeysGrain>(0).GetBiscuitRootKey());
        Assert.NotEqual(jwt, await other.Client.GetGrain<IClusterKeysGrain>(0).GetJwtSecret());
    }
}
