using Expotion.Vision.Models.Imaging;

namespace Expotion.Vision.Models.Pose;

/// <summary>
/// Google MoveNet SinglePose Lightning (192×192 int32 RGB in, [1,1,17,3] = (y, x, score) normalised to the
/// input out) through ONNX Runtime. The image is letterboxed (aspect kept, centred), so the coordinates are
/// mapped back through the letterbox.
/// </summary>
public sealed class MoveNetPoseEstimator : IDisposable
{
    public const int InputSize = 192;
    private readonly OnnxModel _model;

    public MoveNetPoseEstimator(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    public static MoveNetPoseEstimator Load(VisionModelStore store, int intraOpThreads = 1) =>
        new(OnnxModel.Load(store, VisionModelStore.MoveNetLightning, intraOpThreads));

    public static int[] Preprocess(RgbImage image, out Letterbox letterbox)
    {
        var values = new float[InputSize * InputSize * 3];
        letterbox = ImageSampler.Letterbox(image, InputSize, values, v => v);
        return Array.ConvertAll(values, v => (int)MathF.Round(v));
    }

    public BodyPose Estimate(RgbImage image, CancellationToken cancellationToken = default)
    {
        var input = Preprocess(image, out var letterbox);
        var output = _model.Run(_model.InputNames[0], input, [1, InputSize, InputSize, 3], cancellationToken).Values.Single().Values;
        var (x, y, s) = (new float[17], new float[17], new float[17]);
        for (var k = 0; k < 17; k++)
        {
            (x[k], y[k]) = letterbox.ToImage(output[3 * k + 1] * InputSize, output[3 * k] * InputSize);
            s[k] = output[3 * k + 2];
        }
        return new BodyPose(x, y, s);
    }

    public void Dispose() => _model.Dispose();
}
