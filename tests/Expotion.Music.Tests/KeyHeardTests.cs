using Expotion.Music.Core.Conductor;

namespace Expotion.Music.Tests;

/// <summary>The key is established: a Krumhansl–Schmuckler key finder over the notes played hears the key the stream names.</summary>
public sealed class KeyHeardTests
{
    [Fact]
    public void PromptSet_KeyFinderHearsTheNamedTonicAndMode()
    {
        var log = TestContext.Current.TestOutputHelper;
        var prompts = PromptSetTests.Set.Select(r => r.Data.Item1).ToList();
        var heard = 0;
        var total = 0;
        foreach (var prompt in prompts)
            foreach (var seed in new ulong[] { 1, 2, 3 })
            {
                var arranged = Arranged.Of(prompt, seed, bars: 32, level: 0.7);
                var key = arranged.HeardKey();
                total++;
                if (key == arranged.Key) heard++;
                else log?.WriteLine($"'{prompt}' seed {seed}: plays {arranged.Key.Name}, heard {key.Name}");
            }
        log?.WriteLine($"heard in the named key: {heard}/{total}");
        Assert.True(heard >= 0.92 * total, $"{heard}/{total} heard in the named key");
    }
}
