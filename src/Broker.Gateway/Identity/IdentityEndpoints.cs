namespace Broker.Gateway.Identity;

/// <summary>The identity API: users, logins, two factors and resets.</summary>
public static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/create_user", UserAdminHandlers.CreateUser);
        routes.MapPost("/get_user", UserAdminHandlers.GetUser);
        routes.MapPost("/update_user", UserAdminHandlers.UpdateUser);
        routes.MapPost("/revoke_user", UserAdminHandlers.RevokeUser);
        routes.MapPost("/unrevoke_user", UserAdminHandlers.UnrevokeUser);
        routes.MapPost("/list_users", UserAdminHandlers.ListUsers);
        routes.MapPost("/login", CredentialHandlers.Login);
        routes.MapPost("/create_qr", CredentialHandlers.CreateQr);
        routes.MapPost("/create_totp", CredentialHandlers.CreateTotp);
        routes.MapPost("/password_reset", CredentialHandlers.ResetPassword);
        return routes;
    }
}
