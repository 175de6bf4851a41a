using Expotion.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Expotion.Adapters.Tests.Helpers;

/// <summary>
/// The services a stage host composes (<see cref="StageHost"/>), built but never started: no port, no warm-up. The
/// adapter under test is created from them as grpc-dotnet creates it for a call.
/// </summary>
public abstract class StageServices(StageRole role, IDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    private WebApplication? _host;

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("not initialized");

    /// <summary>The host's settings (known once <see cref="InitializeAsync"/> runs).</summary>
    protected virtual IDictionary<string, string?>? Settings => settings;

    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    public virtual ValueTask InitializeAsync()
    {
        _host = StageHost.Build(role, "http://127.0.0.1:0", [], LogLevel.Warning, Settings);
        return ValueTask.CompletedTask;
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
