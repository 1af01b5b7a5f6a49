using Broker.Gateway.Auth;
using Broker.Gateway.Configuration;
using Broker.Gateway.Events;
using Broker.Gateway.Health;
using Broker.Gateway.Http;
using Broker.Gateway.Identity;
using Broker.Gateway.Streaming;
using Broker.Gateway.Verification;

namespace Broker.Gateway.Hosting;

/// <summary>The gateway's services, middleware and endpoints, in one place.</summary>
public static class GatewaySetup
{
    public static IServiceCollection AddBrokerGateway(this IServiceCollection services, GatewaySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);

        // Shutdown waits for the event streams, which end within the drain window, and then for the Orleans client.
        services.Configure<HostOptions>(options =>
            options.ShutdownTimeout = settings.DrainDuration + TimeSpan.FromSeconds(15));
        services.AddSingleton(new AdminToken(settings.AdminToken));
        services.AddSingleton(provider =>
            new JwtKeyring(settings.JwtExpiry, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<PasswordStrength>();
        services.AddSingleton<ClusterConnectionRetry>();
        services.AddHostedService<StartupReport>();
        services.AddBrokerAuthentication();
        services.AddBrokerCors(settings);
        services.AddStreaming();
        services.AddBrokerHealthChecks();
        services.AddOpenApi();
        return services;
    }

    public static WebApplication UseBrokerPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseJsonStatusCodeBodies();
        app.UseRouting();
        app.UseCors();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapBrokerEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthEndpoints();
        app.MapIdentityEndpoints();
        app.MapEventEndpoints();
        app.MapStreamingEndpoints();
        app.MapVerificationEndpoints();
        app.MapOpenApi();
        return app;
    }
}
