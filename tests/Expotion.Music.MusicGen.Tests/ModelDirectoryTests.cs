using Expotion.Music.MusicGen.Synthetic;
using Expotion.Onnx;

namespace Expotion.Music.MusicGen.Tests;

/// <summary>What a user sees when the model directory is not usable.</summary>
public sealed class ModelDirectoryTests(TinyModels models) : IClassFixture<TinyModels>
{
    private string CopyOfPlain(string name)
    {
        var dir = models.Scratch(name);
        foreach (var file in Directory.GetFiles(models.Plain))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        return dir;
    }

    [Fact]
    public void Load_NotConfigured_InvalidArgumentNamingTheSetting()
    {
        var ex = Assert.Throws<InvalidInputException>(() => MusicGenModel.Load(new MusicGenOptions()));
        Assert.Equal("config.backend", ex.Field);
        Assert.Contains("Music:MusicGen:ModelDir", ex.Message);
    }

    [Theory]
    [InlineData(ModelDirectory.CodecFile)]
    [InlineData(ModelDirectory.DecoderFile)]
    [InlineData(ModelDirectory.TokenizerJson)]
    public void Load_MissingFile_FileNotFoundNamingIt(string file)
    {
        var dir = CopyOfPlain("missing");
        File.Delete(Path.Combine(dir, file));
        var ex = Assert.Throws<FileNotFoundException>(() => MusicGenModel.Load(TinyModels.Options(dir)));
        Assert.Contains(file, ex.Message);
    }

    [Fact]
    public void Load_DecoderWithoutEncoderMask_InvalidArgumentNamingTheInput()
    {
        var dir = CopyOfPlain("signature");
        File.WriteAllBytes(Path.Combine(dir, ModelDirectory.DecoderFile), Graph(("input_ids", OnnxDataType.Int64, 2), ("encoder_hidden_states", OnnxDataType.Float, 3)));
        var ex = Assert.Throws<InvalidInputException>(() => MusicGenModel.Load(TinyModels.Options(dir)));
        Assert.Contains(ModelDirectory.DecoderFile, ex.Message);
        Assert.Contains("encoder_attention_mask", ex.Message);
    }

    [Fact]
    public void Load_CodecWithFloatCodes_InvalidArgumentNamingTheType()
    {
        var dir = CopyOfPlain("codec-type");
        File.WriteAllBytes(Path.Combine(dir, ModelDirectory.CodecFile), Graph(("audio_codes", OnnxDataType.Float, 4)));
        var ex = Assert.Throws<InvalidInputException>(() => MusicGenModel.Load(TinyModels.Options(dir)));
        Assert.Contains("'audio_codes' is Float; expected Int64", ex.Message);
    }

    [Fact]
    public void Load_TextWidthMismatch_InvalidArgument()
    {
        var dir = CopyOfPlain("width");
        File.WriteAllBytes(Path.Combine(dir, ModelDirectory.TextEncoderFile), Graph(("input_ids", OnnxDataType.Int64, 2), ("attention_mask", OnnxDataType.Int64, 2)));
        var ex = Assert.Throws<InvalidInputException>(() => MusicGenModel.Load(TinyModels.Options(dir)));
        Assert.Contains("last_hidden_state", ex.Message);
    }

    [Fact]
    public async Task Backend_OtherSampleRate_InvalidArgument()
    {
        using var backend = new MusicGenBackend(TinyModels.Options(models.Plain));
        var settings = Streams.Settings() with { SampleRate = 44100 };
        var ex = await Assert.ThrowsAsync<InvalidInputException>(() => Streams.CollectAsync(backend, settings, 5));
        Assert.Equal("sample_rate", ex.Field);
    }

    [Fact]
    public async Task Backend_MissingModel_FailsTheStream_ThenWorksOnceInstalled()
    {
        var dir = models.Scratch("later");
        using var backend = new MusicGenBackend(TinyModels.Options(dir));
        await Assert.ThrowsAsync<FileNotFoundException>(() => Streams.CollectAsync(backend, Streams.Settings(), 5));
        SyntheticModel.Write(dir, SyntheticModelSpec.Tiny());
        Assert.Equal(5 * MusicGenModel.SamplesPerFrame, (await Streams.CollectAsync(backend, Streams.Settings(), 5)).Sum(b => b.Frames));
    }

    /// <summary>A graph with the given inputs, each passed through an Identity to an output of the same name + "_out".</summary>
    private static byte[] Graph(params (string Name, OnnxDataType Type, int Rank)[] inputs)
    {
        var g = new OnnxGraphBuilder();
        foreach (var (name, type, rank) in inputs)
        {
            g.Input(name, type, Enumerable.Repeat(-1L, rank).ToArray());
            g.Node("Identity", [name], name + "_out");
            g.Output(name + "_out", type, Enumerable.Repeat(-1L, rank).ToArray());
        }
        return g.ToModel("wrong", 17, "test", "1", "a graph with the wrong signature");
    }
}
