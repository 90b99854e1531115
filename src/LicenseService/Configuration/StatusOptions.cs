using System.ComponentModel.DataAnnotations;

namespace ELicense.LicenseService.Configuration;

/// <summary>Signed status lists (DESIGN §6). Section <c>Status</c>.</summary>
public sealed class StatusOptions
{
    public const string Section = "Status";

    /// <summary>The shortest time between two signings of one list. Default 2 s: a change is public within
    /// seconds, and a burst of changes costs one signature, not one per change or per request.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ResignInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The token's exp − iat. Default 24 h: a verifier cut off from the province keeps a usable
    /// status for a day, then says INDETERMINATE.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The token's ttl: how long a verifier may use it before fetching again. Default 5 minutes,
    /// so a revocation reaches every counter within about five minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromMinutes(5);
}
