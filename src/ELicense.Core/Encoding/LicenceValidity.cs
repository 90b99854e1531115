namespace ELicense.Core.Encoding;

/// <summary>
/// A licence's own validity as a presentation carries it (payload key 11), so that a verifier holds
/// the presentation to the licence's dates and not only to its own 60-second window.
/// </summary>
/// <param name="From">The licence's valid-from.</param>
/// <param name="Until">The licence's valid-until; null for a permanent licence.</param>
public sealed record LicenceValidity(DateTimeOffset From, DateTimeOffset? Until);
