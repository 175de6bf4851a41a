using Expotion.Music.Core;
using Expotion.Music.Core.Conductor;

namespace Expotion.Music.Tests;

public sealed class StyleBookTests
{
    public static TheoryData<string> Names => new(StyleBook.All.Select(s => s.Name));

    [Fact]
    public void All_HasTheSeventeenStyles()
    {
        string[] required =
        [
            "pop", "rock", "funk", "electronic", "jazz", "ambient", "cinematic", "lofi",
            "ballad", "hiphop", "classical", "latin", "reggae", "metal", "folk", "blues", "techno",
        ];
        Assert.Equal(required.Order(), StyleBook.All.Select(s => s.Name).Order());
    }

    [Fact]
    public void All_StylesAreDistinguishableByInstrumentsAndGroove()
    {
        foreach (var a in StyleBook.All)
            foreach (var b in StyleBook.All.Where(b => b != a))
            {
                var instruments = !a.Instruments.Equals(b.Instruments);
                var groove = Groove(a) != Groove(b) || a.Bass != b.Bass || a.Comp != b.Comp;
                Assert.True(instruments && groove, $"{a.Name} and {b.Name}: instruments differ {instruments}, groove differs {groove}");
                Assert.True(a.Instruments.Lead != b.Instruments.Lead || a.Instruments.Comp != b.Instruments.Comp
                    || a.Instruments.DrumKit != b.Instruments.DrumKit, $"{a.Name} and {b.Name} share lead, comp and kit");
            }

        static string Groove(Style s) => string.Join("|", s.Drums.Basic.Select(l => $"{l.Note}:{l.Steps}"));
    }

    [Fact]
    public void Styles_DifferInAtLeastTwoInstrumentsAndInTheirGrooves()
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

    [Fact]
    public void SplitStyles_KeepTheirKeywordsOutOfTheParent()
    {
        (string Parent, string Child)[] splits =
            [("rock", "metal"), ("lofi", "hiphop"), ("electronic", "techno"), ("cinematic", "classical"), ("jazz", "blues"), ("jazz", "latin")];
        foreach (var (parent, child) in splits)
        {
            var p = StyleBook.Find(parent)!;
            var c = StyleBook.Find(child)!;
            Assert.Empty(p.Keywords.Intersect(c.Keywords));
            Assert.DoesNotContain(c.Name, p.Keywords.Concat(p.Hints));
        }
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
        Assert.All(new[] { i.Pad, i.Comp, i.Bass, i.Lead }, p => Assert.InRange(p!.Value, 0, 127));
        if (i.DrumKit is { } kit) Assert.InRange(kit, 0, 127);
        Assert.True(style.PhraseBars is 8 or 12);
        Assert.All(style.MajorProgressions.Concat(style.MinorProgressions),
            p => Assert.Equal(0, style.PhraseBars % ChordSymbol.ParseProgression(p).Count));
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
