namespace Expotion.Kernels.Flow;

/// <summary>
/// Parameters of the pyramidal dense Lucas–Kanade flow (<see cref="CpuOpticalFlow"/> and its CUDA twin).
/// </summary>
/// <param name="MaxLevels">Pyramid levels at most, the full-resolution one included; each halves the size.</param>
/// <param name="MinLevelSize">A coarser level is added only while its shorter side keeps at least this many pixels.</param>
/// <param name="Iterations">Gauss–Newton iterations per level.</param>
/// <param name="WindowRadius">Radius of the Gaussian window the per-pixel normal equations are summed over.</param>
/// <param name="WindowSigma">Standard deviation of that window, in pixels.</param>
/// <param name="PreBlurSigma">Gaussian blur of both images before the pyramid, in pixels (0 for none).</param>
/// <param name="Regularization">
/// Tikhonov weight pulling each update towards the current estimate, in (luminance/pixel)²: where the
/// windowed gradient energy is below it (flat or one-directional texture) the flow keeps the coarser level's value.
/// </param>
public sealed record FlowOptions(
    int MaxLevels = 4,
    int MinLevelSize = 12,
    int Iterations = 4,
    int WindowRadius = 5,
    float WindowSigma = 2.5f,
    float PreBlurSigma = 0f,
    float Regularization = 3e-5f)
{
    public static FlowOptions Default { get; } = new();

    public void Validate()
    {
        if (MaxLevels is < 1 or > 12)
            throw new ArgumentOutOfRangeException(nameof(MaxLevels), MaxLevels, "must be 1..12");
        if (MinLevelSize < 4)
            throw new ArgumentOutOfRangeException(nameof(MinLevelSize), MinLevelSize, "must be at least 4");
        if (Iterations is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "must be 1..100");
        if (WindowRadius is < 1 or > 32)
            throw new ArgumentOutOfRangeException(nameof(WindowRadius), WindowRadius, "must be 1..32");
        if (!(WindowSigma > 0f) || float.IsInfinity(WindowSigma))
            throw new ArgumentOutOfRangeException(nameof(WindowSigma), WindowSigma, "must be positive");
        if (!(PreBlurSigma >= 0f) || PreBlurSigma > 8f)
            throw new ArgumentOutOfRangeException(nameof(PreBlurSigma), PreBlurSigma, "must be 0..8");
        if (!(Regularization > 0f) || float.IsInfinity(Regularization))
            throw new ArgumentOutOfRangeException(nameof(Regularization), Regularization, "must be positive");
    }
}
