namespace ELicense.Core.Licenses;

/// <summary>The authority that issued a licence.</summary>
/// <param name="RegionCode">The GB/T 2260 code of the authority's region; its province must be the signer's.</param>
/// <param name="AuthorityName">The authority's name as printed.</param>
/// <param name="AuthorityCode">The authority's unified social credit code; it is also in the identifier.</param>
public sealed record Issuer(string RegionCode, string AuthorityName, string AuthorityCode);
