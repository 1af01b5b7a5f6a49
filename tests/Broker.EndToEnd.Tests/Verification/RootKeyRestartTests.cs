using Broker.Biscuit;

namespace Broker.EndToEnd.Verification;

/// <summary>
/// The cluster's generated root key survives a full restart (gateway, silo and storage on disk), so a microservice
/// that pinned it keeps accepting tokens, old and new.
/// </summary>
[Collection(RestartCollection.Name)]
public sealed class RootKeyRestartTests : IAsyncLifetime
{
    private BrokerCluster _cluster = null!;
    private BrokerApi _api = null!;

    public async Task InitializeAsync()
    {
        _cluster = await BrokerCluster.StartAsync(new ClusterOptions { PersistentStorage = true });
        _api = new BrokerApi(_cluster.BaseAddress, _cluster.Options.AdminToken);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task AfterAFullRestart_ThePublicKeyIsTheSame_AndEarlierTokensStillVerify()
    {
        var user = await _api.NewUserWithScopesAsync("restart-key", "news:get");
        var keyBefore = await _api.PublicKeyAsync();
        var tokenBefore = VerifyAnswers.Bytes((await _api.VerifyAsync(user.Basic))["token"]);

        await _cluster.StopAsync();
        await _cluster.StartAgainAsync();

        var keyAfter = await _api.PublicKeyAsync();
        var verifyAfter = await _api.VerifyAsync(user.Basic);
        JsonAssert.Equal(keyBefore, keyAfter);
        JsonAssert.Equal(keyAfter["key"], verifyAfter["key"]);
        var pinned = VerifyAnswers.Bytes(keyBefore["key"]);
        var now = BrokerTokens.TimeFact(DateTimeOffset.UtcNow);
        foreach (var token in new[] { tokenBefore, VerifyAnswers.Bytes(verifyAfter["token"]) })
        {
            var result = BrokerTokens.Authorize(BrokerTokens.Verify(token, pinned),
                now + """allow if right("news", "get");""");
            Assert.True(result.IsAuthorized, result.ToString());
        }
    }
}
