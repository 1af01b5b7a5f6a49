using Broker.Gateway.Configuration;
using Broker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Broker.Gateway.Tests.Configuration;

public sealed class GatewaySettingsTests
{
    private static GatewaySettings Read(params (string Key, string Value)[] values) =>
        GatewaySettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value)))
            .Build());

    [Fact]
    public void Defaults_AreTheOriginalBrokersAndTheTeamsAgreedOnes()
    {
        var settings = Read();

        Assert.Equal("UseDevelopmentStorage=true", settings.StorageConnectionString);
        Assert.Equal("broker", settings.ClusterId);
        Assert.Equal("broker", settings.ServiceId);
        Assert.Equal(8080, settings.Port);
        Assert.Equal("*", settings.Origin);
        Assert.Equal(TimeSpan.FromSeconds(86400), settings.JwtExpiry);
        Assert.Null(settings.JwtSecret);
        Assert.Equal("letmein", settings.AdminToken);
        Assert.True(settings.UsesDefaultAdminToken);
        Assert.False(settings.PasswordChecker);
        Assert.Equal(TimeSpan.FromSeconds(300), settings.TotpDuration);
        Assert.False(settings.Ssl);
        Assert.Null(settings.Certs);
        Assert.Null(settings.KeyPath);
        Assert.Equal(TimeSpan.FromSeconds(15), settings.HeartbeatInterval);
        Assert.Equal(1024 * 1024, settings.MaxBodyBytes);
        Assert.Equal(64 * 1024, settings.MaxEventBytes);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.CallTimeout);
    }

    [Fact]
    public void EveryKey_IsRead()
    {
        var settings = Read(
            ("storage_connection_string", "conn"), ("cluster_id", "c"), ("service_id", "s"), ("port", "9090"),
            ("origin", "https://app.example"), ("jwt_expiry", "60"), ("jwt_secret", new string('x', 32)),
            ("admin_token", "tok"), ("password_checker", "true"), ("totp_duration", "120"), ("ssl", "true"),
            ("certs", "/c.pem"), ("key_path", "/k.pem"), ("heartbeat_interval", "0.5"),
            ("max_body_bytes", "2048"), ("max_event_bytes", "100"), ("call_timeout", "2.5"));

        Assert.Equal("conn", settings.StorageConnectionString);
        Assert.Equal("c", settings.ClusterId);
        Assert.Equal("s", settings.ServiceId);
        Assert.Equal(9090, settings.Port);
        Assert.Equal("https://app.example", settings.Origin);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.JwtExpiry);
        Assert.Equal(new string('x', 32), settings.JwtSecret);
        Assert.Equal("tok", settings.AdminToken);
        Assert.False(settings.UsesDefaultAdminToken);
        Assert.True(settings.PasswordChecker);
        Assert.Equal(TimeSpan.FromSeconds(120), settings.TotpDuration);
        Assert.True(settings.Ssl);
        Assert.Equal("/c.pem", settings.Certs);
        Assert.Equal("/k.pem", settings.KeyPath);
        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.HeartbeatInterval);
        Assert.Equal(2048, settings.MaxBodyBytes);
        Assert.Equal(100, settings.MaxEventBytes);
        Assert.Equal(TimeSpan.FromSeconds(2.5), settings.CallTimeout);
    }

    [Theory]
    [InlineData("port", "eighty", "port must be a whole number from 0 to 65535.")]
    [InlineData("port", "70000", "port must be a whole number from 0 to 65535.")]
    [InlineData("jwt_expiry", "0", "jwt_expiry must be a whole number from 1 to 315360000.")]
    [InlineData("ssl", "maybe", "ssl must be true or false.")]
    [InlineData("heartbeat_interval", "0", "heartbeat_interval must be a number of seconds from 0.01 to 3600.")]
    [InlineData("call_timeout", "-1", "call_timeout must be a number of seconds from 1 to 3600.")]
    [InlineData("call_timeout", "0.01", "call_timeout must be a number of seconds from 1 to 3600.")]
    [InlineData("jwt_secret", "short", "jwt_secret must be at least 32 bytes long for HS256.")]
    [InlineData("ssl", "true", "ssl is on: set certs and key_path to the PEM certificate and key files.")]
    public void FromConfiguration_RefusesUnusableValues(string key, string value, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read((key, value)));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void AddBrokerDefaults_LetsFlagsBeatPrefixedVariables_WhichBeatPlainOnes()
    {
        Environment.SetEnvironmentVariable("origin", "plain");
        Environment.SetEnvironmentVariable("BROKER_origin", "prefixed");
        Environment.SetEnvironmentVariable("BROKER_cluster_id", "prefixed");
        try
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddEnvironmentVariables();
            builder.AddBrokerDefaults(["--cluster_id", "flag"]);

            var settings = GatewaySettings.FromConfiguration(builder.Configuration);

            Assert.Equal("prefixed", settings.Origin);
            Assert.Equal("flag", settings.ClusterId);
        }
        finally
        {
            Environment.SetEnvironmentVariable("origin", null);
            Environment.SetEnvironmentVariable("BROKER_origin", null);
            Environment.SetEnvironmentVariable("BROKER_cluster_id", null);
        }
    }
}
