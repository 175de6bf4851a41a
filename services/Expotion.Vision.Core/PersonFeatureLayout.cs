using Expotion.Vision.Models.Faces;

namespace Expotion.Vision.Core;

/// <summary>
/// The layout <c>expotion.motion+face+pose.v1</c>: every value of <see cref="MotionFeatureLayout"/> at the
/// same index, then the face and upper-body slots below. Absent face or body: the <c>.present</c> flag is 0
/// and the other slots of that group are 0 (never data); consumers must gate on the flag.
/// <list type="bullet">
/// <item><c>face.present</c> (0/1), <c>face.count</c>, and for the largest face: <c>face.score</c> (detector
/// confidence), <c>face.cx</c>, <c>face.cy</c>, <c>face.size</c> (box centre and width in image widths/heights,
/// 0..1), <c>face.roll</c> (eye-line angle, radians); <c>expr.{angry,disgust,fear,happy,sad,surprise,neutral}</c>
/// (probabilities, sum 1); <c>face.valence</c>, <c>face.arousal</c> (−1..1, see <see cref="Expression"/>).</item>
/// <item><c>pose.present</c> (0/1: both shoulders seen with confidence ≥ 0.3); <c>pose.shoulder_cx</c>,
/// <c>pose.shoulder_cy</c> (shoulder midpoint, image fraction), <c>pose.shoulder_width</c> (image widths),
/// <c>pose.shoulder_tilt</c> (radians); for <c>l_elbow, r_elbow, l_wrist, r_wrist</c> (the subject's left and
/// right): <c>.x</c>, <c>.y</c> relative to the shoulder midpoint in shoulder widths (x towards the image right,
/// y down), <c>.vx</c>, <c>.vy</c> their velocities in shoulder widths per second (0 on the first frame with a
/// pose); <c>pose.arm_openness</c> (wrist-to-wrist distance in shoulder widths), <c>pose.hands_height</c> (mean
/// wrist height above the shoulders, shoulder widths), <c>pose.gesture_energy</c> (mean speed of the four arm
/// joints, shoulder widths per second).</item>
/// </list>
/// </summary>
public static class PersonFeatureLayout
{
    public const string Id = "expotion.motion+face+pose.v1";

    public static readonly string[] Joints = ["l_elbow", "r_elbow", "l_wrist", "r_wrist"];

    public static IReadOnlyList<string> PersonNames { get; } = CreatePersonNames();

    public static FeatureLayout Create(VisionSettings settings)
    {
        var motion = MotionFeatureLayout.Create(settings);
        return new FeatureLayout(Id, [.. motion.Names, .. PersonNames], motion.MotionEnergyIndex);
    }

    private static string[] CreatePersonNames()
    {
        var names = new List<string> { "face.present", "face.count", "face.score", "face.cx", "face.cy", "face.size", "face.roll" };
        names.AddRange(Expression.Classes.Select(c => $"expr.{c}"));
        names.AddRange(["face.valence", "face.arousal", "pose.present", "pose.shoulder_cx", "pose.shoulder_cy", "pose.shoulder_width", "pose.shoulder_tilt"]);
        foreach (var j in Joints)
            names.AddRange([$"pose.{j}.x", $"pose.{j}.y", $"pose.{j}.vx", $"pose.{j}.vy"]);
        names.AddRange(["pose.arm_openness", "pose.hands_height", "pose.gesture_energy"]);
        return [.. names];
    }
}
