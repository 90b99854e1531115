using ELicense.Verifier.Configuration;
using ELicense.Verifier.Endpoints;
using ELicense.Verifier.Trust;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
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
                var caller = context.User.FindFirst("sub")?.Value ?? context.Connection.RemoteIpAddress?.ToString() ?? "-";
                return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.RateLimitBurst,
                    TokensPerPeriod = settings.RateLimitPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = "1";
                response.ContentType = "application/problem+json";
                await System.Text.Json.JsonSerializer.SerializeAsync(response.Body, HttpProblems.Create(StatusCodes.Status429TooManyRequests, "rate-limited",
                    "Too many verifications from this caller.", "该调用方核验请求过于频繁。",
                    "The caller's rate limit is reached; retry after a second.", "已达到调用频率上限，请一秒后重试。"), ApiJson.Options, cancellationToken);
            };
        });
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
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics").RequireManagementRole(app.Services);
        app.MapTrustEndpoints();
        app.MapVerifyEndpoints();
        return app;
    }
}
