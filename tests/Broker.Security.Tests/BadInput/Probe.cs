namespace Broker.Security.BadInput;

/// <summary>
/// One hostile request and the refusal it must get. Built fresh for each send, since a request message can be
/// sent only once.
/// </summary>
/// <param name="Name">What the request tries, for the failure list.</param>
/// <param name="Expected">The 4xx status the request must get.</param>
/// <param name="Body">The raw body bytes, or null for none.</param>
/// <param name="ContentType">The Content-Type header as sent, or null for none.</param>
/// <param name="Authorization">The Authorization header exactly as sent, or null for none.</param>
/// <param name="Chunked">Send the body without a Content-Length.</param>
/// <param name="ExpectContinue">Send <c>Expect: 100-continue</c> and the body only once the server asks for it.</param>
public sealed record Probe(
    string Name,
    HttpStatusCode Expected,
    HttpMethod Method,
    string Path,
    byte[]? Body = null,
    string? ContentType = "application/json",
    string? Authorization = null,
    bool Chunked = false,
    bool ExpectContinue = false)
{
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            request.Content = Chunked ? new StreamContent(new MemoryStream(Body)) : new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        request.Headers.ExpectContinue = ExpectContinue;
        if (Authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", Authorization);
        }

        return request;
    }

    public override string ToString() => $"{Method} {Path}: {Name}";
}
