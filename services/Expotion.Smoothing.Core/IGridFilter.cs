namespace Expotion.Smoothing.Core;

/// <summary>A filter over frames already on the 50 Hz grid; it may hold frames back (look-ahead) and release them on flush.</summary>
internal interface IGridFilter
{
    void Push(long index, float[] values, List<ConditionVector> output);

    void Flush(List<ConditionVector> output);
}
