using Expotion.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Expotion.Music.MusicGen.Tests;

/// <summary>The music stage with the musicgen backend on <paramref name="modelDir"/>, on a loopback port (CPU, 10-frame streams).</summary>
internal static class MusicGenServer
{
    public static async Task<WebApplication> StartAsync(string modelDir, IReadOnlyDictionary<string, string>? settings = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Music:MusicGen:ModelDir"] = modelDir;
        builder.Configuration["Music:MusicGen:TryCuda"] = "false";
        builder.Configuration["Music:MusicGen:StreamFrames"] = "10";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.Configuration[key] = value;
        builder.AddExpotionDefaults();
        builder.AddMusic();
        var app = builder.Build();
        app.MapExpotionDefaults();
        app.MapMusic();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }
}
