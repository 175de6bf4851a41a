using Expotion.Music.Core;
using Expotion.Music.Core.Conductor;
using Expotion.Music.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Expotion.Music;

/// <summary>Registers and maps the music stage (used by <c>expotion serve music|all</c>).</summary>
public static class MusicHost
{
    public static WebApplicationBuilder AddMusic(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConductorOptions>().BindConfiguration(ConductorOptions.SectionName);
        builder.Services.AddSingleton(sp => new Conductor(sp.GetRequiredService<IOptions<ConductorOptions>>().Value));
        builder.Services.AddSingleton<IMusicBackend>(sp => sp.GetRequiredService<Conductor>());
        builder.Services.AddHostedService<SoundFontWarmup>();
        return builder;
    }

    public static WebApplication MapMusic(this WebApplication app)
    {
        app.MapGrpcService<MusicGrpcService>();
        return app;
    }

    /// <summary>Loads the SoundFont at start-up so that the first stream does not pay for it (a missing one is logged, and reported to each stream).</summary>
    private sealed class SoundFontWarmup(Conductor conductor, Microsoft.Extensions.Logging.ILogger<SoundFontWarmup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            try { conductor.LoadSoundFont(); }
            catch (Exception ex) when (ex is FileNotFoundException or Core.Rendering.FluidSynthException or DllNotFoundException)
            {
                MusicLog.ConductorUnavailable(logger, ex.Message);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
