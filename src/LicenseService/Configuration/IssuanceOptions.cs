using System.ComponentModel.DataAnnotations;

namespace ELicense.LicenseService.Configuration;

/// <summary>Limits of the issuing API. Section <c>Issuance</c>.</summary>
public sealed class IssuanceOptions
{
    public const string Section = "Issuance";

    /// <summary>The largest body of one issue request. Default 64 KiB: the largest licence of the catalogue is
    /// under 4 KiB of JSON, so anything near the limit is a mistake or an attack.</summary>
    [Range(1_024, 1_048_576)]
    public int MaxRequestBytes { get; set; } = 64 * 1024;

    /// <summary>The longest line of a batch. Default 64 KiB, as <see cref="MaxRequestBytes"/>.</summary>
    [Range(1_024, 1_048_576)]
    public int MaxBatchLineBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The number of entries per status list. Default 163,776: at least the 131,072 of DESIGN §6, and
    /// the most whose packed list (40,944 bytes) plus Redis's string header fits jemalloc's 40 KiB size
    /// class — a 131,072-entry list (32,768 bytes) lands in the same class, so 100 million entries
    /// would take 31.3 MB instead of 25.1 MB (measured with MEMORY USAGE, docs/performance.md).
    /// Never change it for a province that has issued licences: entry numbers map to lists by it.
    /// </summary>
    public int StatusListSize { get; set; } = 163_776;

    /// <summary>How many lines of a batch are signed and stored together. Default 256: enough to keep both cores
    /// and the store busy, small enough that a client sees results stream back.</summary>
    [Range(1, 10_000)]
    public int BatchChunkSize { get; set; } = 256;

    /// <summary>How long a wallet's presentation QR is valid. Default and most 60 s (DESIGN §4); a province may choose less,
    /// down to 15 s, which still leaves a counter time to scan it (the wallet shows a fresh one 10 s before the end).</summary>
    [Range(typeof(TimeSpan), "00:00:15", "00:01:00")]
    public TimeSpan PresentationLifetime { get; set; } = TimeSpan.FromSeconds(60);
}
