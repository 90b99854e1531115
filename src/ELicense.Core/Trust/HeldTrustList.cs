namespace ELicense.Core.Trust;

/// <summary>A province's list as held: verified, its bytes (for the cache) and when it was last received.</summary>
public sealed record HeldTrustList(VerifiedTrustList List, byte[] Bytes, DateTimeOffset ReceivedAt);
