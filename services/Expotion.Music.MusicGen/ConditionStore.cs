using Expotion.Music.Core;

namespace Expotion.Music.MusicGen;

/// <summary>
/// The 50 Hz condition frames received so far, by index, and the adaptor's view of one window of them: [2, 501, D],
/// frame j of the window at row j in both guidance halves, values copied in order and cut or zero-padded to D, rows
/// not received yet (and the pad row) zero. Indices must go forward; a gap leaves zero rows.
/// </summary>
public sealed class ConditionStore
{
    private readonly List<float[]?> _frames = [];

    /// <summary>One past the highest index received: the frames the generator may run up to.</summary>
    public int Count => _frames.Count;

    public void Add(Condition condition)
    {
        if (condition.Index < 0)
            throw new InvalidInputException("condition.index", $"{condition.Index} is negative");
        if (condition.Index > int.MaxValue / 2)
            throw new InvalidInputException("condition.index", $"{condition.Index} is too large");
        var index = (int)condition.Index;
        if (index < _frames.Count)
            throw new InvalidInputException("condition.index", $"{index} is not after {_frames.Count - 1}: conditions must go forward");
        while (_frames.Count <= index) _frames.Add(null);
        _frames[index] = condition.Values;
    }

    /// <summary>The adaptor input for the window starting at global frame <paramref name="start"/>.</summary>
    public float[] Window(int start, int rows, int dims)
    {
        var half = rows * dims;
        var result = new float[2 * half];
        for (var j = 0; j < rows - 1; j++)
        {
            var g = start + j;
            if (g >= _frames.Count) break;
            if (_frames[g] is not { } values) continue;
            var n = Math.Min(values.Length, dims);
            values.AsSpan(0, n).CopyTo(result.AsSpan(j * dims));
            values.AsSpan(0, n).CopyTo(result.AsSpan(half + j * dims));
        }
        return result;
    }
}
