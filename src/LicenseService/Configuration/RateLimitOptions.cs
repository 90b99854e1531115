namespace ELicense.LicenseService.Configuration;

/// <summary>
/// Rate limits of the anonymous routes — trust list, JWKS, status-list index, status lists and the health
/// probes (DESIGN §13). One token bucket per client network: an IPv4 address, or an IPv6 /64. Section
/// <c>RateLimits</c>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Anonymous requests a client network may make per second on average. Default 50: 3,000
    /// verifiers behind one NAT address, each refreshing its trust list every minute, stay inside it, while
    /// one runaway client cannot keep the province's lists busy.</summary>
    public int AnonymousPerSecond { get; set; } = 50;

    /// <summary>Anonymous requests a client network may make at once above the average. Default 1,000: a
    /// whole offline bundle of a province of 100 million licences (its trust list, the index and its
    /// 611 status lists) is fetched from one address without a refusal.</summary>
    public int AnonymousBurst { get; set; } = 1_000;
}
