using System.Globalization;

namespace Broker.Load.Cli;

/// <summary><c>--key value</c> arguments; every key read is checked off, so a mistyped key is an error.</summary>
public sealed class Options
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public Options(IEnumerable<string> arguments)
    {
        using var items = arguments.GetEnumerator();
        while (items.MoveNext())
        {
            var key = items.Current;
            if (!key.StartsWith("--", StringComparison.Ordinal) || !items.MoveNext())
            {
                throw new ArgumentException($"expected --key value, got '{key}'");
            }

            if (!_values.TryGetValue(key[2..], out var list))
            {
                _values[key[2..]] = list = [];
            }

            list.Add(items.Current);
        }
    }

    public string Text(string key, string fallback) => Find(key) ?? fallback;

    public string Required(string key) => Find(key) ?? throw new ArgumentException($"--{key} is required");

    public int Whole(string key, int fallback) =>
        Find(key) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public double Number(string key, double fallback) =>
        Find(key) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public double? OptionalNumber(string key) =>
        Find(key) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : null;

    public TimeSpan Seconds(string key, double fallback) => TimeSpan.FromSeconds(Number(key, fallback));

    /// <summary>Every value of a key given several times, such as <c>--pid gateway=123 --pid silo=456</c>.</summary>
    public IReadOnlyList<string> All(string key)
    {
        _read.Add(key);
        return _values.GetValueOrDefault(key) ?? [];
    }

    /// <exception cref="ArgumentException">A key was given that nothing read.</exception>
    public void EnsureAllRead()
    {
        var unknown = _values.Keys.Where(key => !_read.Contains(key)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException("unknown option(s): " + string.Join(", ", unknown.Select(k => "--" + k)));
        }
    }

    private string? Find(string key)
    {
        _read.Add(key);
        return _values.TryGetValue(key, out var list) ? list[^1] : null;
    }
}
