namespace Expotion.Vision.Models.Faces;

/// <summary>
/// Expression probabilities of one face (the 7 FER-2013 classes of the emotion model, in its order) and the
/// valence/arousal derived from them.
/// </summary>
/// <remarks>
/// Valence/arousal mapping: the expectation of per-class circumplex coordinates under the probabilities,
/// <c>v = Σ pᵢ·vᵢ</c>, <c>a = Σ pᵢ·aᵢ</c>, both in −1..1. The class coordinates are the pleasure and arousal
/// ratings of the emotion terms in Russell &amp; Mehrabian (1977), "Evidence for a three-factor theory of
/// emotions" (angry −0.51/0.59, disgust −0.60/0.35, fear −0.64/0.60, happy 0.81/0.51, sad −0.63/−0.27,
/// surprise 0.40/0.67), with neutral at the origin. A linear read-out, not a trained regressor: it moves
/// smoothly with the probabilities, which is what a musical control needs.
/// </remarks>
public sealed record Expression(float[] Probabilities)
{
    public static readonly string[] Classes = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"];

    private static readonly (float V, float A)[] Circumplex =
    [
        (-0.51f, 0.59f), (-0.60f, 0.35f), (-0.64f, 0.60f), (0.81f, 0.51f), (-0.63f, -0.27f), (0.40f, 0.67f), (0f, 0f),
    ];

    public float Valence => Enumerable.Range(0, Classes.Length).Sum(i => Probabilities[i] * Circumplex[i].V);

    public float Arousal => Enumerable.Range(0, Classes.Length).Sum(i => Probabilities[i] * Circumplex[i].A);

    public int TopIndex => Array.IndexOf(Probabilities, Probabilities.Max());

    public string Top => Classes[TopIndex];
}
