using Expotion.Music.Core;
using Expotion.Music.Core.Conductor;

namespace Expotion.Music.Tests;

public sealed class StyleBookTests
{
    public static TheoryData<string> Names => new(StyleBook.All.Select(s => s.Name));

    [Fact]
    public void All_HasTheSixteenRequiredStyles()
    {
        string[] required = ["pop", "rock", "funk", "electronic", "jazz", "ambient", "cinematic", "lofi",
            "ballad", "hiphop", "classical", "latin", "reggae", "metal", "folk", "blues"];
        Assert.Equal(required.Order(), StyleBook.All.Select(s => s.Name).Order());
    }

    [Fact]
    public void Styles_AreDistinguishable_ByInstrumentsAndGroove()
    {
        static string Groove(Style s) => string.Join("|", s.Drums.Basic.OrderBy(l => l.Note).Select(l => $"{l.Note}:{l.Steps}")) + "/" + s.Bass.High + "/" + s.Comp.High;
        var all = StyleBook.All;
        Assert.Equal(all.Count, all.Select(s => s.Instruments).Distinct().Count());
        Assert.Equal(all.Count, all.Select(Groove).Distinct().Count());
        foreach (var a in all)
            foreach (var b in all.Where(b => b != a))
            {
                var (x, y) = (a.Instruments, b.Instruments);
                var differ = new[] { x.Pad != y.Pad, x.Comp != y.Comp, x.Bass != y.Bass, x.Lead != y.Lead, x.DrumKit != y.DrumKit }.Count(d => d);
                Assert.True(differ >= 2, $"{a.Name} and {b.Name} differ in only {differ} of their five instruments");
            }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Style_Renders_WithBeatsAndSound(string name)
    {
        var outputs = await Run.CollectAsync(Synthetic.Settings(name), Synthetic.Pulses(100, 6, amplitude: 0.4));
        Assert.Equal(name, outputs.OfType<StyleEvent>().First().Name);
        Assert.True(outputs.OfType<BeatEvent>().Count() >= 6);
        var audio = outputs.OfType<AudioBlock>().SelectMany(b => b.Samples).ToArray();
        var rms = Math.Sqrt(audio.Average(v => (double)v * v));
        Assert.True(rms > 0.01, $"{name}: rms {rms:F4}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Style_Patterns_AreOneBarOfKnownSteps(string name)
    {
        var style = StyleBook.Find(name)!;
        var drums = style.Drums.Light.Concat(style.Drums.Basic).Concat(style.Drums.Full).Concat(style.Drums.Fill);
        foreach (var lane in drums)
        {
            Assert.Equal(16, lane.Steps.Length);
            Assert.All(lane.Steps, c => Assert.Contains(c, ".oxX"));
            Assert.InRange(lane.Note, 27, 87);
        }
        foreach (var p in new[] { style.Bass.Low, style.Bass.High })
        {
            Assert.Equal(16, p.Length);
            Assert.All(p, c => Assert.Contains(c, ".-Rr58437aw"));
        }
        foreach (var p in new[] { style.Comp.Low, style.Comp.High }.Concat(style.MotifRhythms))
        {
            Assert.Equal(16, p.Length);
            Assert.All(p, c => Assert.Contains(c, ".-xsa"));
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Style_ProgressionsAndRanges_AreValid(string name)
    {
        var style = StyleBook.Find(name)!;
        Assert.NotEmpty(style.MajorProgressions);
        Assert.NotEmpty(style.MinorProgressions);
        foreach (var p in style.MajorProgressions.Concat(style.MinorProgressions))
            Assert.NotEmpty(ChordSymbol.ParseProgression(p));
        Assert.InRange(style.TempoMin, TempoTracker.MinBpm, style.TempoDefault);
        Assert.InRange(style.TempoMax, style.TempoDefault, TempoTracker.MaxBpm);
        var i = style.Instruments;
        Assert.All(new[] { i.Pad, i.Comp, i.Bass, i.Lead, i.DrumKit }, p => Assert.InRange(p, 0, 127));
        Assert.True(style.VoicingHigh - style.VoicingLow >= 12);
    }

    [Theory]
    [InlineData("I", 0, 0, "C")]
    [InlineData("vi", 0, 9, "Am")]
    [InlineData("bVII", 0, 10, "Bb")]
    [InlineData("ii7", 2, 4, "Em7")]
    [InlineData("V7", 9, 4, "E7")]
    [InlineData("Imaj7", 7, 7, "Gmaj7")]
    [InlineData("iim7b5", 9, 11, "Bm7b5")]
    public void ChordSymbol_RomanNumeral_ResolvesInKey(string symbol, int tonic, int rootPc, string name)
    {
        var chord = ChordSymbol.Parse(symbol).In(new MusicalKey(tonic, Tonality.Major));

        Assert.Equal(rootPc, chord.RootPc);
        Assert.Equal(name, chord.Name);
    }

    [Theory]
    [InlineData("X")]
    [InlineData("Vi")]
    [InlineData("Iwhat")]
    public void ChordSymbol_Garbage_ThrowsFormatException(string symbol)
    {
        Assert.Throws<FormatException>(() => ChordSymbol.Parse(symbol));
    }

    [Fact]
    public void MusicalKey_Choose_IsDeterministicAndSpreadsOverTonics()
    {
        Assert.Equal(MusicalKey.Choose(5, "jazz", Tonality.Major), MusicalKey.Choose(5, "jazz", Tonality.Major));
        var tonics = Enumerable.Range(0, 100).Select(s => MusicalKey.Choose((ulong)s, "jazz", Tonality.Major).TonicPc).Distinct();
        Assert.True(tonics.Count() >= 10);
    }
}
