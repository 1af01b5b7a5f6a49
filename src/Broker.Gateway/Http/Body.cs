using System.Diagnostics.CodeAnalysis;
using Broker.Gateway.Auth;
using Broker.Gateway.Configuration;
using Broker.Gateway.Json;

namespace Broker.Gateway.Http;

/// <summary>
/// A request body bound by our own parser: the size limit (413), well-formed JSON (400), the admin token of
/// admin endpoints (401), then the fields (400), in that order, so an unauthenticated caller learns nothing
/// about which fields are valid.
/// </summary>
public sealed class Body<T> where T : class, IRequestBody<T>
{
    private readonly T? _value;
    private readonly ApiError? _error;

    private Body(T? value, ApiError? error)
    {
        _value = value;
        _error = error;
    }

    public bool IsValid([NotNullWhen(true)] out T? value, [NotNullWhen(false)] out ApiError? error)
    {
        value = _value;
        error = _error;
        return _error is null;
    }

    /// <summary>Called by minimal APIs for a parameter of this type.</summary>
    public static async ValueTask<Body<T>> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.RequestServices.GetRequiredService<GatewaySettings>();
        var bytes = await RequestBodyReader.ReadAsync(context.Request, settings.MaxBodyBytes, context.RequestAborted);
        if (bytes is null)
        {
            return Fail(ApiError.TooLarge($"request body is larger than {settings.MaxBodyBytes} bytes"));
        }

        JsonFields fields;
        try
        {
            fields = JsonFields.Parse(bytes);
        }
        catch (RequestException e)
        {
            return Fail(ApiError.BadRequest(e.Message));
        }

        if (T.RequiresAdminToken && !AdminTokenMatches(context, fields))
        {
            return Fail(ApiError.Unauthorized("invalid admin token"));
        }

        try
        {
            return new Body<T>(T.Read(fields), null);
        }
        catch (RequestException e)
        {
            return Fail(ApiError.BadRequest(e.Message));
        }
    }

    private static bool AdminTokenMatches(HttpContext context, JsonFields fields)
    {
        string? token;
        try
        {
            token = fields.OptionalString("admin_token");
        }
        catch (RequestException)
        {
            return false;
        }

        return context.RequestServices.GetRequiredService<AdminToken>().Matches(token);
    }

    private static Body<T> Fail(ApiError error) => new(null, error);
}
