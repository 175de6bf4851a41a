namespace Expotion.Hosting;

[Flags]
public enum StageRole
{
    Vision = 1,
    Smoothing = 2,
    Music = 4,
    Gateway = 8,
    Stages = Vision | Smoothing | Music,
    All = Stages | Gateway,
}
