namespace Expotion.Kernels.Flow;

/// <summary>
/// Step 2 of the flow pipeline: a Gaussian pyramid, level 0 the image itself and each next level a
/// binomial-blurred, decimated-by-two copy (⌈w/2⌉ x ⌈h/2⌉, coarse pixel i sitting on fine pixel 2i).
/// Buffers are allocated once; <see cref="Build"/> refills them. Not thread-safe.
/// </summary>
public sealed class GaussianPyramid
{
    private readonly GrayImage[] _levels;
    private readonly float[] _tmp;
    private readonly float[]? _preBlur;

    /// <param name="width">Width of level 0.</param>
    /// <param name="height">Height of level 0.</param>
    /// <param name="levels">Number of levels, level 0 included.</param>
    /// <param name="preBlurSigma">
    /// When positive, level 0 is the source blurred by a Gaussian of this standard deviation (pixels): it takes
    /// out the near-Nyquist texture that bilinear warping cannot interpolate, the main sub-pixel bias of the flow.
    /// </param>
    public GaussianPyramid(int width, int height, int levels, float preBlurSigma = 0f)
    {
        GrayImage.CheckedArea(width, height);
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        _levels = new GrayImage[levels];
        for (var l = 0; l < levels; l++)
        {
            _levels[l] = new GrayImage(width, height);
            width = (width + 1) / 2;
            height = (height + 1) / 2;
        }
        _tmp = new float[_levels[0].Width * _levels[0].Height];
        if (preBlurSigma > 0f)
            _preBlur = ImageFilters.GaussianKernel((int)MathF.Ceiling(2.5f * preBlurSigma), preBlurSigma);
    }

    public int LevelCount => _levels.Length;
    public int Width => _levels[0].Width;
    public int Height => _levels[0].Height;

    /// <summary>Level <paramref name="level"/> (0 is full resolution).</summary>
    public GrayImage this[int level] => _levels[level];

    /// <summary>
    /// How many levels a <paramref name="width"/> x <paramref name="height"/> image gets: at most
    /// <paramref name="maxLevels"/>, adding a coarser one while its shorter side keeps <paramref name="minSize"/> pixels.
    /// </summary>
    public static int CountLevels(int width, int height, int maxLevels, int minSize)
    {
        var levels = 1;
        var side = Math.Min(width, height);
        while (levels < maxLevels && (side + 1) / 2 >= minSize)
        {
            side = (side + 1) / 2;
            levels++;
        }
        return levels;
    }

    public void Build(GrayImage source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Width != Width || source.Height != Height)
            throw new ArgumentException($"image is {source.Width}x{source.Height}, the pyramid {Width}x{Height}", nameof(source));
        if (_preBlur is null)
            source.Pixels.AsSpan().CopyTo(_levels[0].Pixels);
        else
            ImageFilters.FilterSeparable(source.Pixels, _levels[0].Pixels, _tmp, Width, Height, _preBlur);
        for (var l = 1; l < _levels.Length; l++)
        {
            var fine = _levels[l - 1];
            ImageFilters.BlurDecimate(fine.Pixels, fine.Width, fine.Height, _levels[l].Pixels, _tmp);
        }
    }
}
