namespace ELicense.Verifier.Configuration;

/// <summary>
/// What a Verifier knows: the national root certificates and the trust-list URLs of the provinces it
/// accepts — nothing else (DESIGN §3). Section <c>Verifier</c>.
/// </summary>
public sealed class VerifierOptions
{
    public const string Section = "Verifier";

    /// <summary>PEM files of the national root certificates (SM2 and/or RSA). Relative paths start at the content root.</summary>
    public List<string> RootCertificates { get; set; } = [];

    /// <summary>The provinces whose licences this Verifier accepts, each with its trust-list URL.</summary>
    public List<ProvinceSource> Provinces { get; set; } = [];

    /// <summary>How often each trust list is fetched again. Default 1 hour: a pending key is published for
    /// days before it signs and announces its activation time, so an hourly refresh misses nothing but
    /// revocations, which reach this Verifier within the hour.</summary>
    public TimeSpan TrustRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Where the last good trust lists are kept, so that a restart while a province is unreachable
    /// still verifies its licences. Relative paths start at the content root.</summary>
    public string CacheFolder { get; set; } = "data/trust";

    /// <summary>Verifications each caller (token subject) may make per second on average. Default 2,000: a
    /// department's gateway batching for many counters stays well inside it, a runaway client does not
    /// starve the others.</summary>
    public int RateLimitPerSecond { get; set; } = 2_000;

    /// <summary>How many verifications a caller may make at once above the average. Default 4,000.</summary>
    public int RateLimitBurst { get; set; } = 4_000;

    /// <summary>How long one fetch may take. Default 10 seconds.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>A province this Verifier accepts.</summary>
public sealed class ProvinceSource
{
    /// <summary>The province's GB/T 2260 code, e.g. <c>320000</c>.</summary>
    public string Region { get; set; } = "";

    /// <summary>The absolute URL of its trust list, e.g. <c>https://…/.well-known/elicense/trust-list</c>.</summary>
    public string TrustListUrl { get; set; } = "";
}
