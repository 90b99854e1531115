using ELicense.Core.Crypto;
using ELicense.Core.Identifiers;
using ELicense.Core.Trust;
using Microsoft.Extensions.Options;

namespace ELicense.Verifier.Configuration;

/// <summary>Checks the Verifier's settings at start-up and names the setting at fault.</summary>
public sealed class VerifierOptionsValidator(IHostEnvironment environment) : IValidateOptions<VerifierOptions>
{
    public ValidateOptionsResult Validate(string? name, VerifierOptions options)
    {
        var problems = new List<string>();
        if (options.RootCertificates.Count == 0)
        {
            problems.Add("Verifier:RootCertificates must name at least one national root certificate (PEM).");
        }

        foreach (var path in options.RootCertificates)
        {
            var error = RootCertificates.Problem(ContentPaths.Resolve(environment, path));
            if (error is not null)
            {
                problems.Add($"Verifier:RootCertificates '{path}': {error}");
            }
        }

        if (options.Provinces.Count == 0)
        {
            problems.Add("Verifier:Provinces must name at least one province with its TrustListUrl.");
        }

        for (var i = 0; i < options.Provinces.Count; i++)
        {
            var province = options.Provinces[i];
            if (!RegionCode.IsProvince(province.Region))
            {
                problems.Add($"Verifier:Provinces:{i}:Region '{province.Region}' is not a province-level GB/T 2260 code (e.g. 320000).");
            }

            if (!Uri.TryCreate(province.TrustListUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                problems.Add($"Verifier:Provinces:{i}:TrustListUrl '{province.TrustListUrl}' is not an absolute http(s) URL.");
            }

            if (province.CatalogueUrl.Length > 0
                && (!Uri.TryCreate(province.CatalogueUrl, UriKind.Absolute, out var catalogue) || catalogue.Scheme is not ("http" or "https")))
            {
                problems.Add($"Verifier:Provinces:{i}:CatalogueUrl '{province.CatalogueUrl}' is not an absolute http(s) URL.");
            }
        }

        for (var i = 0; i < options.Provinces.Count; i++)
        {
            foreach (var fingerprint in options.Provinces[i].DistrustedListSigners)
            {
                if (fingerprint.Length != 64 || !fingerprint.All(Uri.IsHexDigit))
                {
                    problems.Add($"Verifier:Provinces:{i}:DistrustedListSigners '{fingerprint}' is not a SHA-256 fingerprint (64 hex digits).");
                }
            }
        }

        if (options.MaxStatusLists < 1)
        {
            problems.Add("Verifier:MaxStatusLists must be at least 1.");
        }

        var repeated = options.Provinces.GroupBy(p => p.Region).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
        {
            problems.Add($"Verifier:Provinces names {string.Join(", ", repeated)} more than once.");
        }

        if (options.TrustRefreshInterval < TimeSpan.FromSeconds(1) || options.TrustRefreshInterval > TimeSpan.FromDays(1))
        {
            problems.Add("Verifier:TrustRefreshInterval must lie between one second and one day.");
        }

        if (options.RateLimitPerSecond < 1 || options.RateLimitBurst < options.RateLimitPerSecond)
        {
            problems.Add("Verifier:RateLimitPerSecond must be at least 1 and Verifier:RateLimitBurst at least as large.");
        }

        if (options.AnonymousRateLimitPerSecond is < 1 or > 1_000_000 || options.AnonymousRateLimitBurst < options.AnonymousRateLimitPerSecond)
        {
            problems.Add($"Verifier:AnonymousRateLimitPerSecond must lie between 1 and 1,000,000 and Verifier:AnonymousRateLimitBurst be at least as large "
                + $"(they are {options.AnonymousRateLimitPerSecond} and {options.AnonymousRateLimitBurst}).");
        }

        if (options.FetchTimeout <= TimeSpan.Zero || options.FetchTimeout > TimeSpan.FromMinutes(5))
        {
            problems.Add("Verifier:FetchTimeout must lie between zero and five minutes.");
        }

        var uploads = options.Uploads;
        if (uploads is null)
        {
            problems.Add("Verifier:Uploads must not be empty.");
        }
        else
        {
            if (uploads.MaxConcurrent is < 1 or > 1_024)
            {
                problems.Add($"Verifier:Uploads:MaxConcurrent must lie between 1 and 1,024, not {uploads.MaxConcurrent}.");
            }

            if (uploads.MaxConcurrentPerCaller < 1 || uploads.MaxConcurrentPerCaller > uploads.MaxConcurrent + uploads.QueueLimit)
            {
                problems.Add($"Verifier:Uploads:MaxConcurrentPerCaller must be at least 1 and at most MaxConcurrent + QueueLimit, not {uploads.MaxConcurrentPerCaller}.");
            }

            if (uploads.QueueLimit is < 0 or > 10_000)
            {
                problems.Add($"Verifier:Uploads:QueueLimit must lie between 0 and 10,000, not {uploads.QueueLimit}.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
