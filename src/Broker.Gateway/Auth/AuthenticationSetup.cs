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
        services.AddSingleton<UserCredentials>();

        // No default scheme to authenticate with: the authentication middleware would otherwise check every request's
        // header before routing. Each endpoint that requires a user checks once, through the policy below, and
        // GET /sse checks by itself with UserCredentials.
        services.AddAuthentication(options =>
            {
                options.DefaultChallengeScheme = UserScheme;
                options.DefaultForbidScheme = UserScheme;
            })
            .AddPolicyScheme(UserScheme, null, options => options.ForwardDefaultSelector = context =>
                UserCredentials.SchemeOf(context.Request.Headers.Authorization.ToString()))
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(AuthorizationHeader.BearerScheme, null)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(AuthorizationHeader.BasicScheme, null);

        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(UserScheme).RequireAuthenticatedUser().Build());
        return services;
    }
}
