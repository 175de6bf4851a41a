using Expotion.Music.Core.Conductor;
using Expotion.Music.Core.Rendering;

namespace Expotion.Music.Tests;

/// <summary>
/// What a prompt's stream plays, as MIDI: the arranger a <c>ConductorSession</c> builds for the prompt
/// (<see cref="Arranger.ForPrompt"/>), driven over a number of bars at a steady motion level.
/// </summary>
internal sealed class Arranged
{
    private const int Rate = 32000;

    public required PromptReading Reading { get; init; }
    public required MusicalKey Key { get; init; }

    /// <summary>Program set on each channel (channel 9: the drum kit).</summary>
    public required IReadOnlyDictionary<int, int> Programs { get; init; }

    /// <summary>Notes per channel: (key, start frame, length in frames, velocity).</summary>
    public required IReadOnlyDictionary<int, List<(int Key, long Start, long Length, int Velocity)>> Notes { get; init; }

    /// <summary>Programs of the channels that play notes (drums excluded).</summary>
    public IEnumerable<int> SoundingPrograms =>
        Notes.Where(n => n.Key != Arranger.DrumChannel && n.Value.Count > 0 && Programs.ContainsKey(n.Key)).Select(n => Programs[n.Key]);

    public bool DrumsPlay => Notes.TryGetValue(Arranger.DrumChannel, out var d) && d.Count > 0;

    public static Arranged Of(string prompt, ulong seed = 7, int bars = 16, double level = 0.85)
    {
        var reading = PromptStyle.Read(prompt);
        var scheduler = new NoteScheduler();
        var arranger = Arranger.ForPrompt(reading, seed, prompt, scheduler);
        arranger.Start(0);
        var period = Rate * 60.0 / reading.Bpm;
        for (var beat = 0; beat < bars * 4; beat++)
            arranger.Beat(new BeatContext(beat, beat / 4, beat % 4, beat * period, period, level));
        var events = new List<MidiEvent>();
        scheduler.TakeUntil(long.MaxValue, 0, events);
        scheduler.ReleaseAll(events);

        var programs = new Dictionary<int, int>();
        var notes = new Dictionary<int, List<(int, long, long, int)>>();
        var open = new Dictionary<(int Channel, int Key), (long Start, int Velocity)>();
        var end = (long)(bars * 4 * period);
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case MidiEventKind.ProgramChange:
                    programs[e.Channel] = e.Data1;
                    break;
                case MidiEventKind.NoteOn when e.Data2 > 0:
                    Close(e.Channel, e.Data1, e.Frame);
                    open[(e.Channel, e.Data1)] = (e.Frame, e.Data2);
                    break;
                case MidiEventKind.NoteOn:
                case MidiEventKind.NoteOff:
                    Close(e.Channel, e.Data1, e.Frame);
                    break;
            }
        }
        foreach (var (channel, key) in open.Keys.ToList()) Close(channel, key, end);
        return new Arranged { Reading = reading, Key = arranger.Key, Programs = programs, Notes = notes };

        void Close(int channel, int key, long frame)
        {
            if (!open.Remove((channel, key), out var on)) return;
            if (!notes.TryGetValue(channel, out var list)) notes[channel] = list = [];
            list.Add((key, on.Start, Math.Max(1, Math.Min(frame, end) - on.Start), on.Velocity));
        }
    }

    /// <summary>
    /// The key a Krumhansl–Schmuckler key finder hears in the pitched notes: the major or minor profile rotation that
    /// correlates best with the duration-weighted pitch-class histogram.
    /// </summary>
    public MusicalKey HeardKey()
    {
        var histogram = new double[12];
        foreach (var (channel, list) in Notes)
        {
            if (channel == Arranger.DrumChannel) continue;
            foreach (var n in list) histogram[n.Key % 12] += n.Length;
        }
        return KeyFinder.Find(histogram);
    }
}
