using System.Net.Http.Headers;

namespace Broker.Load.Targets;

/// <summary>
/// nginx with Nchan (see <c>bench/nchan/nchan.conf</c>): <c>POST /pub/&lt;channel&gt;</c> publishes the body,
/// <c>GET /sub/&lt;channel&gt;</c> is an EventSource stream that resumes after <c>Last-Event-ID</c>.
/// </summary>
public sealed class NchanTarget(Uri baseAddress) : LoadTarget(baseAddress)
{
    private string[] _channels = [];

    public override string Name => "nchan";

    public override bool Resumes => true;

    public override Task PrepareAsync(HttpClient http, TargetPlan plan, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var run = FreshName("bench");
        _channels = [.. Enumerable.Range(0, plan.Channels).Select(c => $"{run}c{c}")];
        return base.PrepareAsync(http, plan, cancellation);
    }

    public override HttpRequestMessage PublishRequest(int channel, byte[] data, AuthMode auth) =>
        new(HttpMethod.Post, new Uri(BaseAddress, "/pub/" + _channels[channel]))
        {
            Content = new ByteArrayContent(data) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };

    protected override string SubscribePath(int subscriber) => "/sub/" + _channels[ChannelOf(subscriber)];
}
