using System.Numerics;

namespace Broker.Load.Metrics;

/// <summary>
/// Counts latencies in microseconds in log-linear buckets: exact below 256 µs, then 128 buckets per power of two
/// (under 0.8 % error). Not thread-safe: each subscriber records into its own and the scenario merges them.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int BucketCount = 4608;

    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    public long MaxMicroseconds { get; private set; }

    public void Record(long microseconds)
    {
        var value = Math.Max(0, microseconds);
        _counts[Math.Min(IndexOf(value), BucketCount - 1)]++;
        Count++;
        if (value > MaxMicroseconds)
        {
            MaxMicroseconds = value;
        }
    }

    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxMicroseconds = Math.Max(MaxMicroseconds, other.MaxMicroseconds);
    }

    /// <summary>The value below which <paramref name="percentile"/> % of the records fall, in microseconds.</summary>
    public double Percentile(double percentile)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(MidpointOf(i), MaxMicroseconds);
            }
        }

        return MaxMicroseconds;
    }

    public LatencySummary Summarize() => new(
        Count,
        Milliseconds(Percentile(50)),
        Milliseconds(Percentile(90)),
        Milliseconds(Percentile(99)),
        Milliseconds(Percentile(99.9)),
        Count == 0 ? double.NaN : MaxMicroseconds / 1000.0);

    private static double Milliseconds(double microseconds) => Math.Round(microseconds / 1000.0, 3);

    private static int IndexOf(long value)
    {
        if (value < 2 * SubBuckets)
        {
            return (int)value;
        }

        var exponent = 63 - BitOperations.LeadingZeroCount((ulong)value) - SubBucketBits;
        return (exponent * SubBuckets) + (int)(value >> exponent);
    }

    private static double MidpointOf(int index)
    {
        if (index < 2 * SubBuckets)
        {
            return index;
        }

        var exponent = (index / SubBuckets) - 1;
        var mantissa = index - (exponent * SubBuckets);
        return ((long)mantissa << exponent) + ((1L << exponent) / 2.0);
    }
}

/// <summary>Latency percentiles in milliseconds.</summary>
public sealed record LatencySummary(long Count, double P50, double P90, double P99, double P999, double Max);
