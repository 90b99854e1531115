using System.Net;
using Microsoft.Extensions.Options;

namespace ELicense.Verifier.Configuration;

/// <summary>
/// Outside Development, refuses what only a developer's machine may trust (DESIGN §13): the development
/// national roots of <c>certs/dev</c> (whose keys are in the repository, so anyone could make a province
/// with them) and trust lists fetched over plain http from another host (anyone on the path could hold
/// back a revocation; the list's signature stops forgeries, not withholding). Each message names the setting.
/// </summary>
public sealed class VerifierProductionValidator(IHostEnvironment environment) : IValidateOptions<VerifierOptions>
{
    public ValidateOptionsResult Validate(string? name, VerifierOptions options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        for (var i = 0; i < options.RootCertificates.Count; i++)
        {
            var path = options.RootCertificates[i];
            if (DevelopmentMaterial.MarkedCertificate(ContentPaths.Resolve(environment, path)) is { } subject)
            {
                problems.Add($"Verifier:RootCertificates:{i} '{path}' is a development root ({subject}); outside Development configure the national roots.");
            }
        }

        for (var i = 0; i < options.Provinces.Count; i++)
        {
            var url = options.Provinces[i].TrustListUrl;
            if (Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme == Uri.UriSchemeHttp && !IsLoopback(parsed))
            {
                problems.Add($"Verifier:Provinces:{i}:TrustListUrl '{url}' uses plain http; outside Development use https "
                             + "(http only to a loopback host: 127.0.0.0/8, ::1, localhost).");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Whether the URL's host is this machine: a loopback address or the name <c>localhost</c> (a proxy or sidecar in the same pod).</summary>
    public static bool IsLoopback(Uri url) =>
        url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            ? IPAddress.TryParse(url.DnsSafeHost, out var address) && IPAddress.IsLoopback(address)
            : string.Equals(url.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase);
}
