using Expotion.Vision.Models;
using Expotion.Vision.Models.Faces;
using Expotion.Vision.Models.Imaging;
using Expotion.Vision.Models.Pose;

namespace Expotion.Vision.Core;

/// <summary>
/// Face and upper-body features for <see cref="PersonFeatureLayout"/>: BlazeFace → aligned crop → emotion
/// (through one <see cref="ExpressionBatcher"/>, so the faces of concurrent streams share ONNX Runtime runs) and
/// MoveNet → arm features. When the models are not there
/// (<see cref="Available"/> false, <see cref="Reason"/> says why) every frame reports "not present".
/// Thread-safe; per-stream state (previous joints for velocities) lives in a <see cref="Tracker"/>.
/// </summary>
public sealed class PersonAnalyzer : IDisposable
{
    private const float MinJointScore = 0.3f;
    private readonly BlazeFaceDetector? _faces;
    private readonly EmotionClassifier? _emotion;
    private readonly MoveNetPoseEstimator? _pose;
    private readonly ExpressionBatcher? _expressions;

    private PersonAnalyzer(BlazeFaceDetector? faces, EmotionClassifier? emotion, MoveNetPoseEstimator? pose, string? reason)
    {
        (_faces, _emotion, _pose, Reason) = (faces, emotion, pose, reason);
        if (emotion is not null) _expressions = new ExpressionBatcher(emotion);
    }

    /// <summary>The expression batcher (its counters say how many runs the faces took), null when unavailable.</summary>
    public ExpressionBatcher? Expressions => _expressions;

    public bool Available => _faces is not null;

    /// <summary>Why the models are not available (null when they are).</summary>
    public string? Reason { get; }

    /// <summary>Loads (converting on first use) the three models; never throws for missing models.</summary>
    public static PersonAnalyzer Create(VisionModelStore store, int intraOpThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(store);
        var missing = store.Missing(VisionModelStore.BlazeFace, VisionModelStore.Emotion, VisionModelStore.MoveNetLightning);
        if (missing.Count > 0)
            return Unavailable($"models {string.Join(", ", missing)} not found in {store.ModelsDirectory} (run scripts/setup-vision-models.sh)");
        try
        {
            return new PersonAnalyzer(BlazeFaceDetector.Load(store, intraOpThreads), EmotionClassifier.Load(store, intraOpThreads),
                MoveNetPoseEstimator.Load(store, intraOpThreads), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Models.Conversion.TfjsConversionException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            return Unavailable($"models could not be loaded: {e.Message}");
        }
    }

    public static PersonAnalyzer Unavailable(string reason) => new(null, null, null, reason);

    /// <summary>Writes the <see cref="PersonFeatureLayout.PersonNames"/> slots of one frame into <paramref name="output"/>.</summary>
    public async ValueTask AnalyzeAsync(RgbImage image, long ptsUs, Tracker tracker, Memory<float> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(tracker);
        output.Span.Clear();
        if (!Available) return;
        var faces = _faces!.Detect(image, cancellationToken);
        if (faces.Count > 0)
        {
            var face = faces.MaxBy(f => f.Width * f.Height)!;
            var expression = await _expressions!.ClassifyAsync(EmotionClassifier.Crop(image, face), cancellationToken).ConfigureAwait(false);
            WriteFace(faces.Count, face, expression, image, output.Span);
        }
        var pose = _pose!.Estimate(image, cancellationToken);
        tracker.Write(pose, image, ptsUs, output.Span[(7 + Expression.Classes.Length + 2)..]);
    }

    private static void WriteFace(int count, FaceDetection face, Expression expression, RgbImage image, Span<float> values)
    {
        var i = 0;
        values[i++] = 1;
        values[i++] = count;
        values[i++] = face.Score;
        values[i++] = face.CenterX / image.Width;
        values[i++] = face.CenterY / image.Height;
        values[i++] = face.Width / image.Width;
        values[i++] = face.Roll;
        foreach (var p in expression.Probabilities) values[i++] = p;
        values[i++] = expression.Valence;
        values[i] = expression.Arousal;
    }

    public void Dispose()
    {
        _expressions?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _faces?.Dispose();
        _emotion?.Dispose();
        _pose?.Dispose();
    }

    /// <summary>One stream's pose history (for velocities). Not thread-safe.</summary>
    public sealed class Tracker
    {
        private static readonly int[] JointIndex = [BodyPose.LeftElbow, BodyPose.RightElbow, BodyPose.LeftWrist, BodyPose.RightWrist];
        private readonly float[] _last = new float[8];
        private long _lastPts = -1;

        internal void Write(BodyPose pose, RgbImage image, long ptsUs, Span<float> v)
        {
            var (ls, rs) = (BodyPose.LeftShoulder, BodyPose.RightShoulder);
            if (pose.Score[ls] < MinJointScore || pose.Score[rs] < MinJointScore)
            {
                _lastPts = -1;
                return;
            }
            var cx = (pose.X[ls] + pose.X[rs]) / 2;
            var cy = (pose.Y[ls] + pose.Y[rs]) / 2;
            // Torso unit: the shoulder width, floored at 2 % of the image width so that far-away people do not blow up.
            var width = MathF.Max(MathF.Sqrt(Sq(pose.X[ls] - pose.X[rs]) + Sq(pose.Y[ls] - pose.Y[rs])), 0.02f * image.Width);
            var i = 0;
            v[i++] = 1;
            v[i++] = cx / image.Width;
            v[i++] = cy / image.Height;
            v[i++] = width / image.Width;
            v[i++] = MathF.Atan2(pose.Y[ls] - pose.Y[rs], pose.X[ls] - pose.X[rs]);
            var seconds = _lastPts >= 0 ? (ptsUs - _lastPts) / 1e6f : 0f;
            var current = new float[8];
            var energy = 0f;
            for (var j = 0; j < 4; j++)
            {
                var k = JointIndex[j];
                var x = (pose.X[k] - cx) / width;
                var y = (pose.Y[k] - cy) / width;
                (current[2 * j], current[2 * j + 1]) = (x, y);
                var (vx, vy) = seconds > 0 ? ((x - _last[2 * j]) / seconds, (y - _last[2 * j + 1]) / seconds) : (0f, 0f);
                v[i++] = x;
                v[i++] = y;
                v[i++] = vx;
                v[i++] = vy;
                energy += MathF.Sqrt(vx * vx + vy * vy) / 4;
            }
            v[i++] = MathF.Sqrt(Sq(current[4] - current[6]) + Sq(current[5] - current[7]));
            v[i++] = -(current[5] + current[7]) / 2;
            v[i] = energy;
            current.CopyTo(_last, 0);
            _lastPts = ptsUs;
        }

        private static float Sq(float x) => x * x;
    }
}
