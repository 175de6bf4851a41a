using System.Text.Json;
using Expotion.Client.Media;
using Microsoft.Playwright;

namespace Expotion.Browser.Tests;

/// <summary>
/// Two live pages in one ensemble session (issue 17), each in its own Chromium with its own fake camera (the sample performer
/// at 120 and at 100 BPM), against `serve all` in this process: both hear the one piece (the same chunks, each at its own
/// pts) and each page lists both members with their motion meters.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EnsemblePageTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const float Timeout = 30_000;

    [Fact]
    public async Task Join_TwoPagesInOneSession_BothHearTheSameChunksAndEachShowsBothMembers()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? "");
        await using var server = await fixture.ServeAsync();
        var slower = await fixture.PerformerCameraAsync(new SamplePerformer(320, 240, fps: 30, seconds: 6, bpm: 100), "swing100");
        var other = await fixture.LaunchAsync(["--use-fake-ui-for-media-stream"], slower);
        try
        {
            var ana = await fixture.Browser.NewPageAsync();
            var ben = await other.NewPageAsync();
            var errors = new List<string>();
            foreach (var page in new[] { ana, ben }) page.PageError += (_, e) => errors.Add(e);

            // Ana joins by the address; Ben types the session into the page's fields.
            await ana.GotoAsync(server.Page + "?session=duo&member=ana&role=rhythm");
            await ana.ClickAsync("#start");
            await WaitAsync(ana, "s.playing && s.session === 'duo'");
            await ben.GotoAsync(server.Page);
            await ben.FillAsync("#session", "duo");
            await ben.FillAsync("#member", "ben");
            await ben.SelectOptionAsync("#role", "energy");
            await ben.ClickAsync("#start");

            foreach (var page in new[] { ana, ben })
                await WaitAsync(page, "s.playing && s.playedMs > 5000 && s.sessionMembers.length === 2 && s.sessionMembers.every(m => m.motion > 0)");

            // Each page lists both members, with their roles and a meter each.
            foreach (var page in new[] { ana, ben })
            {
                var rows = await page.Locator("#members li").AllInnerTextsAsync();
                Assert.Equal(2, rows.Count);
                Assert.Contains(rows, r => r.Contains("ana", StringComparison.Ordinal) && r.Contains("rhythm", StringComparison.Ordinal));
                Assert.Contains(rows, r => r.Contains("ben", StringComparison.Ordinal) && r.Contains("energy", StringComparison.Ordinal));
                Assert.Equal(2, await page.Locator("#members meter").CountAsync());
            }
            Assert.Contains("(you)", (await ana.Locator("#members li[data-member=ana]").InnerTextAsync()), StringComparison.Ordinal);
            Assert.Contains("(you)", (await ben.Locator("#members li[data-member=ben]").InnerTextAsync()), StringComparison.Ordinal);

            // Both hear the same audio: Ben's chunks are Ana's, each at one offset (his time 0 is a later point of the piece).
            var anaChunks = await ChunksAsync(ana);
            var benChunks = await ChunksAsync(ben);
            var anaAt = anaChunks.GroupBy(c => c.Id).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single().Pts);
            var offsets = benChunks.Where(c => anaAt.ContainsKey(c.Id)).Select(c => anaAt[c.Id] - c.Pts).ToList();
            Assert.NotEmpty(offsets);
            var offset = offsets.GroupBy(o => o).MaxBy(g => g.Count())!.Key;
            var benInAnasWindow = benChunks.Where(c => c.Pts + offset >= anaChunks[0].Pts && c.Pts + offset <= anaChunks[^1].Pts).ToList();
            var same = benInAnasWindow.Count(c => anaAt.TryGetValue(c.Id, out var pts) && pts - c.Pts == offset);
            output.WriteLine($"ana {anaChunks.Count} chunks, ben {benChunks.Count}; offset {offset / 1000.0:F0} ms; {same} of {benInAnasWindow.Count} of Ben's chunks in Ana's window are hers at that offset");
            Assert.True(offset >= 0, $"Ben's time 0 is {offset} µs into the piece");
            Assert.True(benInAnasWindow.Count >= 100, $"{benInAnasWindow.Count} chunks in common time");   // 40 ms chunks: 4 s and more
            Assert.True(same >= benInAnasWindow.Count * 0.95, $"{same} of {benInAnasWindow.Count} chunks are the same audio at the same place");
            Assert.Empty(errors);
        }
        finally
        {
            await other.CloseAsync();
        }
    }

    private sealed record Chunk(long Pts, long Id);

    private static async Task<List<Chunk>> ChunksAsync(IPage page)
    {
        var pairs = await page.EvaluateAsync<long[][]>("() => window.expotion.chunkIds");
        return [.. pairs.Select(p => new Chunk(p[0], p[1]))];
    }

    /// <summary>Waits for a condition on the page's state (<c>s</c>); on timeout, says what the page was showing.</summary>
    private static async Task WaitAsync(IPage page, string condition, double timeout = Timeout)
    {
        try
        {
            await page.WaitForFunctionAsync($"() => {{ const s = window.expotion; return !!(s && ({condition})); }}", null,
                new PageWaitForFunctionOptions { Timeout = (float)timeout, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<JsonElement>(
                "() => { const s = { ...window.expotion }; delete s.latenciesMs; delete s.arrivalMs; delete s.events; delete s.chunkIds; delete s.trace; return s; }");
            throw new TimeoutException($"waited {timeout / 1000:F0} s for `{condition}`; the page: {JsonSerializer.Serialize(state)}");
        }
    }
}
