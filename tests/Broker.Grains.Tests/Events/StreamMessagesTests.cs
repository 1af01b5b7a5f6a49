namespace Broker.Events;

public sealed class StreamMessagesTests
{
    private static List<StoredEvent> Events(int count, int dataLength) =>
        [.. Enumerable.Range(1, count).Select(id => new StoredEvent(id, "e", new string('x', dataLength)))];

    [Fact]
    public void Split_OfABatch_IsOneMessageWithEveryEvent()
    {
        var events = Events(49, 200);

        var message = Assert.Single(StreamMessages.Split(events));

        Assert.Equal(events, message.Events);
    }

    [Fact]
    public void Split_OfALongRun_GivesPiecesOfAtMostOneHundredEvents_InOrder()
    {
        var events = Events(250, 10);

        var messages = StreamMessages.Split(events).ToList();

        Assert.Equal([100, 100, 50], messages.Select(message => message.Events.Count));
        Assert.Equal(events, messages.SelectMany(message => message.Events));
    }

    [Fact]
    public void Split_OfLargeEvents_KeepsEachPieceWithinABatchPayload()
    {
        var events = Events(100, 64 * 1024);

        var messages = StreamMessages.Split(events).ToList();

        Assert.All(messages, message => Assert.InRange(
            message.Events.Sum(e => e.Name.Length + e.Data.Length), 1, 4 * 1024 * 1024));
        Assert.Equal(events, messages.SelectMany(message => message.Events));
        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public void Split_WithACharacterBudget_FillsEachPieceUpToIt()
    {
        var events = Events(10, 10_000);

        var messages = StreamMessages.Split(events, 40_000).ToList();

        Assert.Equal([3, 3, 3, 1], messages.Select(message => message.Events.Count));
        Assert.Equal(events, messages.SelectMany(message => message.Events));
    }

    [Fact]
    public void Split_OfOneEventLargerThanTheBudget_StillSendsIt_Alone()
    {
        var events = Events(3, 50_000);

        var messages = StreamMessages.Split(events, 40_000).ToList();

        Assert.Equal([1, 1, 1], messages.Select(message => message.Events.Count));
    }

    [Fact]
    public void Split_OfNothing_GivesNoMessage()
    {
        Assert.Empty(StreamMessages.Split([]));
    }
}
