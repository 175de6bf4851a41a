using Expotion.Music.Core;
using Expotion.Music.Core.Conductor;
using Expotion.Music.Grpc;
using Expotion.Music.MusicGen;
using Expotion.ServiceDefaults.Warmup;
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
        builder.Services.AddSingleton<MusicMetrics>();
        builder.Services.AddOptions<ConductorOptions>().BindConfiguration(ConductorOptions.SectionName);
        builder.Services.AddSingleton(sp => new Conductor(sp.GetRequiredService<IOptions<ConductorOptions>>().Value));
        builder.Services.AddSingleton<IMusicBackend>(sp => sp.GetRequiredService<Conductor>());
        builder.Services.AddHostedService<SoundFontWarmup>();
        // "musicgen": registered after the conductor, which stays the default; it needs Music:MusicGen:ModelDir.
        builder.Services.AddOptions<MusicGenOptions>().BindConfiguration(MusicGenOptions.SectionName);
        builder.Services.AddSingleton(sp => new MusicGenBackend(sp.GetRequiredService<IOptions<MusicGenOptions>>().Value,
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<MusicGenBackend>>()));
        builder.Services.AddSingleton<IMusicBackend>(sp => sp.GetRequiredService<MusicGenBackend>());
        builder.Services.AddHostedService<MusicGenWarmup>();
        builder.Services.AddStageWarmup<MusicWarmup>();   // renders with the SoundFont (loading it, if it runs first)
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

    /// <summary>Loads the MusicGen model at start-up when a directory is configured (a failure is logged, and reported to each musicgen stream).</summary>
    private sealed class MusicGenWarmup(MusicGenBackend backend, IOptions<MusicGenOptions> options, Microsoft.Extensions.Logging.ILogger<MusicGenWarmup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(options.Value.ModelDir)) return Task.CompletedTask;
            try { backend.LoadModel(); }
            catch (Exception ex) when (ex is FileNotFoundException or InvalidInputException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or ArgumentOutOfRangeException)
            {
                MusicLog.MusicGenUnavailable(logger, ex.Message);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
