using Broker.Biscuit;
using Broker.Testing;

namespace Broker.EndToEnd.Verification;

/// <summary>
/// Azurite, one silo and three gateways: two that take the cluster's generated root key and one configured with
/// <c>biscuit_root_key</c>.
/// </summary>
public sealed class ThreeGatewayCluster : IAsyncLifetime
{
    /// <summary>The configured seed; RFC 8032's first test key, so its public half is known.</summary>
    public const string ConfiguredSeedHex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    public const string ConfiguredPublicKeyHex = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    private readonly List<IAsyncDisposable> _processes = [];

    public AzuriteServer Azurite { get; private set; } = null!;

    public string ClusterId { get; } = "e2e" + Guid.NewGuid().ToString("N")[..12];

    public BrokerApi First { get; private set; } = null!;

    public BrokerApi Second { get; private set; } = null!;

    public BrokerApi Configured { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteServer.StartAsync();
        _processes.Add(Azurite);
        var silo = await SiloProcess.StartAsync(new SiloSettings(Azurite.ConnectionString, ClusterId, ClusterId));
        _processes.Add(silo);
        First = await StartGatewayAsync(new Dictionary<string, string>());
        Second = await StartGatewayAsync(new Dictionary<string, string>());
        Configured = await StartGatewayAsync(new Dictionary<string, string>
        {
            ["biscuit_root_key"] = ConfiguredSeedHex.ToUpperInvariant(),
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var api in new[] { First, Second, Configured })
        {
            api?.Dispose();
        }

        // Gateways first, then the silo, then storage.
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].DisposeAsync();
        }
    }

    private async Task<BrokerApi> StartGatewayAsync(IReadOnlyDictionary<string, string> extra)
    {
        var gateway = await GatewayProcess.StartAsync(
            new GatewaySettings(Azurite.ConnectionString, ClusterId, ClusterId, ClusterOptions.DefaultAdminToken)
            {
                Extra = extra,
            });
        _processes.Add(gateway);
        return new BrokerApi(gateway.BaseAddress, ClusterOptions.DefaultAdminToken);
    }
}

public sealed class RootKeyConfigurationTests(ThreeGatewayCluster cluster) : IClassFixture<ThreeGatewayCluster>
{
    [Fact]
    public async Task GatewaysOfOneCluster_PublishTheSameKey_AndSignWithIt()
    {
        var user = await cluster.First.NewUserWithScopesAsync("two-gateways", "news:get");

        var first = await cluster.First.PublicKeyAsync();
        var second = await cluster.Second.PublicKeyAsync();
        var verify = await cluster.Second.VerifyAsync(user.Basic);

        JsonAssert.Equal(first, second);
        var token = BrokerTokens.Verify(VerifyAnswers.Bytes(verify["token"]), VerifyAnswers.Bytes(first["key"]));
        var result = BrokerTokens.Authorize(token,
            BrokerTokens.TimeFact(DateTimeOffset.UtcNow) + """allow if right("news", "get");""");
        Assert.True(result.IsAuthorized, result.ToString());
    }

    [Fact]
    public async Task AConfiguredRootKey_IsPublished_AndSignsTokens()
    {
        var user = await cluster.First.NewUserWithScopesAsync("configured", "news:get");

        var published = await cluster.Configured.PublicKeyAsync();
        var verify = await cluster.Configured.VerifyAsync(user.Basic);
        var generated = await cluster.First.PublicKeyAsync();

        Assert.Equal(ThreeGatewayCluster.ConfiguredPublicKeyHex, published["hex"]!.GetValue<string>());
        Assert.Equal(Convert.FromHexString(ThreeGatewayCluster.ConfiguredPublicKeyHex),
            VerifyAnswers.Bytes(published["key"]));
        JsonAssert.Equal(published["key"], verify["key"]);
        Assert.NotEqual(generated["hex"]!.GetValue<string>(), published["hex"]!.GetValue<string>());
        var verdict = await JavaScriptService.CheckAsync(published, verify, """allow if right("news", "get");""");
        Assert.True(verdict.Authorized, verdict.Error);
    }

    [Theory]
    [InlineData("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f", 62)]
    [InlineData("zz61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", 64)]
    public async Task AMalformedRootKey_StopsTheGatewayWithAMessageThatDoesNotRepeatIt(string value, int length)
    {
        var gateway = ChildProcess.Start("dotnet",
        [
            BrokerBinaries.GatewayDll,
            "--port", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--storage_connection_string", cluster.Azurite.ConnectionString,
            "--cluster_id", cluster.ClusterId,
            "--service_id", cluster.ClusterId,
            "--biscuit_root_key", value,
        ]);
        await using (gateway)
        {
            var exitCode = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(2, exitCode);
            Assert.Contains(
                $"Broker gateway: biscuit_root_key must be 64 hexadecimal digits (a 32-byte Ed25519 seed); " +
                $"it has {length} characters.", gateway.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(value, gateway.Output, StringComparison.Ordinal);
        }
    }
}
