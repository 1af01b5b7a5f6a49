using System.Globalization;
using System.Text;

namespace Broker.Biscuit.Parsing;

/// <summary>Position in Datalog text, with the lexical helpers the parser needs.</summary>
internal sealed class Cursor(string text)
{
    public string Text { get; } = text;

    public int Position { get; set; }

    public bool AtEnd => Position >= Text.Length;

    public char Current => AtEnd ? '\0' : Text[Position];

    public char Peek(int offset) => Position + offset < Text.Length ? Text[Position + offset] : '\0';

    public DatalogParseException Error(string message)
    {
        var line = 1 + Text.AsSpan(0, Math.Min(Position, Text.Length)).Count('\n');
        var excerpt = Text.Substring(Position, Math.Min(30, Math.Max(0, Text.Length - Position)));
        return new DatalogParseException(
            string.Create(CultureInfo.InvariantCulture, $"{message} (line {line}, near \"{excerpt}\")"));
    }

    /// <summary>Skips whitespace and <c>//</c> or <c>/* */</c> comments.</summary>
    public void SkipSpace()
    {
        while (!AtEnd)
        {
            if (char.IsWhiteSpace(Current))
            {
                Position++;
            }
            else if (Current == '/' && Peek(1) == '/')
            {
                while (!AtEnd && Current != '\n')
                {
                    Position++;
                }
            }
            else if (Current == '/' && Peek(1) == '*')
            {
                var end = Text.IndexOf("*/", Position + 2, StringComparison.Ordinal);
                Position = end < 0 ? Text.Length : end + 2;
            }
            else
            {
                return;
            }
        }
    }

    public bool StartsWith(string token) => string.CompareOrdinal(Text, Position, token, 0, token.Length) == 0;

    /// <summary>Consumes <paramref name="token"/> (after spaces) if it is next.</summary>
    public bool TryConsume(string token)
    {
        SkipSpace();
        if (!StartsWith(token))
        {
            return false;
        }

        Position += token.Length;
        return true;
    }

    public void Expect(string token)
    {
        if (!TryConsume(token))
        {
            throw Error($"Expected \"{token}\"");
        }
    }

    /// <summary>Consumes a keyword that is not the start of a longer name.</summary>
    public bool TryKeyword(string word)
    {
        SkipSpace();
        if (!StartsWith(word) || IsNameChar(Peek(word.Length)))
        {
            return false;
        }

        Position += word.Length;
        return true;
    }

    /// <summary>Whether <paramref name="word"/> comes next as a whole word, without consuming it.</summary>
    public bool AtKeyword(string word)
    {
        var saved = Position;
        var found = TryKeyword(word);
        Position = saved;
        return found;
    }

    public static bool IsNameStart(char c) => char.IsLetter(c);

    public static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or ':';

    public bool AtName()
    {
        SkipSpace();
        return IsNameStart(Current);
    }

    public string Name(bool allowDigitFirst = false)
    {
        SkipSpace();
        if (!IsNameStart(Current) && !(allowDigitFirst && char.IsAsciiDigit(Current)))
        {
            throw Error("Expected a name");
        }

        var start = Position;
        while (IsNameChar(Current))
        {
            Position++;
        }

        return Text[start..Position];
    }

    public string QuotedString()
    {
        Expect("\"");
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error("Unterminated string");
            }

            var c = Text[Position++];
            if (c == '"')
            {
                return value.ToString();
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            var escaped = AtEnd ? '\0' : Text[Position++];
            value.Append(escaped switch
            {
                '"' => '"',
                '\\' => '\\',
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                _ => throw Error("Unknown escape in string"),
            });
        }
    }
}
