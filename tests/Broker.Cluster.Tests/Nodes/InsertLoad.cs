using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Broker.Cluster.Tests.Nodes;

/// <summary>
/// The fate of one insert of a load: its HTTP status (0 when no gateway took the connection,
/// <see cref="InsertLoad.Broken"/> when the connection broke before the answer) and its id.
/// </summary>
public sealed record InsertOutcome(int Number, int Gateway, int Status, long? Id, string Body, TimeSpan Elapsed);

/// <summary>
/// A bounded insert load: a fixed number of inserts at a fixed rate, alternating over the gateways, each sent on
/// time whether or not earlier ones have been answered, as independent clients would. Event data is
/// <c>{"n":number}</c>, so that every stored event can be traced to the insert that made it.
/// </summary>
public static class InsertLoad
{
    public const string EventName = "load";

    /// <summary>The status of an insert whose connection broke before an answer came.</summary>
    public const int Broken = -1;

    public static string Data(int number) => $$"""{"n":{{number}}}""";

    /// <param name="gateways">The gateways, used in turn; one that refuses connections passes its insert on.</param>
    /// <param name="auth">Credentials of every insert.</param>
    /// <param name="count">How many inserts, numbered from 1.</param>
    /// <param name="perSecond">The rate.</param>
    /// <param name="sent">Called after each insert is sent (not answered), with its number.</param>
    /// <param name="firstNumber">The number of the first insert, so that several loads never repeat data.</param>
    public static async Task<IReadOnlyList<InsertOutcome>> RunAsync(IReadOnlyList<GatewayApi> gateways,
        AuthenticationHeaderValue auth, int count, int perSecond, Func<int, Task>? sent = null, int firstNumber = 1)
    {
        var outcomes = new ConcurrentBag<InsertOutcome>();
        var pending = new List<Task>();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / perSecond));
        for (var number = 1; number <= count; number++)
        {
            var current = firstNumber + number - 1;
            pending.Add(Task.Run(async () => outcomes.Add(await InsertAsync(gateways, auth, current))));
            if (sent is not null)
            {
                await sent(number);
            }

            if (number < count)
            {
                await timer.WaitForNextTickAsync();
            }
        }

        await Task.WhenAll(pending);
        return [.. outcomes.OrderBy(outcome => outcome.Number)];
    }

    private static async Task<InsertOutcome> InsertAsync(IReadOnlyList<GatewayApi> gateways,
        AuthenticationHeaderValue auth, int number)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 0; attempt < gateways.Count; attempt++)
        {
            var gateway = (number + attempt) % gateways.Count;
            try
            {
                var answer = await gateways[gateway].InsertAsync(auth, EventName, Data(number));
                long? id = answer.Status == HttpStatusCode.OK
                    ? long.Parse(answer.Json!["id"]!.GetValue<string>(),
                        System.Globalization.CultureInfo.InvariantCulture)
                    : null;
                return new InsertOutcome(number, gateway, (int)answer.Status, id, answer.Body, clock.Elapsed);
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException)
            {
                // The connection was refused, so no gateway saw the request: a client may send it elsewhere.
            }
            catch (HttpRequestException e)
            {
                // The gateway died with the request in hand: it may or may not be stored, and a client cannot tell.
                return new InsertOutcome(number, gateway, Broken, null, e.Message, clock.Elapsed);
            }
        }

        return new InsertOutcome(number, -1, 0, null, "no gateway accepted the connection", clock.Elapsed);
    }
}
