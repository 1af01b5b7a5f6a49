namespace Broker.Security.BadInput;

/// <summary>What the malformed requests aim at.</summary>
/// <param name="AdminToken">The real admin token, so that field checks behind it are reached.</param>
/// <param name="Victim">An existing user; requests name it wherever a refusal cannot count a failed attempt.</param>
/// <param name="VictimBearer">The victim's <c>Authorization</c> header, for the user endpoints.</param>
/// <param name="Stranger">A username nobody has.</param>
/// <param name="NewUsername">A free username that a malformed <c>/create_user</c> must not take.</param>
/// <param name="MaxBodyBytes">The gateway's body limit.</param>
/// <param name="MaxEventBytes">The gateway's event data limit.</param>
public sealed record FuzzTargets(
    string AdminToken,
    string Victim,
    string VictimBearer,
    string Stranger,
    string NewUsername,
    int MaxBodyBytes,
    int MaxEventBytes);

/// <summary>A POST endpoint and a well-formed body it would accept, which the probes then break.</summary>
/// <param name="Admin">True when the body must carry the admin token.</param>
/// <param name="UserAuth">True when the request needs the victim's credentials.</param>
/// <param name="Required">String fields that must be present.</param>
/// <param name="Names">Fields that follow the naming rule (1 to 64 characters, no control characters).</param>
/// <param name="Passwords">Fields that hold a new password.</param>
public sealed record PostEndpoint(
    string Path,
    bool Admin,
    bool UserAuth,
    JsonObject Body,
    string[] Required,
    string[] Names,
    string[] Passwords)
{
    /// <summary>What a body that is JSON but lacks every field gets: admin endpoints check the token first.</summary>
    public HttpStatusCode EmptyObjectStatus => Admin ? HttpStatusCode.Unauthorized : HttpStatusCode.BadRequest;

    public JsonObject With(string field, JsonNode? value)
    {
        var copy = (JsonObject)Body.DeepClone();
        copy[field] = value?.DeepClone();
        return copy;
    }

    public JsonObject Without(string field)
    {
        var copy = (JsonObject)Body.DeepClone();
        copy.Remove(field);
        return copy;
    }

    public static IReadOnlyList<PostEndpoint> All(FuzzTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var admin = targets.AdminToken;
        var victim = targets.Victim;
        return
        [
            new("/create_user", true, false,
                new JsonObject
                {
                    ["admin_token"] = admin, ["username"] = targets.NewUsername, ["password"] = "a good password",
                    ["tenant_name"] = "fuzz-tenant", ["email"] = "someone@example.org",
                },
                ["username", "password", "tenant_name"], ["username", "tenant_name"], ["password"]),
            new("/update_user", true, false,
                new JsonObject
                {
                    ["admin_token"] = admin, ["username"] = victim, ["email"] = "changed@example.org",
                },
                ["username"], ["username", "tenant_name"], ["password"]),
            new("/get_user", true, false, new JsonObject { ["admin_token"] = admin, ["username"] = victim },
                ["username"], ["username"], []),
            new("/revoke_user", true, false, new JsonObject { ["admin_token"] = admin, ["username"] = victim },
                ["username"], ["username"], []),
            new("/unrevoke_user", true, false, new JsonObject { ["admin_token"] = admin, ["username"] = victim },
                ["username"], ["username"], []),
            new("/list_users", true, false, new JsonObject { ["admin_token"] = admin }, [], [], []),
            new("/create_qr", true, false,
                new JsonObject { ["admin_token"] = admin, ["username"] = victim, ["issuer"] = "Fuzz" },
                ["username", "issuer"], ["username"], []),
            new("/create_totp", true, false, new JsonObject { ["admin_token"] = admin, ["username"] = victim },
                ["username"], ["username"], []),
            new("/login", false, false,
                new JsonObject { ["username"] = targets.Stranger, ["password"] = "some password" },
                ["username", "password"], ["username"], []),
            new("/password_reset", false, false,
                new JsonObject { ["username"] = victim, ["password"] = "a new password", ["totp"] = "123456" },
                ["username", "password", "totp"], ["username"], ["password"]),
            new("/insert", false, true, new JsonObject { ["event"] = "fuzz", ["data"] = new JsonObject { ["n"] = 1 } },
                ["event"], ["event"], []),
        ];
    }
}
