using ELicense.Verifier.Configuration;
using ELicense.Verifier.Endpoints;
using ELicense.Verifier.Trust;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.RateLimiting;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace ELicense.Verifier;

/// <summary>Service registration and the request pipeline of the Verifier.</summary>
public static class VerifierSetup
{
    public static WebApplicationBuilder AddVerifier(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHostedService<StartupValidation>(); // first, so that one start names every bad setting
        services.AddOptions<VerifierOptions>().BindConfiguration(VerifierOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VerifierOptions>, VerifierOptionsValidator>();
        services.AddSingleton<IValidateOptions<VerifierOptions>, VerifierProductionValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => Fetching.BoundedFetch.CreateClient());
        services.AddSingleton(provider => new Fetching.BoundedFetch(
            provider.GetRequiredService<HttpClient>(), provider.GetRequiredService<IOptions<VerifierOptions>>().Value.FetchTimeout));
        services.AddSingleton<TrustSync>();
        services.AddHostedService<TrustSyncService>();
        services.AddSingleton<Status.StatusSync>();
        services.AddSingleton<Verification.IVerificationSources, Verification.OnlineSources>();
        services.AddSingleton(new Documents.PrintedQrReader());
        services.AddSingleton<Documents.UploadLimiter>();
        services.AddSingleton<Verification.LicenceVerifier>();
        services.AddSingleton<Verification.UsageTrace>();
        services.AddBearerAuth(builder.Configuration, builder.Environment,
            policies => policies.AddPolicy(VerifyEndpoints.VerifierPolicy, policy => policy.RequireRole("verifier")));
        services.AddProblemDetails();
        services.AddSingleton<Observability.VerificationMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(Observability.VerificationMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(VerifyEndpoints.RatePolicy, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<VerifierOptions>>().Value;
                var caller = context.User.FindFirst("sub")?.Value ?? RateLimits.ClientNetwork(context.Connection.RemoteIpAddress);
                return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.RateLimitBurst,
                    TokensPerPeriod = settings.RateLimitPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = RateLimits.RejectAsync;
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<VerifierOptions>>((limiter, options) =>
            limiter.AddAnonymousPolicy(options.Value.AnonymousRateLimitPerSecond, options.Value.AnonymousRateLimitBurst));
        services.AddHealthChecks().AddCheck<TrustHealthCheck>("trust-lists", tags: ["ready"]);
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders().AddJsonConsole(json => json.UseUtcTimestamp = true);
        }

        return builder;
    }

    public static WebApplication UseVerifier(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The counter page (wwwroot): static, anonymous; it calls the API with the clerk's token.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // Anonymous, like the trust overview, so rate limited (DESIGN §13).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).RequireRateLimiting(RateLimits.AnonymousPolicy);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).RequireRateLimiting(RateLimits.AnonymousPolicy);
        app.MapPrometheusScrapingEndpoint("/metrics").RequireManagementRole(app.Services);
        app.MapTrustEndpoints();
        app.MapVerifyEndpoints();
        return app;
    }
}
