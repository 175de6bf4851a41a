using Microsoft.ML.OnnxRuntime;

namespace Expotion.Music.MusicGen;

/// <summary>EnCodec's decoder: finished frames (4 codes each) → 32 kHz mono samples, 640 per frame.</summary>
public sealed class CodecDecoder(MusicGenModel model)
{
    /// <summary>Decodes <paramref name="count"/> frames of <paramref name="frames"/> from <paramref name="start"/>.</summary>
    public float[] Decode(IReadOnlyList<int[]> frames, int start, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var codes = new long[DelayPattern.Codebooks * count];
        for (var k = 0; k < DelayPattern.Codebooks; k++)
            for (var f = 0; f < count; f++)
                codes[k * count + f] = frames[start + f][k];
        using var value = OrtValue.CreateTensorValueFromMemory(codes, [1, 1, DelayPattern.Codebooks, count]);
        using var options = new RunOptions();
        using var registration = cancellationToken.Register(() => options.Terminate = true);
        using var outputs = OrtRun.Cancellable(() => model.Codec.Run(options, ["audio_codes"], [value], ["audio_values"]), cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
