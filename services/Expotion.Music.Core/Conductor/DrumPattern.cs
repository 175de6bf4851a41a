namespace Expotion.Music.Core.Conductor;

/// <summary>
/// A style's drums in three densities: <see cref="Light"/> when the performer starts to move, <see cref="Basic"/>
/// for steady motion and <see cref="Full"/> for vigorous motion (which also adds fills and crashes).
/// </summary>
public sealed record DrumPattern(IReadOnlyList<DrumLane> Light, IReadOnlyList<DrumLane> Basic, IReadOnlyList<DrumLane> Full)
{
    /// <summary>The bar-end fill played at the top intensity (snare and toms over the last two beats).</summary>
    public IReadOnlyList<DrumLane> Fill { get; init; } =
    [
        new(38, "........x.o.x.xx"),
        new(48, "..........x....."),
        new(45, "............x.x."),
        new(36, "........x.......")
    ];

    /// <summary>General MIDI: crash cymbal 1.</summary>
    public const int Crash = 49;

    /// <summary>General MIDI: bass drum 1.</summary>
    public const int Kick = 36;
}
