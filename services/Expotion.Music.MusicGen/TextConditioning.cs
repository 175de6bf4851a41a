using Microsoft.ML.OnnxRuntime;

namespace Expotion.Music.MusicGen;

/// <summary>
/// The encoder side of the decoder's two guidance halves: row 0 holds the prompt's T5 states with its mask, row 1 the
/// same length of zeros with an all-zero mask (the "null" text MusicGen's classifier-free guidance compares with).
/// </summary>
public sealed record TextConditioning(float[] States, long[] Mask, int Tokens, int Dims)
{
    /// <summary>Tokenises <paramref name="prompt"/> and runs the text encoder once.</summary>
    public static TextConditioning Encode(MusicGenModel model, string prompt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var ids = model.Tokenizer.Encode(prompt);
        var length = ids.Length;
        var mask = new long[length];
        Array.Fill(mask, 1L);
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [1, length]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [1, length]);
        using var options = new RunOptions();
        using var registration = cancellationToken.Register(() => options.Terminate = true);
        using var outputs = OrtRun.Cancellable(() => model.TextEncoder.Run(options, ["input_ids", "attention_mask"], [idsValue, maskValue], ["last_hidden_state"]), cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var states = outputs[0].GetTensorDataAsSpan<float>();
        var dims = states.Length / length;
        var both = new float[2 * length * dims];
        states.CopyTo(both);
        var bothMask = new long[2 * length];
        Array.Fill(bothMask, 1L, 0, length);
        return new TextConditioning(both, bothMask, length, dims);
    }
}
