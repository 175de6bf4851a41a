namespace Expotion.Music.Core;

/// <summary>The layout of a condition vector: its schema id, its width and the names of its values.</summary>
/// <param name="MotionEnergyIndex">Index of the scalar motion energy (image widths per second), or -1.</param>
public sealed record ConditionLayout(string SchemaId, int Dims, IReadOnlyList<string> Names, int MotionEnergyIndex)
{
    /// <summary>Index of a named value, or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
            if (Names[i] == name) return i;
        return -1;
    }

    public void Validate()
    {
        if (Dims <= 0)
            throw new InvalidInputException("schema.dims", $"{Dims}; must be positive");
        if (Names.Count != 0 && Names.Count != Dims)
            throw new InvalidInputException("schema.names", $"{Names.Count} names for {Dims} dims");
        if (MotionEnergyIndex >= Dims)
            throw new InvalidInputException("schema.motion_energy_index", $"{MotionEnergyIndex} is not below dims {Dims}");
    }
}
