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
}
