using Expotion.Music.Core.Conductor;

namespace Expotion.Music.Tests;

public sealed class PromptStyleTests
{
    [Theory]
    [InlineData("an upbeat catchy pop song", "pop")]
    [InlineData("heavy rock with distorted guitars", "rock")]
    [InlineData("funky disco groove", "funk")]
    [InlineData("dark techno for the club", "electronic")]
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
        Assert.Equal(program, PromptStyle.Read(prompt).LeadProgram);
    }

    [Theory]
    [InlineData("jazzz with sax", "jazz", "'jazzz' as 'jazz'")]
    [InlineData("epic orchestal trailer", "cinematic", "'orchestal' as 'orchestral'")]
    [InlineData("reggea vibes", "reggae", "'reggea' as 'reggae'")]
    [InlineData("clasical music", "classical", "'clasical' as 'classical'")]
    [InlineData("dark techo", "electronic", "'techo' as 'techno'")]
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
        Assert.Equal(48, reading.Instruments.Pad);       // strings
        Assert.Equal(32, reading.Instruments.Bass);      // acoustic (upright) bass
        Assert.False(reading.Drums);
        Assert.Contains("no drums", reading.Reason);

        var funk = PromptStyle.Read("funk with a trumpet and an organ and slap bass");
        Assert.Equal((56, 16, 36), (funk.Instruments.Lead, funk.Instruments.Comp, funk.Instruments.Bass));
        Assert.True(funk.Drums);

        var plain = PromptStyle.Read("funk");
        Assert.Equal(StyleBook.Funk.Instruments, plain.Instruments);
        Assert.Null(plain.LeadProgram);
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
        Assert.Contains($"first {PromptStyle.MaxReadChars} of {prompt.Length} characters", reading.Reason);

        var settings = Synthetic.Settings(prompt);
        settings.Validate();   // accepted: the conductor reads the start, never refuses nor throws
    }

    [Fact]
    public void Read_HalfAndDoubleTime_MoveLikeSlowAndFast()
    {
        var half = PromptStyle.Read("half-time hip hop");
        var dbl = PromptStyle.Read("double time hip hop");
        Assert.InRange(half.Bpm, StyleBook.HipHop.TempoMin, StyleBook.HipHop.TempoDefault - 1);
        Assert.InRange(dbl.Bpm, StyleBook.HipHop.TempoDefault + 1, StyleBook.HipHop.TempoMax);
        Assert.Contains("'halftime'", half.Reason);
    }
}
