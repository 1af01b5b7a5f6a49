using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using Broker.Ceiling;
using Microsoft.AspNetCore.Http.Features;

// The ceiling of the benchmarks: the least an SSE server on Kestrel can do. No auth, no storage, no Orleans; one
// stream for everybody; POST /publish formats the body into one frame and offers the same bytes to every stream.
var port = args.Length >= 2 && args[0] == "--port" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8090;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.ListenLocalhost(port);
});
builder.Services.AddSingleton<CeilingHub>();
var app = builder.Build();

app.MapGet("/", () => "ceiling");
app.MapGet("/sse", async (HttpContext context, CeilingHub hub) =>
{
    context.Response.ContentType = "text/event-stream";
    context.Response.Headers.CacheControl = "no-cache";
    context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    var queue = hub.Join();
    try
    {
        var writer = context.Response.BodyWriter;
        await writer.FlushAsync(context.RequestAborted);
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync(context.RequestAborted))
        {
            while (reader.TryRead(out var frame))
            {
                writer.Write(frame);
            }

            if ((await writer.FlushAsync(context.RequestAborted)).IsCompleted)
            {
                break;
            }
        }
    }
    catch (OperationCanceledException)
    {
        // The client left.
    }
    finally
    {
        hub.Leave(queue);
    }
});
app.MapPost("/publish", async (HttpContext context, CeilingHub hub) =>
{
    var body = await context.Request.BodyReader.ReadAtLeastAsync(int.MaxValue, context.RequestAborted)
        .ConfigureAwait(false);
    var id = hub.Publish(body.Buffer.IsSingleSegment ? body.Buffer.FirstSpan : body.Buffer.ToArray());
    context.Request.BodyReader.AdvanceTo(body.Buffer.End);
    return Results.Text($"{{\"id\":\"{id}\"}}", "application/json");
});

Console.WriteLine($"Ceiling listening on http://127.0.0.1:{port}");
await app.RunAsync();
