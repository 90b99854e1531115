using ELicense.Verifier.Configuration;
using ELicense.Verifier.Endpoints;
using ELicense.Verifier.Trust;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ELicense.Verifier;

/// <summary>Service registration and the request pipeline of the Verifier.</summary>
public static class VerifierSetup
{
    public static WebApplicationBuilder AddVerifier(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<VerifierOptions>().BindConfiguration(VerifierOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VerifierOptions>, VerifierOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new HttpClient { Timeout = Timeout.InfiniteTimeSpan });
        services.AddSingleton<TrustSync>();
        services.AddHostedService<TrustSyncService>();
        services.AddSingleton<Status.StatusSync>();
        services.AddSingleton<Verification.LicenceVerifier>();
        services.AddSingleton<Verification.UsageTrace>();
        services.AddBearerAuth(builder.Configuration, builder.Environment,
            policies => policies.AddPolicy(VerifyEndpoints.VerifierPolicy, policy => policy.RequireRole("verifier")));
        services.AddProblemDetails();
        services.AddHealthChecks().AddCheck<TrustHealthCheck>("trust-lists", tags: ["ready"]);
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders().AddJsonConsole(json => json.UseUtcTimestamp = true);
        }

        return builder;
    }

    public static WebApplication UseVerifier(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapTrustEndpoints();
        app.MapVerifyEndpoints();
        return app;
    }
}
