using Broker.Gateway.Auth;
using Broker.Gateway.Configuration;
using Broker.Gateway.Hosting;
using Broker.Gateway.Verification;
using Broker.Hosting;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,

    // appsettings.json ships beside the binary; the working directory may be anywhere.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddBrokerDefaults(args);

// The base authentication handler reports every refusal twice at Information; ours says it once, with the status.
builder.Logging.AddFilter(typeof(BearerAuthenticationHandler).FullName, LogLevel.Warning);
builder.Logging.AddFilter(typeof(BasicAuthenticationHandler).FullName, LogLevel.Warning);

// With this category on at any level, hosting starts an Activity and a logging scope for every request and keeps them
// until it ends: some 400 bytes for each open event stream. It logs only request starts and ends, which we skip anyway.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

GatewaySettings settings;
try
{
    settings = GatewaySettings.FromConfiguration(builder.Configuration);
    builder.Services.AddBrokerVerification(builder.Configuration);

    // The cluster client reads settings of its own (the stream provider, say), refused here like any other.
    builder.UseBrokerOrleansClient(settings);
}
catch (InvalidOperationException exception)
{
    await Console.Error.WriteLineAsync($"Broker gateway: {exception.Message}");
    return 2;
}

builder.Services.AddBrokerGateway(settings);

// After the Orleans client, so that the cluster answers by the time the secret is fetched.
builder.Services.AddHostedService<JwtSecretLoader>();
builder.Services.AddHostedService<BiscuitRootKeyLoader>();
builder.WebHost.UseBrokerKestrel(settings);

await using var app = builder.Build();
app.UseBrokerPipeline();
app.MapBrokerEndpoints();
await app.RunAsync();
return 0;
