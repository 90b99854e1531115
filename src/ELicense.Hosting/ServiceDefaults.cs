using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace ELicense.Hosting;

/// <summary>
/// What both services set up alike: Problem Details, metrics of their meter and of ASP.NET Core for
/// Prometheus, the rate limiter (every refusal a 429 Problem Details), one readiness check, JSON
/// logs outside development; and the request pipeline's common part — security headers, the
/// exception handler, status-code pages, the static page and the assets both pages share (<c>/shared/</c>), authentication, rate limits, and the
/// anonymous (rate-limited) health routes and the management-only metrics route.
/// </summary>
public static class ServiceDefaults
{
    /// <summary>Where the web assets both pages share are served (<c>page.js</c>, <c>page.css</c>).</summary>
    public const string SharedAssetsPath = "/shared";

    private static readonly EmbeddedFileProvider SharedAssets = new(typeof(ServiceDefaults).Assembly, "ELicense.Hosting.web");

    /// <param name="meterName">The service's own meter.</param>
    /// <param name="readinessName">The name of its readiness check (<c>/health/ready</c>).</param>
    /// <param name="limits">The service's rate-limit policies beside the anonymous one.</param>
    public static WebApplicationBuilder AddServiceDefaults<TReadiness>(this WebApplicationBuilder builder, string meterName, string readinessName, Action<RateLimiterOptions>? limits = null)
        where TReadiness : class, IHealthCheck
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(meterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        services.AddRateLimiter(limiter =>
        {
            limits?.Invoke(limiter);
            limiter.OnRejected = RateLimits.RejectAsync;
        });
        services.AddHealthChecks().AddCheck<TReadiness>(readinessName, tags: ["ready"]);
        if (!builder.Environment.IsDevelopment())
        {
            // One JSON object per line for the log collector; development keeps the readable console.
            builder.Logging.ClearProviders().AddJsonConsole(json => json.UseUtcTimestamp = true);
        }

        return builder;
    }

    /// <param name="apiReferencePath">The API reference page, whose scripts the security headers allow.</param>
    /// <param name="beforeStaticFiles">What the service puts in front of its static page (a redirect, say).</param>
    public static WebApplication UseServiceDefaults(this WebApplication app, string? apiReferencePath = null, Action<WebApplication>? beforeStaticFiles = null)
    {
        app.UseSecurityHeaders(apiReferencePath);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        beforeStaticFiles?.Invoke(app);
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseStaticFiles(new StaticFileOptions { RequestPath = SharedAssetsPath, FileProvider = SharedAssets });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter(); // the anonymous routes name their policy (RateLimits.AnonymousPolicy)

        // Anonymous, so rate limited (DESIGN §13).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).RequireRateLimiting(RateLimits.AnonymousPolicy);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).RequireRateLimiting(RateLimits.AnonymousPolicy);
        app.MapPrometheusScrapingEndpoint("/metrics").RequireManagementRole(app.Services);
        return app;
    }
}
