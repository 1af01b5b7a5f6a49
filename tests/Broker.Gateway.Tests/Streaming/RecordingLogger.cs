using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Broker.Gateway.Tests.Streaming;

/// <summary>A logger that keeps the event id and text of every line, for tests that count what was logged.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(EventId Id, string Text)> _lines = new();

    public IReadOnlyList<(EventId Id, string Text)> Lines => [.. _lines];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _lines.Enqueue((eventId, formatter(state, exception)));
    }
}
