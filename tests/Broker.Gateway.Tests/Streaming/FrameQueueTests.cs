using Broker.Gateway.Streaming;

namespace Broker.Gateway.Tests.Streaming;

public sealed class FrameQueueTests
{
    private static OutgoingFrame Frame(long id) => OutgoingFrame.Watermark(id);

    [Fact]
    public void Frames_AreReadInTheOrderOffered_AcrossGrowthAndWrapAround()
    {
        var queue = new FrameQueue(capacity: 64);
        var read = new List<long>();

        for (var id = 1; id <= 200; id++)
        {
            Assert.True(queue.TryWrite(Frame(id)));
            if (id % 3 == 0)
            {
                while (queue.TryRead(out var frame))
                {
                    read.Add(frame.Id);
                }
            }
        }

        while (queue.TryRead(out var frame))
        {
            read.Add(frame.Id);
        }

        Assert.Equal(Enumerable.Range(1, 200).Select(id => (long)id), read);
    }

    [Fact]
    public void TryWrite_RefusesFramesBeyondTheCapacity_UntilOneIsRead()
    {
        var queue = new FrameQueue(capacity: 5);

        for (var id = 1; id <= 5; id++)
        {
            Assert.True(queue.TryWrite(Frame(id)));
        }

        Assert.False(queue.TryWrite(Frame(6)));
        Assert.True(queue.TryRead(out var first));
        Assert.Equal(1, first.Id);
        Assert.True(queue.TryWrite(Frame(6)));
    }

    [Fact]
    public async Task AWaitingReader_IsWokenByTheNextFrame()
    {
        var queue = new FrameQueue(capacity: 4);

        var waiting = queue.WaitToReadAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        queue.TryWrite(Frame(1));

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(queue.TryRead(out var frame));
        Assert.Equal(1, frame.Id);
    }

    [Fact]
    public async Task End_WakesTheReaderWithFalse_DropsWaitingFrames_AndRefusesMore()
    {
        var queue = new FrameQueue(capacity: 4);
        var waiting = queue.WaitToReadAsync().AsTask();

        queue.End();
        queue.End();

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(queue.TryWrite(Frame(1)));
        Assert.False(queue.TryRead(out _));
        Assert.False(await queue.WaitToReadAsync());
        Assert.True(queue.IsEnded);
    }

    [Fact]
    public async Task End_WithFramesWaiting_EndsAtOnce()
    {
        var queue = new FrameQueue(capacity: 4);
        queue.TryWrite(Frame(1));

        queue.End();

        Assert.False(await queue.WaitToReadAsync());
        Assert.False(queue.TryRead(out _));
    }
}
