using Expotion.Music.Core.Conductor;

namespace Expotion.Music.Tests;

public sealed class PromptStyleTests
{
    [Theory]
    [InlineData("an upbeat catchy pop song", "pop")]
    [InlineData("heavy rock with distorted guitars", "rock")]
    [InlineData("funky disco groove", "funk")]
    [InlineData("dark techno for the club", "techno")]
    [InlineData("uplifting edm for the club", "electronic")]
    [InlineData("smoky jazz with a saxophone", "jazz")]
    [InlineData("calm ambient drone", "ambient")]
    [InlineData("epic orchestral trailer music", "cinematic")]
    [InlineData("lo-fi hip hop beats to study to", "lofi")]
    [InlineData("Cinematic, with HORNS!", "cinematic")]
    [InlineData("sad slow piano ballad in a minor key", "ballad")]
    [InlineData("hard hitting trap beat for a rapper", "hiphop")]
    [InlineData("an elegant baroque chamber piece", "classical")]
    [InlineData("hot salsa with congas", "latin")]
    [InlineData("bossa nova by the sea", "latin")]
    [InlineData("roots reggae with a one drop", "reggae")]
    [InlineData("brutal thrash metal", "metal")]
    [InlineData("country song with a fiddle", "folk")]
    [InlineData("a twelve bar blues shuffle", "blues")]
    public void Read_StyleWords_ChooseTheStyle(string prompt, string style)
    {
        var reading = PromptStyle.Read(prompt);

        Assert.Equal(style, reading.Style.Name);
        Assert.Contains(style, reading.Reason);
    }

    [Fact]
    public void Read_EachStyleName_ChoosesThatStyle()
    {
        foreach (var style in StyleBook.All)
            Assert.Same(style, PromptStyle.Read($"some {style.Name} please").Style);
    }

    [Theory]
    [InlineData("")]
    [InlineData("zxqv blorp wibble")]
    [InlineData("music for my cat")]
    public void Read_UnknownWords_FallsBackToDefaultStyle(string prompt)
    {
        var reading = PromptStyle.Read(prompt);

        Assert.Same(StyleBook.Default, reading.Style);
        Assert.Contains("default", reading.Reason);
        Assert.Equal("default", reading.TempoSource);
        Assert.Equal(StyleBook.Default.TempoDefault, reading.Bpm);
        Assert.False(reading.TonalityFromPrompt);
    }

    [Theory]
    [InlineData("sad piano ballad", Tonality.Minor)]
    [InlineData("dark and moody pop", Tonality.Minor)]
    [InlineData("happy bright cinematic", Tonality.Major)]
    public void Read_MoodWords_ChooseTonality(string prompt, Tonality tonality)
    {
        var reading = PromptStyle.Read(prompt);

        Assert.Equal(tonality, reading.Tonality);
        Assert.True(reading.TonalityFromPrompt);
    }

    [Fact]
    public void Read_NoMoodWord_UsesTheStyleTonality()
    {
        Assert.Equal(Tonality.Minor, PromptStyle.Read("cinematic").Tonality);
        Assert.Equal(Tonality.Major, PromptStyle.Read("jazz").Tonality);
    }

    [Theory]
    [InlineData("jazz at 140 bpm", 140)]
    [InlineData("rock 95BPM", 95)]
    [InlineData("pop at 300 bpm", 180)]
    public void Read_ExplicitBpm_SetsPromptTempo(string prompt, double bpm)
    {
        var reading = PromptStyle.Read(prompt);

        Assert.Equal(bpm, reading.Bpm);
        Assert.Equal("prompt", reading.TempoSource);
        Assert.True(reading.TempoPriorWidth < 0.5);
    }

    [Fact]
    public void Read_SlowAndFast_MoveWithinTheStyleRange()
    {
        var slow = PromptStyle.Read("slow rock");
        var fast = PromptStyle.Read("fast rock");

        Assert.InRange(slow.Bpm, StyleBook.Rock.TempoMin, StyleBook.Rock.TempoDefault - 1);
        Assert.InRange(fast.Bpm, StyleBook.Rock.TempoDefault + 1, StyleBook.Rock.TempoMax);
        Assert.Equal("prompt", slow.TempoSource);
    }

    [Theory]
    [InlineData("jazz with a trumpet", 56)]
    [InlineData("rock guitar", 30)]
    [InlineData("pop with piano", 0)]
    public void Read_InstrumentWord_SetsTheLead(string prompt, int program)
    {
        Assert.Equal(program, PromptStyle.Read(prompt).Instruments.Lead);
    }

    [Theory]
    [InlineData("jazzz", "jazz")]
    [InlineData("claasical piano", "classical")]
    [InlineData("reggea", "reggae")]
    [InlineData("metall riffs", "metal")]
    [InlineData("cinematik", "cinematic")]
    public void Read_OneEditTypoInALongWord_IsReadAsTheWord(string prompt, string style)
    {
        var reading = PromptStyle.Read(prompt);

        Assert.Equal(style, reading.Style.Name);
        Assert.Contains("read '", reading.Reason);
    }

    [Theory]
    [InlineData("jaz")]
    [InlineData("popp")]
    [InlineData("jazzzz")]
    public void Read_ShortOrTwoEditTypo_IsNotCorrected(string prompt)
    {
        var reading = PromptStyle.Read(prompt);

        Assert.Same(StyleBook.Default, reading.Style);
        Assert.DoesNotContain("read '", reading.Reason);
    }

    [Theory]
    [InlineData("ab", "ba", 1)]
    [InlineData("classical", "claasical", 1)]
    [InlineData("reggae", "reggea", 1)]
    [InlineData("jazz", "jazzzz", 2)]
    [InlineData("", "abc", 3)]
    public void EditDistance_CountsInsertionsDeletionsSubstitutionsAndTranspositions(string a, string b, int distance)
    {
        Assert.Equal(distance, PromptStyle.EditDistance(a, b));
        Assert.Equal(distance, PromptStyle.EditDistance(b, a));
    }

    [Fact]
    public void Read_HalfAndDoubleTime_MoveThePriorAnOctave()
    {
        var half = PromptStyle.Read("hip hop in half time");
        var twice = PromptStyle.Read("ambient, double time");

        Assert.Equal(TempoTracker.MinBpm, half.Bpm);
        Assert.Equal(2 * StyleBook.Ambient.TempoDefault, twice.Bpm);
        Assert.All(new[] { half, twice }, r => Assert.Equal("prompt", r.TempoSource));
        Assert.All(new[] { half, twice }, r => Assert.True(r.TempoPriorWidth < 0.5));
        Assert.Contains("half speed", half.Reason);
        Assert.Contains("double speed", twice.Reason);
    }

    [Fact]
    public void Read_HalfTime_MakesTheTrackerPlayHalfTheMotionTempo()
    {
        var reading = PromptStyle.Read("pop in half time");
        var tracker = new TempoTracker(reading.Bpm, reading.TempoSource, reading.TempoPriorWidth);
        var plain = PromptStyle.Read("pop");
        var free = new TempoTracker(plain.Bpm, plain.TempoSource, plain.TempoPriorWidth);
        foreach (var e in Synthetic.Pulses(128, seconds: 12))
        {
            tracker.Push(e);
            free.Push(e);
        }

        Assert.InRange(tracker.Bpm, 62, 66);
        Assert.InRange(free.Bpm, 124, 132);
    }

    [Theory]
    [InlineData("in D minor", 2, Tonality.Minor)]
    [InlineData("happy song in F# major", 6, Tonality.Major)]
    [InlineData("Bb minor jazz", 10, Tonality.Minor)]
    [InlineData("sad piano in E flat major", 3, Tonality.Major)]
    public void Read_NamedKey_SetsTonicAndMode(string prompt, int tonic, Tonality tonality)
    {
        var reading = PromptStyle.Read(prompt);

        Assert.Equal(tonic, reading.TonicPc);
        Assert.Equal(tonality, reading.Tonality);
        Assert.Equal(new MusicalKey(tonic, tonality), reading.Key(1, prompt));
    }

    public static TheoryData<string, string> BadPrompts => new()
    {
        { "", "empty" },
        { "   \t\n ", "empty" },
        { new string('x', 10_000), "first 2000" },
        { string.Concat(Enumerable.Repeat("funky disco ", 2000)), "first 2000" },
        { "поп музыка для танца", "Latin" },
        { "音楽を作って", "Latin" },
        { "\u0000\uFFFD\uD83C\uDFB5 \u2603", "no words" },
        { "\uD800 lone \uDC00 surrogates \uD800", "default" },
        { "tempo 100000 bpm", "clamped" },
        { "tempo -5 bpm", "clamped" },
    };

    [Theory]
    [MemberData(nameof(BadPrompts))]
    public void Read_BadInput_GivesADefaultStyleAndSaysWhy(string prompt, string why)
    {
        var reading = PromptStyle.Read(prompt);

        Assert.Contains(why, reading.Reason);
        Assert.InRange(reading.Bpm, TempoTracker.MinBpm, TempoTracker.MaxBpm);
        if (!prompt.StartsWith("funky", StringComparison.Ordinal)) Assert.Same(StyleBook.Default, reading.Style);
        else Assert.Same(StyleBook.Funk, reading.Style);
    }

    [Theory]
    [InlineData("pop without drums", "drums")]
    [InlineData("drumless rock", "drums")]
    [InlineData("funk, no bass or drums", "bass")]
    public void Read_Negation_SilencesTheParts(string prompt, string part)
    {
        var reading = PromptStyle.Read(prompt);

        Assert.Null(reading.Instruments.DrumKit);
        if (part == "bass") Assert.Null(reading.Instruments.Bass);
        Assert.Contains($"'no {part}'", reading.Reason);
    }

    [Theory]
    [InlineData("jazzz with sax", "jazz", "'jazzz' as 'jazz'")]
    [InlineData("epic orchestal trailer", "cinematic", "'orchestal' as 'orchestral'")]
    [InlineData("reggea vibes", "reggae", "'reggea' as 'reggae'")]
    [InlineData("clasical music", "classical", "'clasical' as 'classical'")]
    [InlineData("dark techo", "techno", "'techo' as 'techno'")]
    public void Read_SmallTypos_AreReadAsTheWordMeant(string prompt, string style, string note)
    {
        var reading = PromptStyle.Read(prompt);
        Assert.Equal(style, reading.Style.Name);
        Assert.Contains(note, reading.Reason);
    }

    [Fact]
    public void Read_ShortOrAmbiguousUnknownWords_AreNotCorrected()
    {
        // "funny" is one edit from both "funky" and "sunny": left alone; "cat" is too short to correct.
        var reading = PromptStyle.Read("a funny cat");
        Assert.Same(StyleBook.Default, reading.Style);
        Assert.DoesNotContain("read '", reading.Reason);
    }

    [Fact]
    public void Read_NamedInstruments_AreTheOnesThatPlay()
    {
        var reading = PromptStyle.Read("sad piano ballad with strings and upright bass, no drums");
        Assert.Equal("ballad", reading.Style.Name);
        Assert.Equal(0, reading.Instruments.Lead);       // piano
        Assert.True(InstrumentWord.Find("strings")!.Plays(reading.Instruments.Pad));   // strings (the ballad's own slow strings)
        Assert.Equal(32, reading.Instruments.Bass);      // acoustic (upright) bass
        Assert.Null(reading.Instruments.DrumKit);
        Assert.Contains("no drums", reading.Reason);

        var funk = PromptStyle.Read("funk with a trumpet and an organ and slap bass");
        Assert.Equal((56, 16, 36), (funk.Instruments.Lead, funk.Instruments.Comp, funk.Instruments.Bass));
        Assert.NotNull(funk.Instruments.DrumKit);

        var plain = PromptStyle.Read("funk");
        Assert.Equal(StyleBook.Funk.Instruments, plain.Instruments);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("悲しいピアノのバラード", "Latin")]
    [InlineData("грустная музыка", "Latin")]
    public void Read_EmptyOrNonLatin_DefaultsAndSaysWhy(string prompt, string why)
    {
        var reading = PromptStyle.Read(prompt);
        Assert.Same(StyleBook.Default, reading.Style);
        Assert.Contains(why, reading.Reason);
    }

    [Fact]
    public void Read_VeryLongPrompt_ReadsTheStartAndSaysSo()
    {
        var prompt = "dark jazz " + string.Concat(Enumerable.Repeat("lorem ipsum dolor sit amet ", 500));   // > 10,000 characters
        Assert.True(prompt.Length >= 10_000);
        var reading = PromptStyle.Read(prompt);
        Assert.Equal("jazz", reading.Style.Name);
        Assert.Contains($"first {PromptStyle.MaxChars} of {prompt.Length} characters", reading.Reason);

        var settings = Synthetic.Settings(prompt);
        settings.Validate();   // accepted: the conductor reads the start, never refuses nor throws
    }

    [Fact]
    public void Read_HalfAndDoubleTime_SlowOrSpeedTheTempoByAnOctave()
    {
        // Half / double time move the prior an octave (not within the style's range like "slow" / "fast"), clamped to 60..180.
        var half = PromptStyle.Read("half-time hip hop");
        var dbl = PromptStyle.Read("double time hip hop");
        Assert.Equal(Math.Max(TempoTracker.MinBpm, StyleBook.HipHop.TempoDefault / 2.0), half.Bpm);
        Assert.Equal(Math.Min(TempoTracker.MaxBpm, StyleBook.HipHop.TempoDefault * 2.0), dbl.Bpm);
        Assert.Contains("'half time'", half.Reason);
        Assert.Contains("'double time'", dbl.Reason);
    }
}
