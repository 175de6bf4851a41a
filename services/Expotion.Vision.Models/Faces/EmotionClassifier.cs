using Expotion.Vision.Models.Imaging;

namespace Expotion.Vision.Models.Faces;

/// <summary>
/// The oarriaga face_classification expression model (mini-Xception, FER-2013: 64×64 gray in −1..1, 7 classes,
/// softmax inside) through ONNX Runtime. The face crop is square, centred between the eyes and the mouth,
/// rotated so that the eyes are level, its side <see cref="CropScale"/> × the detector's box size.
/// <see cref="Classify(IReadOnlyList{float[]}, CancellationToken)"/> runs any number of crops in one call
/// (the batch axis is free), which is how faces of concurrent streams share one ONNX Runtime run.
/// </summary>
public sealed class EmotionClassifier : IDisposable
{
    public const int InputSize = 64;
    public const int InputLength = InputSize * InputSize;
    private readonly OnnxModel _model;

    public EmotionClassifier(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    public static EmotionClassifier Load(VisionModelStore store, int intraOpThreads = 1) =>
        new(OnnxModel.Load(store, VisionModelStore.Emotion, intraOpThreads));

    /// <summary>Crop side relative to the larger side of the BlazeFace box (which spans brows to mouth).</summary>
    public static float CropScale { get; } = 1.25f;

    /// <summary>The aligned 64×64 crop of <paramref name="face"/>, gray, (g − 0.5)·2.</summary>
    public static float[] Crop(RgbImage image, FaceDetection face)
    {
        ArgumentNullException.ThrowIfNull(face);
        var crop = new float[InputLength];
        var (rx, ry) = face.Keypoint(0);
        var (lx, ly) = face.Keypoint(1);
        var (mx, my) = face.Keypoint(3);
        // Centre: midway between the eyes' midpoint and the mouth, nudged up a little towards the forehead.
        var ex = (rx + lx) / 2f;
        var ey = (ry + ly) / 2f;
        var cx = 0.55f * ex + 0.45f * mx;
        var cy = 0.55f * ey + 0.45f * my;
        var side = CropScale * Math.Max(face.Width, face.Height);
        ImageSampler.CropGray(image, cx, cy, side, face.Roll, InputSize, crop, g => (g - 0.5f) * 2f);
        return crop;
    }

    public IReadOnlyList<Expression> Classify(IReadOnlyList<float[]> crops, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crops);
        if (crops.Count == 0) return [];
        var batch = new float[crops.Count * InputLength];
        for (var i = 0; i < crops.Count; i++)
        {
            if (crops[i].Length != InputLength)
                throw new ArgumentException($"crop {i} has {crops[i].Length} values, expected {InputLength}", nameof(crops));
            crops[i].CopyTo(batch, i * InputLength);
        }
        var output = _model.Run(_model.InputNames[0], batch, [crops.Count, InputSize, InputSize, 1], cancellationToken).Values.Single().Values;
        var result = new Expression[crops.Count];
        for (var i = 0; i < crops.Count; i++)
            result[i] = new Expression(output.AsSpan(i * 7, 7).ToArray());
        return result;
    }

    public void Dispose() => _model.Dispose();
}
