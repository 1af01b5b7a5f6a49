using Broker.Biscuit.Crypto;

namespace Broker.Biscuit.Format;

/// <summary>
/// The strings a block refers to by index: 28 default symbols below 1024, then the symbols the token's
/// first-party blocks (or a third-party block alone) appended.
/// </summary>
internal sealed class SymbolTable
{
    public const int Offset = 1024;

    public static readonly IReadOnlyList<string> Defaults =
    [
        "read", "write", "resource", "operation", "right", "time", "role", "owner", "tenant", "namespace",
        "user", "team", "service", "admin", "email", "group", "member", "ip_address", "client", "client_ip",
        "domain", "path", "version", "cluster", "node", "hostname", "nonce", "query",
    ];

    private static readonly Dictionary<string, int> DefaultIndex =
        Defaults.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);

    private readonly List<string> _symbols = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public int Count => _symbols.Count;

    public IReadOnlyList<string> Symbols => _symbols;

    public SymbolTable Clone()
    {
        var copy = new SymbolTable();
        copy.Extend(_symbols);
        return copy;
    }

    /// <summary>Appends a block's symbols; a symbol already known is a malformed token.</summary>
    public void Extend(IEnumerable<string> symbols)
    {
        foreach (var symbol in symbols)
        {
            if (DefaultIndex.ContainsKey(symbol) || !_index.TryAdd(symbol, _symbols.Count + Offset))
            {
                throw new BiscuitFormatException("A block repeats a symbol already in the symbol table.");
            }

            _symbols.Add(symbol);
        }
    }

    public string Lookup(ulong index)
    {
        if (index < (ulong)Defaults.Count)
        {
            return Defaults[(int)index];
        }

        if (index >= Offset && index - Offset < (ulong)_symbols.Count)
        {
            return _symbols[(int)(index - Offset)];
        }

        throw new BiscuitFormatException($"Unknown symbol index {index}.");
    }

    /// <summary>Returns the index of a symbol, appending it when it is new.</summary>
    public ulong Intern(string symbol)
    {
        if (DefaultIndex.TryGetValue(symbol, out var index) || _index.TryGetValue(symbol, out index))
        {
            return (ulong)index;
        }

        index = _symbols.Count + Offset;
        _symbols.Add(symbol);
        _index.Add(symbol, index);
        return (ulong)index;
    }
}

/// <summary>The public keys that <c>trusting</c> scopes refer to by index.</summary>
internal sealed class PublicKeyTable
{
    private readonly List<BiscuitPublicKey> _keys = [];

    public IReadOnlyList<BiscuitPublicKey> Keys => _keys;

    public PublicKeyTable Clone()
    {
        var copy = new PublicKeyTable();
        copy._keys.AddRange(_keys);
        return copy;
    }

    public void Extend(IEnumerable<BiscuitPublicKey> keys)
    {
        foreach (var key in keys)
        {
            if (_keys.Contains(key))
            {
                throw new BiscuitFormatException("A block repeats a public key already in the key table.");
            }

            _keys.Add(key);
        }
    }

    public BiscuitPublicKey Lookup(long index) =>
        index >= 0 && index < _keys.Count
            ? _keys[(int)index]
            : throw new BiscuitFormatException($"Unknown public key index {index}.");

    public long Intern(BiscuitPublicKey key)
    {
        var index = _keys.IndexOf(key);
        if (index < 0)
        {
            index = _keys.Count;
            _keys.Add(key);
        }

        return index;
    }
}
