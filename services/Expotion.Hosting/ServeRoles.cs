namespace Expotion.Hosting;

/// <summary>The services one process can serve by name, each with its default address.</summary>
public static class ServeRoles
{
    public static readonly IReadOnlyDictionary<string, (StageRole Role, string Urls)> All = new Dictionary<string, (StageRole, string)>
    {
        ["vision"] = (StageRole.Vision, "http://127.0.0.1:5101"),
        ["smoothing"] = (StageRole.Smoothing, "http://127.0.0.1:5102"),
        ["music"] = (StageRole.Music, "http://127.0.0.1:5103"),
        ["gateway"] = (StageRole.Gateway, "http://127.0.0.1:5100"),
        ["all"] = (StageRole.All, "http://127.0.0.1:5100"),
    };
}
