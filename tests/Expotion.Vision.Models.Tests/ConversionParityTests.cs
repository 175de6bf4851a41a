using System.Diagnostics;
using Expotion.Vision.Models.Faces;
using Expotion.Vision.Models.Imaging;

namespace Expotion.Vision.Models.Tests;

/// <summary>
/// The converted ONNX models against the originals run by the official TensorFlow.js (the reference): the
/// same input tensors, every output compared, the max abs error reported and bounded.
/// </summary>
public sealed class ConversionParityTests(ITestOutputHelper output)
{
    private static readonly Random Rng = new(7);

    [Fact]
    public async Task BlazeFace_OnnxMatchesTfjs_OnRealAndRandomInputs()
    {
        TestAssets.RequireModels(VisionModelStore.BlazeFace);
        var inputs = new List<Array>
        {
            BlazeFaceDetector.Preprocess(TestAssets.LoadImage("astronaut.png"), out _),
            BlazeFaceDetector.Preprocess(TestAssets.LoadImage("face-api-sample2.jpg"), out _),
            RandomFloats(256 * 256 * 3, -1f, 1f),
        };
        await CompareAsync(VisionModelStore.BlazeFace, "float32", [1, 256, 256, 3], inputs, tolerance: 1e-5f);
    }

    [Fact]
    public async Task Emotion_OnnxMatchesTfjs_OnABatchOfFaces()
    {
        TestAssets.RequireModels(VisionModelStore.Emotion);
        var image = TestAssets.LoadImage("astronaut.png");
        var batch = new float[4 * 64 * 64];
        ImageSampler.CropGray(image, 220, 110, 170, 0f, 64, batch.AsSpan(0, 4096), g => (g - 0.5f) * 2f);
        ImageSampler.CropGray(image, 230, 120, 220, 0.2f, 64, batch.AsSpan(4096, 4096), g => (g - 0.5f) * 2f);
        RandomFloats(2 * 4096, -1f, 1f).CopyTo(batch, 2 * 4096);
        await CompareAsync(VisionModelStore.Emotion, "float32", [4, 64, 64, 1], [batch], tolerance: 1e-5f);
    }

    [Fact]
    public async Task MoveNet_OnnxMatchesTfjs_OnRealAndRandomInputs()
    {
        TestAssets.RequireModels(VisionModelStore.MoveNetLightning);
        var real = new float[192 * 192 * 3];
        ImageSampler.Letterbox(TestAssets.LoadImage("astronaut.png"), 192, real, v => v);
        var inputs = new List<Array>
        {
            Array.ConvertAll(real, v => (int)MathF.Round(v)),
            Enumerable.Range(0, 192 * 192 * 3).Select(_ => Rng.Next(256)).ToArray(),
        };
        await CompareAsync(VisionModelStore.MoveNetLightning, "int32", [1, 192, 192, 3], inputs, tolerance: 1e-5f);
    }

    private async Task CompareAsync(string name, string dtype, long[] shape, List<Array> inputs, float tolerance)
    {
        using var model = OnnxModel.Load(TestAssets.Store, name);
        var outputNames = model.OutputNames;
        var reference = await TfjsReference.RunAsync(TestAssets.Store.ModelJson(name), model.InputNames[0], dtype, shape, inputs,
            outputNames, TestContext.Current.CancellationToken);
        for (var i = 0; i < inputs.Count; i++)
        {
            model.Run(model.InputNames[0], inputs[i], shape); // warm-up
            var sw = Stopwatch.StartNew();
            var ours = model.Run(model.InputNames[0], inputs[i], shape);
            var ms = sw.Elapsed.TotalMilliseconds;
            for (var k = 0; k < outputNames.Count; k++)
            {
                var a = ours[outputNames[k]].Values;
                var b = reference[i].Outputs[k];
                Assert.Equal(b.Length, a.Length);
                var maxAbs = 0f;
                var maxRef = 0f;
                for (var j = 0; j < a.Length; j++)
                {
                    maxAbs = Math.Max(maxAbs, MathF.Abs(a[j] - b[j]));
                    maxRef = Math.Max(maxRef, MathF.Abs(b[j]));
                }
                output.WriteLine($"{name} input {i} output {outputNames[k]} [{string.Join(",", ours[outputNames[k]].Shape)}]: max abs error {maxAbs:G3} (max |ref| {maxRef:G4}); ORT {ms:F1} ms, tfjs-{TfjsReference.Backend} {reference[i].Ms:F1} ms");
                Assert.True(maxAbs <= tolerance * Math.Max(1f, maxRef), $"{name} {outputNames[k]} input {i}: max abs error {maxAbs} > {tolerance} × max(1, {maxRef})");
            }
        }
    }

    private static float[] RandomFloats(int n, float lo, float hi) =>
        Enumerable.Range(0, n).Select(_ => lo + (float)Rng.NextDouble() * (hi - lo)).ToArray();
}
