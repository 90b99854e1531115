namespace ELicense.Core.Status;

/// <summary>The content of a Status List Token (draft-ietf-oauth-status-list §5.2, CWT form).</summary>
/// <param name="Subject">The list's URI or id (claim <c>sub</c>); a licence's status reference names it.</param>
/// <param name="IssuedAt">Claim <c>iat</c>.</param>
/// <param name="ExpiresAt">Claim <c>exp</c>: after it the list must not be used.</param>
/// <param name="TimeToLive">Claim <c>ttl</c>: how long a verifier may cache the token before fetching again.</param>
/// <param name="List">The statuses.</param>
public sealed record StatusListToken(string Subject, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, TimeSpan TimeToLive, StatusList List);
