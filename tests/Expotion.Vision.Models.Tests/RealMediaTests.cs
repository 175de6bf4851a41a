using System.Diagnostics;
using Expotion.Vision.Models.Faces;
using Expotion.Vision.Models.Imaging;
using Expotion.Vision.Models.Pose;

namespace Expotion.Vision.Models.Tests;

/// <summary>Detection, expression and pose on real photos of people (fetched by the setup script).</summary>
public sealed class RealMediaTests(ITestOutputHelper output, RealMediaTests.Models models) : IClassFixture<RealMediaTests.Models>
{
    public sealed class Models : IDisposable
    {
        private readonly Lazy<(BlazeFaceDetector, EmotionClassifier, MoveNetPoseEstimator)> _models = new(() =>
            (BlazeFaceDetector.Load(TestAssets.Store), EmotionClassifier.Load(TestAssets.Store), MoveNetPoseEstimator.Load(TestAssets.Store)));

        public BlazeFaceDetector Faces => Get().Item1;
        public EmotionClassifier Emotion => Get().Item2;
        public MoveNetPoseEstimator Pose => Get().Item3;

        private (BlazeFaceDetector, EmotionClassifier, MoveNetPoseEstimator) Get()
        {
            TestAssets.RequireModels(VisionModelStore.BlazeFace, VisionModelStore.Emotion, VisionModelStore.MoveNetLightning);
            return _models.Value;
        }

        public void Dispose()
        {
            if (!_models.IsValueCreated) return;
            var (a, b, c) = _models.Value;
            a.Dispose();
            b.Dispose();
            c.Dispose();
        }
    }

    private readonly Models _m = models;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Astronaut_OneSmilingFace_KeypointsOnThePerson()
    {
        var image = TestAssets.LoadImage("astronaut.png");
        var faces = _m.Faces.Detect(image, Ct);
        var face = Assert.Single(faces);
        var e = Describe("astronaut.png", image, faces).Single();
        Assert.InRange(face.Score, 0.75f, 1f);
        Assert.InRange(face.CenterX, 200f, 250f); // the face: x 175..280, y 75..185 in the 512² photo
        Assert.InRange(face.CenterY, 100f, 155f);
        Assert.Equal("happy", e.Top);
        Assert.True(e.Probabilities[3] > 0.9f && e.Valence > 0.5f);

        var pose = _m.Pose.Estimate(image, Ct);
        Assert.True(pose.X[BodyPose.Nose] > face.X1 && pose.X[BodyPose.Nose] < face.X2 && pose.Y[BodyPose.Nose] > face.Y1 && pose.Y[BodyPose.Nose] < face.Y2);
        Assert.True(pose.Score[BodyPose.LeftShoulder] > 0.5f && pose.Score[BodyPose.RightShoulder] > 0.5f);
        Assert.True(pose.X[BodyPose.LeftShoulder] > pose.X[BodyPose.RightShoulder]); // facing the camera: her left is on the image's right
        Assert.True(pose.Y[BodyPose.LeftShoulder] > face.Y2 && pose.Y[BodyPose.RightShoulder] > face.Y2);
    }

    [Theory]
    [InlineData("face-api-sample1.jpg", 3, 1)]
    [InlineData("face-api-sample3.jpg", 3, 2)]
    [InlineData("face-api-sample4.jpg", 4, 1)]
    [InlineData("face-api-sample5.jpg", 4, 0)]
    [InlineData("face-api-sample6.jpg", 4, 2)]
    [InlineData("messi5.jpg", 1, 0)]
    public void GroupPhotos_FindEveryFace_AndTheClearSmiles(string file, int faces, int clearSmiles)
    {
        var image = TestAssets.LoadImage(file);
        var found = _m.Faces.Detect(image, Ct);
        var expressions = Describe(file, image, found);
        Assert.Equal(faces, found.Count);
        Assert.True(expressions.Count(e => e.Top == "happy" && e.Probabilities[3] > 0.95f) >= clearSmiles);
        var pose = _m.Pose.Estimate(image, Ct);
        // The single-person pose lands on one of the people: its nose inside (or next to) a detected face.
        Assert.Contains(found, f => Math.Abs(pose.X[BodyPose.Nose] - f.CenterX) < f.Width && Math.Abs(pose.Y[BodyPose.Nose] - f.CenterY) < f.Height);
    }

    [Fact]
    public void NoPerson_NoFace()
    {
        var astronaut = TestAssets.LoadImage("astronaut.png");
        // The lower part of the portrait (suit, flag, no face), and a flat gray frame.
        var rows = astronaut.Pixels.AsSpan(330 * 512 * 3).ToArray();
        Assert.Empty(_m.Faces.Detect(RgbImage.Create(512, 512 - 330, rows), Ct));
        Assert.Empty(_m.Faces.Detect(RgbImage.Create(320, 240, Enumerable.Repeat((byte)128, 320 * 240 * 3).ToArray()), Ct));
    }

    [Fact]
    public async Task ExpressionBatcher_FacesOfConcurrentStreams_ShareOneRun_WithTheSameResults()
    {
        var image = TestAssets.LoadImage("face-api-sample6.jpg");
        var crops = _m.Faces.Detect(image, Ct).Select(f => EmotionClassifier.Crop(image, f)).ToList();
        Assert.True(crops.Count >= 3, $"sample6 should show several faces, found {crops.Count}");
        var alone = crops.Select(c => _m.Emotion.Classify([c], Ct)[0]).ToList();

        // Sixteen streams, each with one face this tick (the photo's faces in turn), submitted at once.
        await using var batcher = new ExpressionBatcher(_m.Emotion, maxBatch: 64, gather: TimeSpan.FromMilliseconds(50));
        var streams = Enumerable.Range(0, 16).Select(s => crops[s % crops.Count]).ToList();
        var results = await Task.WhenAll(streams.Select(c => batcher.ClassifyAsync(c, Ct)));

        output.WriteLine($"16 crops in {batcher.Runs} ONNX Runtime run(s), largest batch {batcher.LargestBatch}");
        Assert.Equal(1, batcher.Runs);
        Assert.Equal(16, batcher.LargestBatch);
        for (var s = 0; s < streams.Count; s++)
        {
            var expected = alone[s % crops.Count].Probabilities;
            for (var k = 0; k < expected.Length; k++) Assert.Equal(expected[k], results[s].Probabilities[k], 1e-5);
        }

        // A cancelled request is dropped; the others of its run still get their answers.
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var dropped = batcher.ClassifyAsync(crops[0], cancelled.Token);
        var kept = batcher.ClassifyAsync(crops[1], Ct);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dropped);
        Assert.Equal(alone[1].Top, (await kept).Top);
        Assert.Throws<ArgumentException>(() => { _ = batcher.ClassifyAsync(new float[10], Ct); });
    }

    private List<Expression> Describe(string file, RgbImage image, IReadOnlyList<FaceDetection> faces)
    {
        var expressions = _m.Emotion.Classify(faces.Select(f => EmotionClassifier.Crop(image, f)).ToList(), Ct).ToList();
        output.WriteLine($"{file} {image.Width}x{image.Height}: {faces.Count} faces");
        for (var i = 0; i < faces.Count; i++)
        {
            var (f, e) = (faces[i], expressions[i]);
            output.WriteLine($"  face {f.Score:F3} box ({f.X1:F0},{f.Y1:F0})-({f.X2:F0},{f.Y2:F0}) -> {e.Top} {e.Probabilities.Max():F3} valence {e.Valence:F2} arousal {e.Arousal:F2}");
        }
        return expressions;
    }
}
