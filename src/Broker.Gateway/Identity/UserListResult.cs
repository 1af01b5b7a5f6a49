using System.Reflection;
using System.Text.Json;
using Broker.Identity;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Broker.Gateway.Identity;

/// <summary>
/// Every user as one JSON array, written page by page as the directory is read, so that memory does not grow
/// with the number of users.
/// </summary>
public sealed class UserListResult(UserPage first, Func<string, Task<UserPage>> next)
    : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";

        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartArray();
        for (var page = first; ; page = await next(page.Next))
        {
            foreach (var user in page.Users)
            {
                JsonSerializer.Serialize(writer, UserBody.From(user), options);
            }

            await writer.FlushAsync(httpContext.RequestAborted);
            if (page.Next is null)
            {
                break;
            }
        }

        writer.WriteEndArray();
        await writer.FlushAsync(httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(
            StatusCodes.Status200OK, typeof(IReadOnlyList<UserBody>), ["application/json"]));
    }
}
