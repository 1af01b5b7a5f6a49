namespace Broker.Load.Sse;

/// <summary>A growable byte window: bytes are appended at the end and consumed from the front.</summary>
public sealed class ByteBuffer(int initialCapacity)
{
    private byte[] _bytes = new byte[initialCapacity];
    private int _start;
    private int _end;

    public int Length => _end - _start;

    public Span<byte> Span => _bytes.AsSpan(_start, _end - _start);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(_end));
        _end += bytes.Length;
    }

    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    public void Clear() => _start = _end = 0;

    private void Reserve(int count)
    {
        if (_end + count <= _bytes.Length)
        {
            return;
        }

        var length = _end - _start;
        if (length + count <= _bytes.Length)
        {
            _bytes.AsSpan(_start, length).CopyTo(_bytes);
        }
        else
        {
            var grown = new byte[Math.Max(_bytes.Length * 2, length + count)];
            _bytes.AsSpan(_start, length).CopyTo(grown);
            _bytes = grown;
        }

        _start = 0;
        _end = length;
    }
}
