using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Expotion.ServiceDefaults.Security;

/// <summary>Wires <see cref="AuthOptions"/> and <see cref="TlsOptions"/> into a host (called by <see cref="ExpotionDefaults"/>).</summary>
public static class SecurityRegistration
{
    public static WebApplicationBuilder AddExpotionSecurity(this WebApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new();
        var tls = builder.Configuration.GetSection(TlsOptions.SectionName).Get<TlsOptions>() ?? new();
        builder.Services.AddSingleton(new CallerAuthenticator(auth));   // reads the secrets files now: fail at start-up, not at the first call
        builder.Services.AddSingleton(tls);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            TlsSetup.Apply(kestrel, tls, kestrel.ApplicationServices.GetService<ILoggerFactory>()));
        return builder;
    }

    /// <summary>One start-up line saying whether auth (and TLS) is on; never the secrets.</summary>
    public static WebApplication LogExpotionSecurity(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Expotion.Security");
        var authenticator = app.Services.GetRequiredService<CallerAuthenticator>();
        if (authenticator.Enabled) SecurityLog.AuthOn(logger, authenticator.TokenCount, authenticator.ApiKeyCount);
        else SecurityLog.AuthOff(logger);
        var tls = app.Services.GetRequiredService<TlsOptions>();
        if (tls.Enabled) SecurityLog.TlsOn(logger, string.IsNullOrWhiteSpace(tls.ClientCaPath) ? "not asked for" : "required, signed by Tls:ClientCaPath");
        return app;
    }
}
