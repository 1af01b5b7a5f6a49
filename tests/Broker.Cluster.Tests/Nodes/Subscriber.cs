using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Broker.Cluster.Tests.Nodes;

/// <summary>
/// A client that keeps one <c>/sse</c> stream open as broker-client or a browser would: when its stream ends or
/// breaks it reconnects with <c>Last-Event-ID</c>, to the same gateway while that one accepts connections and to
/// the next one when it refuses them. It records every frame and every rule a frame broke: an id that is not
/// exactly one more than the previous one is a duplicate, a reordering or a loss.
/// </summary>
public sealed class Subscriber : IAsyncDisposable
{
    private readonly IReadOnlyList<GatewayApi> _gateways;
    private readonly AuthenticationHeaderValue _auth;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Frame> _frames = [];
    private readonly List<string> _violations = [];
    private readonly Task _run;
    private long _lastId;
    private int _gateway;

    /// <param name="name">Names the subscriber in reports.</param>
    /// <param name="gateways">Every gateway of the cluster, in a fixed order.</param>
    /// <param name="gateway">The index of the gateway to connect to first.</param>
    /// <param name="auth">The credentials of every request.</param>
    /// <param name="afterId">The id to resume after on the first connect: every later event must arrive.</param>
    public Subscriber(string name, IReadOnlyList<GatewayApi> gateways, int gateway, AuthenticationHeaderValue auth,
        long afterId)
    {
        Name = name;
        _gateways = gateways;
        _gateway = gateway;
        _auth = auth;
        _lastId = afterId;
        _run = Task.Run(RunAsync);
    }

    public string Name { get; }

    /// <summary>Streams opened (answered 200).</summary>
    public int Connections { get; private set; }

    /// <summary>Gateways this subscriber has been connected to, by index.</summary>
    public HashSet<int> GatewaysUsed { get; } = [];

    /// <summary>Answers other than 200 to a stream request, by status.</summary>
    public Dictionary<int, int> Refusals { get; } = [];

    public long LastId => Interlocked.Read(ref _lastId);

    /// <summary>When each stream ended or broke, by <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
    public List<long> StreamEnds { get; } = [];

    public IReadOnlyList<Frame> Frames
    {
        get
        {
            lock (_gate)
            {
                return [.. _frames];
            }
        }
    }

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    /// <summary>Waits until the subscriber has received every event up to <paramref name="id"/>.</summary>
    public Task WaitForIdAsync(long id, TimeSpan timeout) =>
        Eventually.True(() => Task.FromResult(LastId >= id), $"{Name} to receive event {id} (it has {LastId})",
            timeout);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var failures = 0;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (await StreamOnceAsync())
                {
                    failures = 0;
                    continue;
                }
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException)
            {
                // Refused: this gateway is gone; its clients move on to the next one, as a load balancer would.
                _gateway = (_gateway + 1) % _gateways.Count;
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !_stop.IsCancellationRequested)
            {
                // The stream broke mid-way; reconnect and resume.
                lock (_gate)
                {
                    StreamEnds.Add(System.Diagnostics.Stopwatch.GetTimestamp());
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }

            // A client's reconnect back-off, short so that the tests do not wait on it.
            failures++;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100 * failures, 1000)), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <returns>True when a stream was opened and later ended; false when it was refused.</returns>
    private async Task<bool> StreamOnceAsync()
    {
        var gateway = _gateways[_gateway];
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sse");
        request.Headers.Authorization = _auth;
        if (LastId > 0)
        {
            request.Headers.Add("Last-Event-ID", LastId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead,
            _stop.Token);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            lock (_gate)
            {
                Refusals[(int)response.StatusCode] = Refusals.GetValueOrDefault((int)response.StatusCode) + 1;
            }

            return false;
        }

        Connections++;
        GatewaysUsed.Add(_gateway);
        await using var body = await response.Content.ReadAsStreamAsync(_stop.Token);
        var frames = new SseFrames();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, _stop.Token)) > 0)
        {
            foreach (var frame in frames.Add(buffer.AsSpan(0, read)))
            {
                Accept(frame);
            }
        }

        lock (_gate)
        {
            StreamEnds.Add(System.Diagnostics.Stopwatch.GetTimestamp());
        }

        return true;
    }

    private void Accept(Frame frame)
    {
        lock (_gate)
        {
            var expected = _lastId + 1;
            if (frame.Id != expected)
            {
                _violations.Add(frame.Id < expected
                    ? $"{Name}: event {frame.Id} again or out of order after {_lastId}"
                    : $"{Name}: events {expected} to {frame.Id - 1} missing before {frame.Id}");
            }

            _frames.Add(frame);
            _lastId = Math.Max(_lastId, frame.Id);
        }
    }
}
