namespace Expotion.Scaling.Tests;

/// <summary>
/// The sending side of a slow-consumer test: a loop that writes as fast as it can while nobody reads the
/// responses, and a count of the writes that completed. <see cref="WaitUntilStalledAsync"/> returns when
/// the loop has finished or has made no progress for a while (held back by the server); the tests then
/// assert on what was written, never on how long anything took.
/// </summary>
internal sealed class SlowConsumer
{
    private long _written;

    public long Written => Interlocked.Read(ref _written);

    public Task SendAsync(int count, Func<int, Task> write) => Task.Run(async () =>
    {
        for (var i = 0; i < count; i++)
        {
            await write(i);
            Interlocked.Increment(ref _written);
        }
    });

    /// <summary>Returns true when <paramref name="sender"/> finished, false when it made no progress for <paramref name="quietFor"/>.</summary>
    public async Task<bool> WaitUntilStalledAsync(Task sender, TimeSpan quietFor, CancellationToken ct)
    {
        var step = TimeSpan.FromMilliseconds(100);
        var last = -1L;
        var quiet = TimeSpan.Zero;
        while (!sender.IsCompleted)
        {
            await Task.WhenAny(sender, Task.Delay(step, ct));
            var now = Written;
            quiet = now == last ? quiet + step : TimeSpan.Zero;
            last = now;
            if (quiet >= quietFor) return false;
        }
        await sender;
        return true;
    }

    /// <summary>Managed memory after a full collection, in bytes.</summary>
    public static long Heap() => GC.GetTotalMemory(forceFullCollection: true);
}
