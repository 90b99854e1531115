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

    /// <summary>The number of entries per status list. Default 131,072, the floor of DESIGN §6: big enough for herd
    /// privacy, small enough (32 KiB of 2-bit entries) for a verifier to fetch cheaply.</summary>
    [Range(131_072, 16_777_216)]
    public int StatusListSize { get; set; } = 131_072;

    /// <summary>How many lines of a batch are signed and stored together. Default 256: enough to keep both cores
    /// and the store busy, small enough that a client sees results stream back.</summary>
    [Range(1, 10_000)]
    public int BatchChunkSize { get; set; } = 256;
}
