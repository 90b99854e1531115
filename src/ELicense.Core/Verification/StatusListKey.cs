namespace ELicense.Core.Verification;

/// <summary>A status list a host should have at hand to complete a verification: the list <paramref name="Name"/> of the licence signer's province.</summary>
/// <param name="Province">The province of the signer whose signature verified (never the payload's own claim).</param>
/// <param name="Name">The list name, one of that province's (<c>{province}-{n}</c>).</param>
public sealed record StatusListKey(string Province, string Name);
