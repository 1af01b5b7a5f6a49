using Broker.Gateway.Configuration;

namespace Broker.Gateway.Hosting;

/// <summary>
/// Browsers may call from <c>origin</c> (<c>*</c> for any). Preflight allows <c>authorization</c> and
/// <c>content-type</c> (the original forgot the latter), and <c>last-event-id</c> for EventSource polyfills.
/// </summary>
public static class CorsSetup
{
    public static IServiceCollection AddBrokerCors(this IServiceCollection services, GatewaySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            if (settings.Origin == "*")
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins(settings.Origin.Split(',',
                    StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }

            policy.WithMethods(HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Options)
                .WithHeaders("authorization", "content-type", "last-event-id")
                .WithExposedHeaders("retry-after");
        }));
    }
}
