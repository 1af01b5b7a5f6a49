using System.Text;

namespace Broker.Storage;

/// <summary>
/// Turns free-text names into Azure Table keys. Keys may not hold <c>/ \ # ?</c> or control characters, so a
/// name is stored as the lowercase hex of its UTF-8 bytes: always legal, and it sorts like the name's code
/// points, so a range query over keys is a range over names.
/// </summary>
public static class TableKeys
{
    public static string Hex(string name) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(name));

    public static string FromHex(string key) => Encoding.UTF8.GetString(Convert.FromHexString(key));
}
