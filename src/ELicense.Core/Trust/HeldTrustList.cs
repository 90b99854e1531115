namespace ELicense.Core.Trust;

/// <summary>A province's list as held: verified, its bytes (for the cache) and when it was last received.</summary>
public sealed record HeldTrustList(VerifiedTrustList List, byte[] Bytes, DateTimeOffset ReceivedAt);

/// <summary>A province's catalogue document as held: what it says, the catalogue it makes, the signed bytes, and when it was last received.</summary>
public sealed record HeldCatalogue(CatalogueDocument Document, Licenses.LicenceCatalogue Catalogue, byte[] Bytes, DateTimeOffset ReceivedAt);
