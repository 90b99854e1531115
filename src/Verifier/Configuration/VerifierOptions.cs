using ELicense.Core.Trust;

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

    /// <summary>How often each trust list is fetched again. Default 1 minute: a key revocation reaches this
    /// Verifier within about a minute, and the fetch is conditional (If-None-Match), so an unchanged list
    /// costs a 304 of a few hundred bytes.</summary>
    public TimeSpan TrustRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most status lists held at once (across provinces); past it the list that expires first
    /// is dropped. Default 10,000: a province of 100 million licences has under 800 lists.</summary>
    public int MaxStatusLists { get; set; } = Core.Status.StatusListCollection.DefaultCapacity;

    /// <summary>Where the last good trust lists are kept, so that a restart while a province is unreachable
    /// still verifies its licences. Relative paths start at the content root.</summary>
    public string CacheFolder { get; set; } = "data/trust";

    /// <summary>Verifications each caller (token subject) may make per second on average. Default 2,000: a
    /// department's gateway batching for many counters stays well inside it, a runaway client does not
    /// starve the others.</summary>
    public int RateLimitPerSecond { get; set; } = 2_000;

    /// <summary>How many verifications a caller may make at once above the average. Default 4,000.</summary>
    public int RateLimitBurst { get; set; } = 4_000;

    /// <summary>Requests a client network (an IPv4 address, an IPv6 /64) may make per second on average to the
    /// anonymous routes — the trust overview and the health probes. Default 20: probes and monitors ask every
    /// few seconds and people look now and then, so every prober behind one address stays well inside it, while
    /// no client keeps the Verifier describing its trust or checking its health thousands of times a second.</summary>
    public int AnonymousRateLimitPerSecond { get; set; } = 20;

    /// <summary>Anonymous requests a client network may make at once above the average. Default 100: a
    /// dashboard that opens with every probe at once is not refused.</summary>
    public int AnonymousRateLimitBurst { get; set; } = 100;

    /// <summary>How long one fetch may take. Default 10 seconds.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many pictures and PDFs are verified at once (section <c>Verifier:Uploads</c>).</summary>
    public UploadOptions Uploads { get; set; } = new();

    /// <summary>The distrusted list signers of every province, as <see cref="Core.Trust.TrustListCollection"/> takes them.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> DistrustedListSigners() =>
        Provinces.GroupBy(p => p.Region).ToDictionary(
            g => g.Key, g => (IReadOnlySet<string>)g.SelectMany(p => p.DistrustedListSigners).Select(f => f.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal));
}

/// <summary>A province this Verifier accepts.</summary>
public sealed class ProvinceSource
{
    /// <summary>The province's GB/T 2260 code, e.g. <c>320000</c>.</summary>
    public string Region { get; set; } = "";

    /// <summary>The absolute URL of its trust list, e.g. <c>https://…/.well-known/elicense/trust-list</c>.</summary>
    public string TrustListUrl { get; set; } = "";

    /// <summary>The absolute URL of its signed catalogue; when empty, <c>catalogue</c> beside the trust list
    /// (<c>…/.well-known/elicense/catalogue</c>).</summary>
    public string CatalogueUrl { get; set; } = "";

    /// <summary>The catalogue URL in effect.</summary>
    public Uri EffectiveCatalogueUrl
    {
        get
        {
            if (CatalogueUrl.Length > 0)
            {
                return new Uri(CatalogueUrl);
            }

            // The last path segment replaced, the query kept (two provinces behind one host may be told apart by it).
            var url = new UriBuilder(TrustListUrl);
            url.Path = url.Path[..(url.Path.LastIndexOf('/') + 1)] + ProvinceRoutes.CatalogueSegment;
            return url.Uri;
        }
    }

    /// <summary>SHA-256 fingerprints (64 hex digits) of list-signer certificates whose lists are refused: the
    /// recovery after a compromise of the province's trust-list signer (docs/adr/0005). Lists held from such
    /// a signer are dropped, so the province's genuine list is taken whatever sequence number the forged one
    /// claimed.</summary>
    public List<string> DistrustedListSigners { get; set; } = [];
}

/// <summary>
/// The bounds on pictures and PDFs sent to the verify API (<c>Verifier:Uploads</c>), whose decoding and
/// rendering cost a core and megabytes each (DESIGN §13). QR texts are not bounded by them.
/// </summary>
public sealed class UploadOptions
{
    /// <summary>Pictures and PDFs verified at once, across all callers. Default: the number of processors —
    /// decoding a picture or rendering a page keeps one core busy, so more at once only make each slower
    /// while each holds its memory.</summary>
    public int MaxConcurrent { get; set; } = Environment.ProcessorCount;

    /// <summary>Pictures and PDFs one caller (token <c>sub</c>) may have in work or waiting at once; beyond it a
    /// 429 with <c>Retry-After</c>. Default 2: a counter sends one at a time and a gateway a few, while no
    /// caller, however many it sends at once, holds more than two places.</summary>
    public int MaxConcurrentPerCaller { get; set; } = 2;

    /// <summary>Pictures and PDFs waiting, oldest first, when all <see cref="MaxConcurrent"/> places are taken;
    /// beyond it a 503 with <c>Retry-After</c>. Default 8: a few seconds of work at most (a PDF takes 0.1–0.5 s
    /// of a core), well inside a client's timeout, and the uploads held while waiting stay bounded (8 × 10 MiB).</summary>
    public int QueueLimit { get; set; } = 8;
}
