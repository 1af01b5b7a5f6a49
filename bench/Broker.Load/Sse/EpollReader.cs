using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Broker.Load.Sse;

/// <summary>
/// Waits on many sockets from one thread with Linux epoll and runs each socket's handler on that thread when it
/// can be read. A frame then costs a share of one <c>epoll_wait</c> and one <c>recv</c>, with no thread-pool hop and
/// no task per read; the runtime's asynchronous sockets cost several times that, enough to make the tool the
/// busiest process of a 50,000 frames/s run on two cores.
/// </summary>
/// <remarks>
/// A socket handed to the reader must be in blocking mode and never have been used asynchronously: an asynchronous
/// call registers it with the runtime's own epoll, which would then wake for every read too. Readiness is
/// level-triggered and a handler reads once, so a read never blocks.
/// </remarks>
public sealed partial class EpollReader : IDisposable
{
    private const int CtlAdd = 1;
    private const int CtlDel = 2;
    private const uint ReadableOrClosed = 0x001 | 0x2000; // EPOLLIN | EPOLLRDHUP
    private const int CloseOnExec = 0x80000;
    private const int Interrupted = 4; // EINTR
    private const int MaxEvents = 256;
    private const int WaitMilliseconds = 200;

    // struct epoll_event is packed on x86-64 (4 + 8 bytes) and 8-byte aligned on the other 64-bit platforms.
    private static readonly int EventBytes = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private readonly int _epoll;
    private readonly ConcurrentDictionary<long, Action> _handlers = new();
    private readonly Thread _thread;
    private long _lastToken;
    private volatile bool _disposed;

    public EpollReader()
    {
        _epoll = EpollCreate(CloseOnExec);
        if (_epoll < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        _thread = new Thread(Loop) { IsBackground = true, Name = "epoll reader" };
        _thread.Start();
    }

    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>The buffer handlers read into; only to be used on the reader's thread, inside a handler.</summary>
    public byte[] Buffer { get; } = new byte[64 * 1024];

    /// <summary>Runs <paramref name="onReadable"/> whenever the socket has data or was closed, until removed.</summary>
    /// <returns>The token that removes it.</returns>
    public long Add(Socket socket, Action onReadable)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var token = Interlocked.Increment(ref _lastToken);
        _handlers[token] = onReadable;
        if (Control(CtlAdd, socket, token) != 0)
        {
            _handlers.TryRemove(token, out _);
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        return token;
    }

    /// <summary>
    /// Stops watching the socket. Must come before the socket is closed: once closed, its descriptor number may be
    /// reused by another socket, which this would then remove.
    /// </summary>
    public void Remove(Socket socket, long token)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _handlers.TryRemove(token, out _);
        _ = Control(CtlDel, socket, token);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _thread.Join();
        _ = Close(_epoll);
    }

    private int Control(int operation, Socket socket, long token)
    {
        Span<byte> entry = stackalloc byte[16];
        entry.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(entry, ReadableOrClosed);
        BinaryPrimitives.WriteInt64LittleEndian(entry[(EventBytes - 8)..], token);
        return EpollCtl(_epoll, operation, (int)socket.Handle, ref MemoryMarshal.GetReference(entry));
    }

    private void Loop()
    {
        var events = new byte[MaxEvents * EventBytes];
        while (!_disposed)
        {
            var ready = EpollWait(_epoll, ref events[0], MaxEvents, WaitMilliseconds);
            if (ready < 0)
            {
                if (Marshal.GetLastPInvokeError() == Interrupted)
                {
                    continue;
                }

                throw new SocketException(Marshal.GetLastPInvokeError());
            }

            for (var i = 0; i < ready; i++)
            {
                var token = BinaryPrimitives.ReadInt64LittleEndian(events.AsSpan((i * EventBytes) + EventBytes - 8, 8));

                // A socket removed after this wait returned may still be listed; its handler is gone by then.
                if (_handlers.TryGetValue(token, out var handler))
                {
                    handler();
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epoll, int operation, int descriptor, ref byte entry);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static partial int EpollWait(int epoll, ref byte events, int maxEvents, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
