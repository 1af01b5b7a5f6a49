using System.Globalization;
using System.Text.RegularExpressions;
using Broker.Biscuit.Crypto;
using Broker.Biscuit.Datalog;

namespace Broker.Biscuit.Parsing;

/// <summary>Parses terms: literals, variables, sets, arrays and maps.</summary>
internal static partial class TermParser
{
    [GeneratedRegex(@"\G\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    public static bool AtTerm(Cursor c)
    {
        c.SkipSpace();
        var ch = c.Current;
        return ch is '$' or '"' or '{' or '[' or '-' || char.IsAsciiDigit(ch) || c.StartsWith("hex:") ||
               c.AtKeyword("true") || c.AtKeyword("false") || c.AtKeyword("null");
    }

    public static Term Parse(Cursor c)
    {
        c.SkipSpace();
        if (c.Current == '$')
        {
            c.Position++;
            return new VariableTerm(c.Name(allowDigitFirst: true));
        }

        if (c.Current == '"')
        {
            return new StringTerm(c.QuotedString());
        }

        if (c.Current == '[')
        {
            return new ArrayTerm(List(c, "]"));
        }

        if (c.Current == '{')
        {
            return SetOrMap(c);
        }

        if (c.TryConsume("hex:"))
        {
            return Hex(c);
        }

        if (c.TryKeyword("true"))
        {
            return BoolTerm.True;
        }

        if (c.TryKeyword("false"))
        {
            return BoolTerm.False;
        }

        return c.TryKeyword("null") ? NullTerm.Instance : Number(c);
    }

    public static BiscuitPublicKey PublicKey(Cursor c)
    {
        var algorithm = c.Name();
        if (algorithm is not ("ed25519" or "secp256r1"))
        {
            throw c.Error("Expected a public key such as ed25519/<hex>");
        }

        c.Expect("/");
        var start = c.Position;
        while (char.IsAsciiHexDigit(c.Current))
        {
            c.Position++;
        }

        try
        {
            return BiscuitPublicKey.Parse(algorithm + "/" + c.Text[start..c.Position]);
        }
        catch (BiscuitFormatException e)
        {
            throw new DatalogParseException("Invalid public key: " + e.Message, e);
        }
    }

    private static BytesTerm Hex(Cursor c)
    {
        var start = c.Position;
        while (char.IsAsciiHexDigit(c.Current))
        {
            c.Position++;
        }

        var digits = c.Text[start..c.Position];
        if (digits.Length % 2 != 0)
        {
            throw c.Error("Odd number of hex digits");
        }

        return new BytesTerm(Convert.FromHexString(digits));
    }

    private static Term Number(Cursor c)
    {
        c.SkipSpace();
        var date = DatePattern().Match(c.Text, c.Position);
        if (date.Success)
        {
            c.Position += date.Length;
            var instant = DateTimeOffset.Parse(date.Value, CultureInfo.InvariantCulture, DateTimeStyles.None);
            return DateTerm.From(instant);
        }

        var start = c.Position;
        if (c.Current == '-')
        {
            c.Position++;
        }

        while (char.IsAsciiDigit(c.Current))
        {
            c.Position++;
        }

        var text = c.Text[start..c.Position];
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            c.Position = start;
            throw c.Error("Expected a term");
        }

        return new IntegerTerm(value);
    }

    private static List<Term> List(Cursor c, string close)
    {
        c.Position++;
        var items = new List<Term>();
        if (c.TryConsume(close))
        {
            return items;
        }

        do
        {
            items.Add(Parse(c));
        }
        while (c.TryConsume(","));

        c.Expect(close);
        return items;
    }

    private static Term SetOrMap(Cursor c)
    {
        c.Position++;
        if (c.TryConsume(","))
        {
            c.Expect("}");
            return new SetTerm([]);
        }

        if (c.TryConsume("}"))
        {
            return new MapTerm([]);
        }

        var first = Parse(c);
        if (!c.TryConsume(":"))
        {
            var items = new List<Term> { first };
            while (c.TryConsume(","))
            {
                items.Add(Parse(c));
            }

            c.Expect("}");
            if (items.Any(i => i.Kind is TermKind.Variable or TermKind.Set))
            {
                throw c.Error("A set may not contain variables or sets");
            }

            return new SetTerm(items);
        }

        var entries = new List<KeyValuePair<Term, Term>> { new(MapKey(c, first), Parse(c)) };
        while (c.TryConsume(","))
        {
            var key = MapKey(c, Parse(c));
            c.Expect(":");
            entries.Add(new(key, Parse(c)));
        }

        c.Expect("}");
        return new MapTerm(entries);
    }

    private static Term MapKey(Cursor c, Term key) =>
        key is IntegerTerm or StringTerm ? key : throw c.Error("Map keys must be integers or strings");
}
