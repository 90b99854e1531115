using ELicense.Verifier.Configuration;
using ELicense.Verifier.Endpoints;
using ELicense.Verifier.Trust;
using Microsoft.AspNetCore.RateLimiting;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

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
        services.AddSingleton<Observability.VerificationMetrics>();
        builder.AddServiceDefaults<TrustHealthCheck>(Observability.VerificationMetrics.MeterName, "trust-lists", limiter =>
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
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<VerifierOptions>>((limiter, options) =>
            limiter.AddAnonymousPolicy(options.Value.AnonymousRateLimitPerSecond, options.Value.AnonymousRateLimitBurst));
        return builder;
    }

    public static WebApplication UseVerifier(this WebApplication app)
    {
        // The counter page (wwwroot): static, anonymous; it calls the API with the clerk's token.
        app.UseServiceDefaults();
        app.MapTrustEndpoints();
        app.MapVerifyEndpoints();
        return app;
    }
}
