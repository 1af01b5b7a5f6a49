using System.Diagnostics;

namespace Broker.Cluster.Tests.Shutdown;

/// <summary>
/// SIGTERM to a gateway: it reports itself unready, stops accepting connections, ends its streams at random moments
/// of its drain window (the SSE contract has no room for a <c>retry:</c> field), and exits; its clients resume on
/// the other gateway with <c>Last-Event-ID</c>, which serves on throughout.
/// </summary>
public sealed class GatewayDrainTests(ITestOutputHelper output)
    : ClusterTest(output, new MultiNodeOptions { DrainSeconds = DrainSeconds })
{
    private const int DrainSeconds = 3;

    [Fact]
    public async Task GatewaySigterm_EndsItsStreamsSpreadOverTheDrainWindow_AndTheOtherGatewayKeepsServing()
    {
        var report = new Report(Output, "gateway drain");
        var (_, auth) = await NewUserAsync("drain");
        var start = await Gateways[0].InsertOkAsync(auth, "marker", """{"at":"start"}""");
        var ready = await Gateways[0].SendAsync(HttpMethod.Get, "/healthz/ready");
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (ready.Status, ready.Body));

        var draining = Subscribe(10, auth, start, gatewayOf: _ => 0);
        var staying = Subscribe(2, auth, start, gatewayOf: _ => 1);
        List<Subscriber> subscribers = [.. draining, .. staying];
        try
        {
            await Eventually.True(() => Task.FromResult(subscribers.All(s => s.Connections > 0)),
                "every subscriber to be connected");
            var signalled = Stopwatch.GetTimestamp();
            await Cluster.Gateways[0].SignalTermAsync();

            // Inserts go on through the other gateway while the first one drains.
            var outcomes = await InsertLoad.RunAsync([Gateways[1]], auth, count: 60, perSecond: 10);
            var exitCode = await Cluster.Gateways[0].WaitForExitAsync(TimeSpan.FromSeconds(60));
            var exited = Stopwatch.GetElapsedTime(signalled);

            var end = await InsertMarkerWhenServedAsync(auth, "end");
            await WaitAndStopAsync(subscribers, end);
            var log = await EventLog.ReadAsync(Gateways[1], auth, start, end);

            Assert.Equal(0, exitCode);
            Assert.All(outcomes, outcome => Assert.Equal(200, outcome.Status));
            DeliveryCheck.Verify(outcomes, log, subscribers, report);
            Assert.All(draining, subscriber => Assert.Contains(1, subscriber.GatewaysUsed));
            Assert.All(staying, subscriber => Assert.Equal(1, subscriber.Connections));

            var ends = draining.Select(s => Stopwatch.GetElapsedTime(signalled, s.StreamEnds[0]).TotalSeconds)
                .Order().ToList();
            report.Line($"drain window {DrainSeconds} s: the {draining.Count} streams of gateway 1 ended " +
                $"{string.Join(", ", ends.Select(seconds => seconds.ToString("0.00")))} s after SIGTERM; " +
                $"the gateway exited with code {exitCode} after {exited.TotalSeconds:0.0} s; every client resumed " +
                "on gateway 2, whose own clients never reconnected");
        }
        catch
        {
            Output.WriteLine(Cluster.Logs);
            throw;
        }
        finally
        {
            await DisposeAllAsync(subscribers);
        }
    }
}
