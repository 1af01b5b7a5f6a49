using Broker.Hosting;
using Broker.Silo;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,

    // appsettings.json ships beside the binary; the working directory may be anywhere.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddBrokerDefaults(args);

SiloSettings settings;
try
{
    settings = SiloSettings.Read(builder.Configuration);
}
catch (InvalidOperationException exception)
{
    await Console.Error.WriteLineAsync($"Broker silo: {exception.Message}");
    return 2;
}

builder.Services.AddSingleton(settings);
builder.Services.AddHostedService<SiloReadyReporter>();
builder.UseOrleans(silo => silo.ConfigureBrokerSilo(settings));

using var host = builder.Build();
await host.RunAsync();
return 0;
