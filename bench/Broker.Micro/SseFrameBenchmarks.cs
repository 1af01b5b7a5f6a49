using BenchmarkDotNet.Attributes;
using Broker.Events;
using Broker.Gateway.Streaming;

namespace Broker.Micro;

/// <summary>Formatting one event's SSE frame, which a tenant hub does once per event for all its connections.</summary>
public class SseFrameBenchmarks
{
    private StoredEvent _small = null!;
    private StoredEvent _typical = null!;
    private StoredEvent _large = null!;

    [GlobalSetup]
    public void Setup()
    {
        _small = new StoredEvent(42, "ping", "{}");
        _typical = new StoredEvent(1_234_567, "bench", Data(200));
        _large = new StoredEvent(1_234_567, "bench", Data(60 * 1024));
    }

    [Benchmark]
    public byte[] Small() => SseFrame.Format(_small);

    [Benchmark(Baseline = true)]
    public byte[] Typical200Bytes() => SseFrame.Format(_typical);

    [Benchmark]
    public byte[] Large60KiB() => SseFrame.Format(_large);

    private static string Data(int size) => "{\"seq\":1,\"pad\":\"" + new string('x', size - 18) + "\"}";
}
