using System.Runtime.CompilerServices;
using Expotion.Kernels.Flow;

namespace Expotion.Vision.Core;

/// <summary>
/// Video frames in, one <see cref="FeatureVector"/> per frame out (same timestamp), laid out as
/// <see cref="MotionFeatureLayout"/>: dense optical flow between consecutive frames at the analysis width,
/// pooled over the grid, in image widths per second. Validates the stream (timestamps, sizes, formats) and
/// throws <see cref="InvalidInputException"/> on the first bad frame. Thread-safe: each call to
/// <see cref="ExtractAsync"/> owns its buffers, reused from frame to frame.
/// </summary>
public sealed class FeatureExtractor
{
    private readonly IOpticalFlow _flow;
    private readonly PersonAnalyzer? _person;

    public FeatureExtractor(IOpticalFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        _flow = flow;
    }

    /// <summary>With face and pose features appended (<see cref="PersonFeatureLayout"/>); when the analyzer's
    /// models are missing the layout stays the same and every frame reports them "not present".</summary>
    public FeatureExtractor(IOpticalFlow flow, PersonAnalyzer person) : this(flow)
    {
        ArgumentNullException.ThrowIfNull(person);
        _person = person;
    }

    public FeatureLayout Layout(VisionSettings settings) =>
        _person is null ? MotionFeatureLayout.Create(settings) : PersonFeatureLayout.Create(settings);

    public async IAsyncEnumerable<FeatureVector> ExtractAsync(
        VisionSettings settings,
        IAsyncEnumerable<VideoFrame> frames,
        StreamStats stats,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(stats);
        settings.Validate();
        var dims = Layout(settings).Dims;
        var globals = MotionFeatureLayout.GlobalsOffset(settings);
        var personOffset = globals + 3;
        var tracker = new PersonAnalyzer.Tracker();
        var pooler = new GridPooler(settings.GridCols, settings.GridRows, settings.OrientationBins);
        var decoder = new FrameDecoder(settings.AnalysisWidth);
        var rgb = new RgbFrameDecoder();   // one full-size RGB buffer per stream, reused (the models read it during the call)
        await Task.Yield(); // the flow below is CPU work: leave the caller's thread

        IOpticalFlowSession? session = null;
        GrayImage? current = null;   // the session keeps what it needs of the previous frame (its pyramid)
        FlowField? field = null;
        int width = 0, height = 0;
        long lastPts = -1;
        try
        {
            await foreach (var frame in frames.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                ArgumentNullException.ThrowIfNull(frame);
                cancellationToken.ThrowIfCancellationRequested();
                stats.CountIn(frame.PtsUs);
                CheckTimestamp(frame.PtsUs, lastPts);
                decoder.ValidateHeader(frame);
                if (session is null)
                {
                    (width, height) = (frame.Width, frame.Height);
                    var (w, h) = FrameDecoder.AnalysisSize(width, height, settings.AnalysisWidth);
                    session = _flow.CreateSession(w, h);
                    (current, field) = (new GrayImage(w, h), new FlowField(w, h));
                }
                else if (frame.Width != width || frame.Height != height)
                {
                    throw new InvalidInputException("frame.width",
                        $"frame size changed mid-stream: {frame.Width}x{frame.Height} after {width}x{height}");
                }
                decoder.Decode(frame, current!);

                var values = new float[dims];
                if (session.Next(current!, field!))
                {
                    var seconds = (frame.PtsUs - lastPts) / 1e6;
                    var scale = (float)(1.0 / (field!.Width * seconds)); // pixels/frame -> image widths/second
                    var summary = pooler.Pool(field, scale, values);
                    values[globals] = summary.MeanMagnitude;
                    values[globals + 1] = summary.MeanDx;
                    values[globals + 2] = summary.MeanDy;
                }
                if (_person is not null)
                    await _person.AnalyzeAsync(rgb.Decode(frame), frame.PtsUs, tracker, values.AsMemory(personOffset), cancellationToken).ConfigureAwait(false);
                frame.Owner?.Dispose();   // the pixels are read: a pooled buffer goes back
                lastPts = frame.PtsUs;
                stats.CountOut();
                yield return new FeatureVector(frame.PtsUs, values);
            }
        }
        finally
        {
            session?.Dispose();
        }
    }

    private static void CheckTimestamp(long pts, long last)
    {
        if (pts < 0)
            throw new InvalidInputException("frame.pts_us", $"negative timestamp {pts} us");
        if (last >= 0 && pts < last)
            throw new InvalidInputException("frame.pts_us", $"timestamp went backwards: {pts} after {last} us");
        if (last >= 0 && pts == last)
            throw new InvalidInputException("frame.pts_us", $"timestamp repeated: {pts} after {last} us (must strictly increase)");
    }
}
