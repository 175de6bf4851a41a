namespace Expotion.Vision.Models.Pose;

/// <summary>
/// The 17 COCO keypoints of one person from <see cref="MoveNetPoseEstimator"/>, in image pixels, with a
/// confidence each. Order: nose, left eye, right eye, left ear, right ear, left shoulder, right shoulder,
/// left elbow, right elbow, left wrist, right wrist, left hip, right hip, left knee, right knee, left ankle,
/// right ankle ("left" is the subject's left).
/// </summary>
public sealed record BodyPose(float[] X, float[] Y, float[] Score)
{
    public const int Nose = 0, LeftShoulder = 5, RightShoulder = 6, LeftElbow = 7, RightElbow = 8,
        LeftWrist = 9, RightWrist = 10, LeftHip = 11, RightHip = 12;

    public static readonly string[] Names =
    [
        "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder", "left_elbow",
        "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
    ];
}
