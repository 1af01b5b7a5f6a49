using System.Globalization;
using System.Net;
using Broker.Load.Cli;
using Broker.Load.Metrics;
using Broker.Load.Sse;
using Broker.Load.Targets;

namespace Broker.Load.Scenarios;

/// <summary>What every scenario gets: the target, an HTTP client for it, the options and the watched processes.</summary>
public sealed class RunContext : IDisposable
{
    public RunContext(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        var url = new Uri(options.Text("url", "http://127.0.0.1:8080"));
        if (!IPAddress.TryParse(url.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException("--url must be a loopback address such as http://127.0.0.1:8080");
        }

        Target = LoadTarget.Create(options.Text("target", "broker"), url, options.Text("admin-token", "letmein"));
        Pids = options.All("pid").Select(Pid).ToDictionary(p => p.Name, p => p.Id);
        TimeLimit = options.Seconds("time-limit", 120);
        Reader = options.Text("reads", EpollReader.IsSupported ? "epoll" : "async") switch
        {
            "epoll" when EpollReader.IsSupported => new EpollReader(),
            "epoll" => throw new ArgumentException("--reads epoll needs Linux"),
            "async" => null,
            var other => throw new ArgumentException($"--reads is epoll or async, not '{other}'"),
        };
        Http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(16, options.Whole("in-flight", 64)),
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public Options Options { get; }

    /// <summary>The thread that reads the streams of fan-out subscribers; null with <c>--reads async</c>.</summary>
    public EpollReader? Reader { get; }

    public LoadTarget Target { get; }

    public HttpClient Http { get; }

    public IReadOnlyDictionary<string, int> Pids { get; }

    /// <summary>The longest any one phase (connecting, publishing, draining) may take.</summary>
    public TimeSpan TimeLimit { get; }

    public ProcessWatch Watch() => new(Pids);

    public RunResult NewResult(string scenario) => new() { Scenario = scenario, Target = Target.Name };

    public void Dispose()
    {
        Http.Dispose();
        Reader?.Dispose();
    }

    private static (string Name, int Id) Pid(string text)
    {
        var parts = text.Split('=', 2);
        if (parts.Length != 2 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var id))
        {
            throw new ArgumentException($"--pid takes name=pid, not '{text}'");
        }

        return (parts[0], id);
    }
}
