namespace Expotion.Vision.Models.Faces;

/// <summary>
/// A face found by <see cref="BlazeFaceDetector"/>, in image pixels: the box and six keypoints in BlazeFace's
/// order (0 right eye, 1 left eye — the subject's —, 2 nose tip, 3 mouth centre, 4 right ear tragion,
/// 5 left ear tragion), each as (x, y).
/// </summary>
public sealed record FaceDetection(float Score, float X1, float Y1, float X2, float Y2, float[] Keypoints)
{
    public float Width => X2 - X1;
    public float Height => Y2 - Y1;
    public float CenterX => (X1 + X2) / 2f;
    public float CenterY => (Y1 + Y2) / 2f;

    public (float X, float Y) Keypoint(int index) => (Keypoints[2 * index], Keypoints[2 * index + 1]);

    /// <summary>In-plane rotation (radians): the angle of the line from the right eye to the left eye.</summary>
    public float Roll
    {
        get
        {
            var (rx, ry) = Keypoint(0);
            var (lx, ly) = Keypoint(1);
            return MathF.Atan2(ly - ry, lx - rx);
        }
    }
}
