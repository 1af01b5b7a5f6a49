namespace Broker.Load.Targets;

/// <summary>
/// The minimal Kestrel writer of <c>bench/Broker.Ceiling</c>: one stream for everybody, <c>POST /publish</c>
/// writes the body as one frame to every connection. It keeps nothing, so it cannot resume.
/// </summary>
public sealed class CeilingTarget(Uri baseAddress) : LoadTarget(baseAddress)
{
    public override string Name => "ceiling";

    public override bool Resumes => false;

    public override HttpRequestMessage PublishRequest(int channel, byte[] data, AuthMode auth) =>
        new(HttpMethod.Post, new Uri(BaseAddress, "/publish")) { Content = new ByteArrayContent(data) };

    protected override string SubscribePath(int subscriber) => "/sse";
}
