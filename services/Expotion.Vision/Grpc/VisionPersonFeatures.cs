using Expotion.Vision.Core;
using Expotion.Vision.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Expotion.Vision.Grpc;

/// <summary>
/// Opt-in face and pose features (<see cref="PersonFeatureLayout"/>): set <c>Vision:PersonFeatures=true</c>
/// (environment <c>Vision__PersonFeatures=true</c>). Off by default, the stage keeps <c>expotion.motion.v1</c>.
/// On, with the models missing, it logs one warning saying so and streams the new layout with every face and
/// pose flag at 0. Models come from <c>Vision:ModelsDirectory</c>, else <see cref="VisionModelStore.DefaultModelsDirectory"/>.
/// </summary>
public static class VisionPersonFeatures
{
    public const string EnabledKey = "Vision:PersonFeatures";
    public const string ModelsDirectoryKey = "Vision:ModelsDirectory";

    public static WebApplicationBuilder AddVisionPersonFeatures(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Configuration.GetValue(EnabledKey, false))
            return builder;
        builder.Services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Expotion.Vision.PersonFeatures");
            var store = new VisionModelStore(builder.Configuration[ModelsDirectoryKey]);
            var analyzer = PersonAnalyzer.Create(store);
            if (analyzer.Available)
                PersonFeaturesLog.On(logger, store.ModelsDirectory, OnnxSessionFactory.UsesCuda ? "CUDA" : "CPU");
            else
                PersonFeaturesLog.Unavailable(logger, analyzer.Reason ?? "unknown");
            return analyzer;
        });
        return builder;
    }
}
