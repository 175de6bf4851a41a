using System.Runtime.CompilerServices;
using Expotion.Music.Core.Rendering;

namespace Expotion.Music.Core.Conductor;

/// <summary>
/// The embedded real-time composer ("conductor"): tempo and beat phase from the periodicity of the
/// motion energy, dynamics and density from its level, style, instruments, harmony and mood from the
/// prompt (and from expression when the layout has valence/arousal), rendered through a General MIDI
/// SoundFont with fluidsynth. Deterministic for a given seed, prompt and condition stream.
/// </summary>
public sealed class Conductor : IMusicBackend
{
    /// <summary>The name clients select it by.</summary>
    public const string BackendName = "conductor";

    private readonly ConductorOptions _options;
    private readonly SoundFontLocator _locator;
    private readonly Lazy<SoundFont> _soundFont;

    public Conductor(ConductorOptions? options = null, SoundFontLocator? locator = null)
    {
        _options = options ?? new ConductorOptions();
        _locator = locator ?? SoundFontLocator.Default;
        // PublicationOnly: a failure (no SoundFont yet) is not cached, so installing one fixes later streams.
        _soundFont = new Lazy<SoundFont>(() => SoundFont.Open(_locator.Locate(_options.SoundFontPath)),
            LazyThreadSafetyMode.PublicationOnly);
    }

    public string Name => BackendName;

    /// <summary>
    /// Finds and loads the SoundFont now (it is shared by every stream of the process); hosts call this at
    /// start-up so that the first stream does not pay for it. Throws <see cref="SoundFontNotFoundException"/>
    /// or <see cref="FluidSynthException"/> when the conductor cannot run on this machine.
    /// </summary>
    public SoundFont LoadSoundFont() => _soundFont.Value;

    /// <inheritdoc />
    public async IAsyncEnumerable<MusicOutput> GenerateAsync(
        MusicSettings settings,
        IAsyncEnumerable<Condition> conditions,
        StreamStats stats,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(stats);
        settings.Validate();

        ConductorSession? session = null;
        var ready = new List<MusicOutput>();
        try
        {
            await foreach (var condition in conditions.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                stats.CountIn(condition.PtsUs);
                session ??= new ConductorSession(settings, LoadSoundFont(), _options);
                session.Accept(condition);
                while (session.TryRender(ready))
                {
                    foreach (var output in ready)
                    {
                        if (output is AudioBlock) stats.CountOut();
                        yield return output;
                    }
                    ready.Clear();
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            if (session is null) yield break;
            session.Finish(ready);
            foreach (var output in ready)
            {
                if (output is AudioBlock) stats.CountOut();
                yield return output;
            }
        }
        finally
        {
            session?.Dispose();
        }
    }
}
