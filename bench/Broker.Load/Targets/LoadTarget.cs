using System.Net;
using System.Text;

namespace Broker.Load.Targets;

/// <summary>How publishers authenticate to Broker; the other targets take no credentials.</summary>
public enum AuthMode
{
    Bearer,
    Basic,
}

/// <summary>What a scenario needs from the server: channels (tenants), the users of each and how to publish.</summary>
/// <param name="Channels">How many channels (Broker tenants, Nchan channels) the run spreads over.</param>
/// <param name="UsersPerChannel">Broker users per tenant; subscribers share them round robin.</param>
public sealed record TargetPlan(int Channels, int UsersPerChannel);

/// <summary>
/// A server under test, as the load tool sees it: the raw request that opens a subscriber's event stream and
/// the HTTP request that publishes an event. Broker, Nchan and the Kestrel ceiling differ only here.
/// </summary>
public abstract class LoadTarget
{
    protected LoadTarget(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        BaseAddress = baseAddress;
        EndPoint = new IPEndPoint(IPAddress.Parse(baseAddress.Host), baseAddress.Port);
    }

    public abstract string Name { get; }

    public Uri BaseAddress { get; }

    public IPEndPoint EndPoint { get; }

    /// <summary>True when the server resumes a stream after the id in <c>Last-Event-ID</c>.</summary>
    public abstract bool Resumes { get; }

    /// <summary>Event ids are whole numbers that grow by one per event of a channel (Broker's promise).</summary>
    public virtual bool HasOrderedIds => false;

    public TargetPlan Plan { get; private set; } = new(1, 1);

    /// <summary>Creates whatever the run needs on the server (users and tokens, fresh channel names).</summary>
    public virtual Task PrepareAsync(HttpClient http, TargetPlan plan, CancellationToken cancellation)
    {
        Plan = plan;
        return Task.CompletedTask;
    }

    /// <summary>The channel of subscriber <paramref name="subscriber"/>.</summary>
    public int ChannelOf(int subscriber) => subscriber % Plan.Channels;

    /// <summary>The bytes of the GET request that opens subscriber <paramref name="subscriber"/>'s stream.</summary>
    public byte[] SubscribeRequest(int subscriber, ReadOnlySpan<byte> lastEventId)
    {
        var text = new StringBuilder()
            .Append("GET ").Append(SubscribePath(subscriber)).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(BaseAddress.Authority).Append("\r\n")
            .Append("Accept: text/event-stream\r\n")
            .Append(SubscribeHeaders(subscriber));
        if (!lastEventId.IsEmpty)
        {
            text.Append("Last-Event-ID: ").Append(Encoding.ASCII.GetString(lastEventId)).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(text.Append("\r\n").ToString());
    }

    /// <summary>The request that publishes <paramref name="data"/> (JSON) to a channel.</summary>
    public abstract HttpRequestMessage PublishRequest(int channel, byte[] data, AuthMode auth);

    protected abstract string SubscribePath(int subscriber);

    /// <summary>Extra header lines, each ending in CRLF.</summary>
    protected virtual string SubscribeHeaders(int subscriber) => string.Empty;

    /// <summary>A name no earlier run used, so a run never sees another's events.</summary>
    protected static string FreshName(string prefix) =>
        prefix + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    public static LoadTarget Create(string kind, Uri baseAddress, string adminToken) => kind switch
    {
        "broker" => new BrokerTarget(baseAddress, adminToken),
        "nchan" => new NchanTarget(baseAddress),
        "ceiling" => new CeilingTarget(baseAddress),
        _ => throw new ArgumentException($"unknown target '{kind}': use broker, nchan or ceiling"),
    };
}
