using System.Diagnostics;
using Expotion.Music.Core.Rendering;

namespace Expotion.Music.Tests;

public sealed class SoundFontRendererTests
{
    private static float[] RenderPhrase(SoundFont font)
    {
        using var renderer = new SoundFontRenderer(font, 32000);
        var output = new float[32000 * 2];
        MidiEvent[][] blocks =
        [
            [MidiEvent.ProgramChange(0, 0, 0), MidiEvent.NoteOn(0, 0, 60, 100), MidiEvent.NoteOn(100, 9, 36, 110), MidiEvent.NoteOn(1000, 0, 64, 90)],
            [MidiEvent.NoteOff(10, 0, 60), MidiEvent.NoteOn(555, 9, 38, 100), MidiEvent.ControlChange(900, 0, 11, 60)],
            [MidiEvent.NoteOff(0, 0, 64)],
        ];
        var chunk = 3200 * 2;
        for (var b = 0; b < 10; b++)
            renderer.Render(output.AsSpan(b * chunk, chunk), 2, b < blocks.Length ? blocks[b] : []);
        return output;
    }

    [Fact]
    public void Render_SameEvents_BitIdenticalAcrossSynths()
    {
        SynthFacts.RequireSynth();
        var font = SoundFont.Open(SoundFontLocator.Default.Locate());

        var a = RenderPhrase(font);
        var b = RenderPhrase(font);

        Assert.True(AudioAnalysis.Rms(a) > 0.005, "the phrase is audible");
        Assert.Equal(a, b);
    }

    [Fact]
    public void Render_NoteAtOffset_StartsNearThatFrame()
    {
        SynthFacts.RequireSynth();
        using var renderer = new SoundFontRenderer(SoundFont.Open(SoundFontLocator.Default.Locate()), 32000, reverb: false);
        var output = new float[3200];

        renderer.Render(output, 1, [MidiEvent.NoteOn(1600, 9, 38, 127)]);

        var first = Array.FindIndex(output, s => Math.Abs(s) > 1e-4f);
        Assert.InRange(first, 1600, 1600 + 64 + 64);
    }

    [Fact]
    public void Open_SecondSynth_LoadsFromTheSharedCache()
    {
        SynthFacts.RequireSynth();
        var font = SoundFont.Open(SoundFontLocator.Default.Locate());
        Assert.Same(font, SoundFont.Open(font.Path));

        var clock = Stopwatch.StartNew();
        using (new SoundFontRenderer(font, 32000)) { }
        var second = clock.Elapsed;

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Path.GetFileName(font.Path)}: first load {font.LoadTime.TotalMilliseconds:0} ms, per-stream synth {second.TotalMilliseconds:0} ms, fluidsynth {FluidSynthLibrary.Version}");
        Assert.True(second < TimeSpan.FromSeconds(2));
    }
}
