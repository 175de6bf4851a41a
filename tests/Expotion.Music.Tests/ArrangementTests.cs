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

/// <summary>The instruments a prompt names are the programs the arranger sets up and plays; "no drums" leaves channel 10 silent.</summary>
public sealed class PromptInstrumentTests
{
    private static List<Expotion.Music.Core.Rendering.MidiEvent> Arrange(string prompt, int bars = 4)
    {
        var reading = PromptStyle.Read(prompt);
        var notes = new NoteScheduler();
        var arranger = new Arranger(reading.Style, reading.Instruments, new MusicalKey(0, reading.Tonality), new SeededRandom(3), notes);
        arranger.Start(0);
        const double period = 16000;   // 120 BPM at 32 kHz
        for (var b = 0; b < bars * 4; b++)
            arranger.Beat(new BeatContext(b, b / 4, b % 4, b * period, period, Level: 0.9));
        var events = new List<Expotion.Music.Core.Rendering.MidiEvent>();
        notes.TakeUntil((long)(bars * 4 * period), 0, events);
        return events;
    }

    private static int ProgramOn(List<Expotion.Music.Core.Rendering.MidiEvent> events, int channel) =>
        events.First(e => e.Kind == Expotion.Music.Core.Rendering.MidiEventKind.ProgramChange && e.Channel == channel).Data1;

    private static int NotesOn(List<Expotion.Music.Core.Rendering.MidiEvent> events, int channel) =>
        events.Count(e => e.Kind == Expotion.Music.Core.Rendering.MidiEventKind.NoteOn && e.Channel == channel);

    [Fact]
    public void NamedInstruments_PlayOnTheirParts_NoDrums_LeavesTheKitSilent()
    {
        var events = Arrange("rock with a flute and strings, no drums");
        Assert.Equal(73, ProgramOn(events, Arranger.LeadChannel));      // flute
        Assert.Equal(48, ProgramOn(events, Arranger.PadChannel));       // strings
        Assert.True(NotesOn(events, Arranger.LeadChannel) > 0 && NotesOn(events, Arranger.PadChannel) > 0);
        Assert.Equal(0, NotesOn(events, Arranger.DrumChannel));

        var withDrums = Arrange("rock with a flute and strings");
        Assert.True(NotesOn(withDrums, Arranger.DrumChannel) > 0);
        Assert.Equal(StyleBook.Rock.Instruments.Comp, ProgramOn(withDrums, Arranger.CompChannel));
    }
}
