using Expotion.Music.Core.Conductor;

namespace Expotion.Music.Tests;

public sealed class ArrangementTests
{
    [Fact]
    public void VoiceLeader_Progression_MovesVoicesLittleAndStaysInRange()
    {
        var key = new MusicalKey(0, Tonality.Major);
        var leader = new VoiceLeader(52, 76);
        int[]? previous = null;
        foreach (var symbol in ChordSymbol.ParseProgression("I V vi IV ii7 V7 Imaj7 vi9"))
        {
            var chord = symbol.In(key);
            var voicing = leader.Voice(chord);
            Assert.All(voicing, n => Assert.InRange(n, 52, 76));
            Assert.All(voicing, n => Assert.True(chord.Contains(n % 12), $"{n} not in {chord}"));
            if (previous is not null && previous.Length == voicing.Length)
            {
                var moved = previous.Zip(voicing, (a, b) => Math.Abs(a - b)).Sum();
                Assert.True(moved <= 8, $"{string.Join(',', previous)} -> {string.Join(',', voicing)} moves {moved}");
            }
            previous = voicing;
        }
    }

    [Fact]
    public void MelodyWriter_Phrase_DevelopsOneMotifAndLandsOnChordTones()
    {
        var key = new MusicalKey(2, Tonality.Minor);
        var writer = new MelodyWriter(StyleBook.Pop, new SeededRandom(11));
        var chords = ChordSymbol.ParseProgression("i bVI bIII bVII i bVI bIII bVII").Select(c => c.In(key)).ToArray();
        var bars = chords.Select((c, bar) => writer.PlanBar(bar, c, key, density: 0.6, high: false)).ToArray();

        // Statement and sequence share the motif's rhythm; the cadences end on a long note.
        Assert.Equal(bars[0].Select(n => n.Step), bars[1].Select(n => n.Step));
        Assert.Equal(bars[0].Select(n => n.Step), bars[4].Select(n => n.Step));
        Assert.Equal(8, bars[7][^1].Step);
        Assert.Equal(8, bars[7][^1].Length);
        for (var bar = 0; bar < 8; bar++)
            foreach (var note in bars[bar].Where(n => n.Step % 8 == 0))
                Assert.True(chords[bar].Contains(note.Key % 12), $"bar {bar} step {note.Step}: {note.Key} not in {chords[bar]}");
    }

    [Fact]
    public void MelodyWriter_LowDensity_PlaysFewerNotes()
    {
        var key = new MusicalKey(0, Tonality.Major);
        var chord = ChordSymbol.Parse("I").In(key);
        int Count(double density) => new MelodyWriter(StyleBook.Jazz, new SeededRandom(5)).PlanBar(0, chord, key, density, false).Count;

        Assert.True(Count(0.2) < Count(0.6));
        Assert.True(Count(0.6) <= Count(0.9));
    }

    [Fact]
    public void SeededRandom_SameSeed_SameSequence()
    {
        var a = new SeededRandom(42);
        var b = new SeededRandom(42);
        var c = new SeededRandom(43);
        var sa = Enumerable.Range(0, 8).Select(_ => a.NextUInt64()).ToArray();

        Assert.Equal(sa, Enumerable.Range(0, 8).Select(_ => b.NextUInt64()));
        Assert.NotEqual(sa, Enumerable.Range(0, 8).Select(_ => c.NextUInt64()));
        Assert.Equal(SeededRandom.Hash("prompt"), SeededRandom.Hash("prompt"));
    }
}
