using Expotion.Music.Core.Conductor;

namespace Expotion.Music.Tests;

/// <summary>
/// The fixed prompt set: each prompt's style, tonality (and named tonic) and instruments, checked on what the
/// arranger a stream builds for it really plays (programs on the channels that sound), not only on the parse.
/// </summary>
public sealed class PromptSetTests
{
    private static ITestOutputHelper? Log => TestContext.Current.TestOutputHelper;

    /// <summary>prompt, style, tonality ("major"/"minor"), tonic ("" = drawn from the seed), instruments that must sound ("-drums": no drums).</summary>
    public static TheoryData<string, string, string, string, string> Set => new()
    {
        { "sad slow piano ballad in a minor key", "ballad", "minor", "A", "piano" },
        { "happy bright pop song in a major key", "pop", "major", "A", "" },
        { "dark cinematic strings, slow", "cinematic", "minor", "", "strings" },
        { "melancholic lofi hip hop", "lofi", "minor", "", "" },
        { "funky street groove with bass and drums", "funk", "minor", "", "bass drums" },
        { "heavy rock with distorted guitars", "rock", "major", "", "guitar drums" },
        { "fast thrash metal with double kick", "metal", "minor", "", "guitar drums" },
        { "boom bap hip hop beat at 90 bpm", "hiphop", "minor", "", "drums" },
        { "smoky jazz with a saxophone", "jazz", "major", "", "sax" },
        { "bossa nova with nylon guitar and flute", "latin", "minor", "", "nylonguitar flute" },
        { "roots reggae one drop with organ", "reggae", "major", "", "organ drums" },
        { "country train beat with acoustic guitar and fiddle", "folk", "major", "", "acousticguitar fiddle" },
        { "12-bar blues shuffle with harmonica", "blues", "major", "", "harmonica" },
        { "classical string quartet in D major", "classical", "major", "D", "violin cello -drums" },
        { "dark techno for the warehouse", "techno", "minor", "", "drums" },
        { "uplifting edm festival anthem", "electronic", "major", "", "synth" },
        { "calm ambient drone with choir", "ambient", "major", "", "choir" },
        { "epic orchestral trailer music with horns", "cinematic", "minor", "", "horn" },
        { "solo piano", "ballad", "major", "", "piano -drums" },
        { "jazz trio without drums", "jazz", "major", "", "-drums" },
        { "drumless lofi with rhodes", "lofi", "major", "", "epiano -drums" },
        { "claasical music for violin", "classical", "major", "", "violin" },
        { "jazzz with a trumpet", "jazz", "major", "", "trumpet" },
        { "reggea song with a melodica", "reggae", "major", "", "melodica" },
        { "latin salsa with piano and brass in C minor", "latin", "minor", "C", "piano brass" },
        { "folk song with banjo, no drums", "folk", "major", "", "banjo -drums" },
        { "angry metal in E minor", "metal", "minor", "E", "guitar" },
        { "cheerful country in G major", "folk", "major", "G", "" },
        { "just guitar", "rock", "major", "", "guitar -drums" },
        { "ambient electric piano and cello", "ambient", "major", "", "epiano cello" },
        { "", "pop", "major", "", "" },
        { "музыка для танца", "pop", "major", "", "" },
    };

    [Theory]
    [MemberData(nameof(Set))]
    public void PromptSet_StyleTonalityAndInstruments_AreWhatPlays(string prompt, string style, string tonality, string tonic, string instruments)
    {
        var arranged = Arranged.Of(prompt);
        var reading = arranged.Reading;
        Log?.WriteLine($"'{prompt}': {reading.Style.Name}, {arranged.Key.Name}; programs {string.Join(",", arranged.SoundingPrograms)}; {reading.Reason}");

        Assert.Equal(style, reading.Style.Name);
        Assert.Equal(tonality, arranged.Key.Tonality.ToString().ToLowerInvariant());
        if (tonic.Length > 0) Assert.Equal(tonic, MusicalKey.PitchName(arranged.Key.TonicPc));
        foreach (var word in instruments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word == "-drums") { Assert.False(arranged.DrumsPlay, "drums play"); continue; }
            if (word == "drums") { Assert.True(arranged.DrumsPlay, "no drums play"); continue; }
            var instrument = InstrumentWord.Find(word)!;
            Assert.True(arranged.SoundingPrograms.Any(p => instrument.Plays(p)),
                $"no {instrument.Name} among the sounding programs {string.Join(",", arranged.SoundingPrograms)}");
        }
    }

    [Fact]
    public void PromptSet_HasAtLeast24Prompts() => Assert.True(Set.Count >= 24);

    [Fact]
    public void SoloPiano_OnlyPianoPlays()
    {
        var arranged = Arranged.Of("solo piano");

        Assert.False(arranged.DrumsPlay);
        Assert.NotEmpty(arranged.SoundingPrograms);
        Assert.All(arranged.SoundingPrograms, p => Assert.InRange(p, 0, 3));
        Assert.Contains("only piano play", arranged.Reading.Reason);
    }

    [Fact]
    public void NamedInstrument_ChangesTheRenderedProgram()
    {
        var plain = Arranged.Of("ambient");
        var flute = Arranged.Of("ambient with a trumpet");

        Assert.DoesNotContain(56, plain.SoundingPrograms);
        Assert.Contains(56, flute.SoundingPrograms);
        Assert.Equal(56, flute.Programs[Arranger.LeadChannel]);
    }

    [Theory]
    [InlineData("classical")]
    [InlineData("pop without drums")]
    public void NoDrums_TheDrumChannelIsSilentAndHasNoKit(string prompt)
    {
        var arranged = Arranged.Of(prompt);

        Assert.False(arranged.DrumsPlay);
        Assert.False(arranged.Programs.ContainsKey(Arranger.DrumChannel));
    }

    [Fact]
    public void EveryStyle_PlaysItsOwnPrograms()
    {
        foreach (var style in StyleBook.All)
        {
            var arranged = Arranged.Of(style.Name);
            Assert.Same(style, arranged.Reading.Style);
            Assert.Equal(style.Instruments.MelodicPrograms.Order(), arranged.SoundingPrograms.Order());
            Assert.Equal(style.Instruments.DrumKit is not null, arranged.DrumsPlay);
        }
    }
}
