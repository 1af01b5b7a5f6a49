using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Broker.Gateway.Auth;

/// <summary>Registers Bearer and Basic behind one scheme that picks by the header, as the default policy.</summary>
public static class AuthenticationSetup
{
    /// <summary>The scheme user endpoints require; it forwards to Bearer or Basic.</summary>
    public const string UserScheme = "BrokerUser";

    public static IServiceCollection AddBrokerAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<BasicCredentialCache>();
        services.AddSingleton<ITicketSource, OrleansTicketSource>();
        services.AddAuthentication(UserScheme)
            .AddPolicyScheme(UserScheme, null, options => options.ForwardDefaultSelector = context =>
                AuthorizationHeader.HasScheme(context.Request.Headers.Authorization.ToString(),
                    AuthorizationHeader.BasicScheme)
                    ? AuthorizationHeader.BasicScheme
                    : AuthorizationHeader.BearerScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(AuthorizationHeader.BearerScheme, null)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(AuthorizationHeader.BasicScheme, null);

        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(UserScheme).RequireAuthenticatedUser().Build());
        return services;
    }
}
