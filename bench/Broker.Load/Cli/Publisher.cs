using System.Diagnostics;
using System.Text.Json;
using Broker.Load.Metrics;
using Broker.Load.Targets;

namespace Broker.Load.Cli;

/// <summary>How events are published.</summary>
/// <param name="Events">How many, sequence 0 .. Events - 1, spread round robin over the channels.</param>
/// <param name="Rate">Events per second, or null for as fast as <paramref name="InFlight"/> allows.</param>
/// <param name="InFlight">The most requests outstanding at once.</param>
/// <param name="DataBytes">The size of each event's JSON data.</param>
/// <param name="Auth">How Broker publishers authenticate.</param>
/// <param name="TimeLimit">Publishing stops here even if events remain.</param>
public sealed record PublishSettings(int Events, double? Rate, int InFlight, int DataBytes, AuthMode Auth,
    TimeSpan TimeLimit);

/// <summary>
/// What publishing achieved. Ids are those the server answered, per channel (Broker only); acknowledged holds the
/// sequence number of every event whose publish succeeded.
/// </summary>
public sealed record PublishOutcome(int Sent, int Succeeded, int Failed, double Seconds, LatencyHistogram Latency,
    Dictionary<int, int> FailuresByStatus, List<long>[] IdsByChannel, string? FirstError)
{
    public IReadOnlyList<int> Acknowledged { get; init; } = [];
}

/// <summary>Publishes events at a fixed rate or as fast as a bound on requests in flight allows.</summary>
public static class Publisher
{
    public static async Task<PublishOutcome> RunAsync(HttpClient http, LoadTarget target, PublishSettings settings,
        CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(settings);
        var channels = target.Plan.Channels;
        var ids = Enumerable.Range(0, channels).Select(_ => new List<long>()).ToArray();
        var latency = new LatencyHistogram();
        var failures = new Dictionary<int, int>();
        var acknowledged = new List<int>();
        var gate = new Lock();
        using var slots = new SemaphoreSlim(settings.InFlight);
        var succeeded = 0;
        var failed = 0;
        var sent = 0;
        string? firstError = null;
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(settings.TimeLimit.TotalSeconds * Stopwatch.Frequency);
        var pending = new List<Task>();

        for (var sequence = 0; sequence < settings.Events && !cancellation.IsCancellationRequested; sequence++)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                break;
            }

            if (settings.Rate is { } rate)
            {
                await WaitUntilAsync(started + (long)(sequence / rate * Stopwatch.Frequency), cancellation);
            }

            await slots.WaitAsync(cancellation);
            var channel = sequence % channels;
            var request = target.PublishRequest(channel, EventData.Create(sequence, settings.DataBytes), settings.Auth);
            sent++;
            pending.Add(SendAsync(request, channel, sequence));
            if (pending.Count > 4096)
            {
                pending.RemoveAll(task => task.IsCompleted);
            }
        }

        await Task.WhenAll(pending);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new PublishOutcome(sent, succeeded, failed, seconds, latency, failures, ids, firstError)
        {
            Acknowledged = acknowledged,
        };

        async Task SendAsync(HttpRequestMessage request, int channel, int sequence)
        {
            var begun = Stopwatch.GetTimestamp();
            try
            {
                using (request)
                using (var response = await http.SendAsync(request, cancellation))
                {
                    var body = await response.Content.ReadAsByteArrayAsync(cancellation);
                    var took = EventData.Microseconds(begun, Stopwatch.GetTimestamp());
                    lock (gate)
                    {
                        latency.Record(took);
                        if (response.IsSuccessStatusCode)
                        {
                            succeeded++;
                            acknowledged.Add(sequence);
                            if (target.HasOrderedIds && TryReadId(body, out var id))
                            {
                                ids[channel].Add(id);
                            }
                        }
                        else
                        {
                            failed++;
                            var status = (int)response.StatusCode;
                            failures[status] = failures.GetValueOrDefault(status) + 1;
                            firstError ??= $"{status}: {System.Text.Encoding.UTF8.GetString(body)}";
                        }
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                lock (gate)
                {
                    failed++;
                    failures[0] = failures.GetValueOrDefault(0) + 1;
                    firstError ??= e.Message;
                }
            }
            finally
            {
                slots.Release();
            }
        }
    }

    /// <summary>Publishes one event that subscribers count as warm-up, on every channel.</summary>
    public static async Task WarmUpAsync(HttpClient http, LoadTarget target, AuthMode auth,
        CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(target);
        for (var channel = 0; channel < target.Plan.Channels; channel++)
        {
            using var request = target.PublishRequest(channel, EventData.Warmup, auth);
            using var response = await http.SendAsync(request, cancellation);
            response.EnsureSuccessStatusCode();
        }
    }

    private static bool TryReadId(byte[] body, out long id)
    {
        id = 0;
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("id", out var value) &&
                long.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out id);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(long timestamp, CancellationToken cancellation)
    {
        // Timer resolution is about a millisecond; an event up to that late changes no measured figure.
        var left = (timestamp - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
        if (left >= 1)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(left), cancellation);
        }
    }
}
