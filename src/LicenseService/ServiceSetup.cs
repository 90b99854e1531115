using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Catalogue;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Endpoints;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Keys;
using ELicense.LicenseService.Observability;
using ELicense.LicenseService.Problems;
using ELicense.LicenseService.Rendering;
using ELicense.LicenseService.Signing;
using ELicense.LicenseService.Storage;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace ELicense.LicenseService;

/// <summary>Service registration and the request pipeline of LicenseService.</summary>
public static class ServiceSetup
{
    public static WebApplicationBuilder AddLicenseService(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHostedService<StartupValidation>(); // first, so that one start names every bad setting
        services.AddOptions<ProvinceOptions>().BindConfiguration(ProvinceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProvinceOptions>, ProvinceOptionsValidator>();
        services.AddOptions<SigningKeyOptions>().BindConfiguration(SigningKeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IssuanceOptions>().BindConfiguration(IssuanceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RenderingOptions>().BindConfiguration(RenderingOptions.Section);
        services.AddOptions<StatusOptions>().BindConfiguration(StatusOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KeyOptions>().BindConfiguration(KeyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyOptions>, KeyOptionsValidator>();
        services.AddOptions<CertificateAuthorityOptions>().BindConfiguration(CertificateAuthorityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Outside Development: no key material of certs/dev (DESIGN §13).
        services.AddSingleton<IValidateOptions<KeyOptions>, ProductionKeyMaterialValidator>();
        services.AddSingleton<IValidateOptions<CertificateAuthorityOptions>, ProductionKeyMaterialValidator>();
        services.AddSingleton<IValidateOptions<SigningKeyOptions>, ProductionKeyMaterialValidator>();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        services.AddProvinceStores();
        services.AddSingleton(sp => KeyEncryptionKeys.Load(sp.GetRequiredService<IOptions<KeyOptions>>().Value, sp.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton<ICertificateAuthority, FileCertificateAuthority>();
        services.AddSingleton<KeyFactory>();
        services.AddSingleton<KeyManager>();
        services.AddSingleton<TrustListPublisher>();
        services.AddSingleton<ProvinceCatalogue>();
        services.AddSingleton<IKeyLifecycle>(sp => sp.GetRequiredService<ProvinceCatalogue>());
        services.AddSingleton<AuthorityRegistry>();
        services.AddSingleton<CataloguePublisher>();
        services.AddSingleton<SigningKeyRing>();
        services.AddSingleton(sp => CjkFont.Install(sp.GetRequiredService<IOptions<RenderingOptions>>().Value));
        services.AddSingleton<LicencePdfService>();
        services.AddSingleton<LicenceIssuer>();
        services.AddSingleton<PresentationIssuer>();
        services.AddSingleton<StoreCheck>();
        services.AddSingleton<StoredLicenceCheck>();
        services.AddSingleton<LicenceSeal>();
        services.AddSingleton<LicenceReissuer>();
        services.AddSingleton<ReissueWorker>();
        services.AddSingleton<IssuanceMetrics>();
        services.AddSingleton<Status.StatusListPublisher>();
        services.AddSingleton<Status.LicenceStatusChanges>();
        services.AddHostedService<StartupCheck>(); // before the workers: it reads the store's secrets and makes the first keys
        services.AddHostedService(sp => sp.GetRequiredService<ReissueWorker>());
        services.AddHostedService<KeyMaintenance>();

        services.AddLicenceAuth(builder.Configuration, builder.Environment);
        builder.AddServiceDefaults<StoreHealthCheck>(IssuanceMetrics.MeterName, "store");
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
            limiter.AddAnonymousPolicy(limits.Value.AnonymousPerSecond, limits.Value.AnonymousBurst));
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Encoder = ApiJson.Options.Encoder;
        });
        services.AddOpenApi("v1", openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ELicense LicenseService";
            document.Info.Description = "签发电子证照：issue licences, read them, download their signed PDF and QR.";
            return Task.CompletedTask;
        }));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1_048_576);
        return builder;
    }

    public static WebApplication UseLicenseService(this WebApplication app)
    {
        // The citizens' wallet page (wwwroot/wallet): static, anonymous; it calls the API with her token.
        app.UseServiceDefaults(apiReferencePath: "/docs", beforeStaticFiles: pipeline => pipeline.Use((context, next) =>
        {
            if (context.Request.Path.Value == "/wallet")
            {
                context.Response.Redirect("/wallet/" + context.Request.QueryString);
                return Task.CompletedTask;
            }

            return next(context);
        }));
        app.MapOpenApi().RequireManagementRole(app.Services);
        // Nothing from Scalar's CDN or servers: the page's Content-Security-Policy allows only this service.
        app.MapScalarApiReference("/docs", scalar => scalar.WithTitle("ELicense LicenseService API").DisableDefaultFonts().DisableTelemetry().DisableAgent())
            .RequireManagementRole(app.Services);
        app.MapLicenceEndpoints();
        app.MapStatusEndpoints();
        app.MapWalletEndpoints();
        app.MapKeyEndpoints();
        app.MapTrustListEndpoints();
        app.MapCatalogueEndpoints();
        app.MapAuthorityEndpoints();
        app.MapStoreEndpoints();
        return app;
    }
}
