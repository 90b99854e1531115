namespace ELicense.Core.Trust;

/// <summary>The life of a document-signer key (DESIGN §7).</summary>
public enum SignerState
{
    /// <summary>Published, not yet signing: verifiers learn it before its first signature.</summary>
    Pending,

    /// <summary>Signs; one per province and algorithm.</summary>
    Active,

    /// <summary>No longer signs; what it signed stays verifiable.</summary>
    Retired,

    /// <summary>Cut off from its compromise time on (or entirely when none is stated).</summary>
    Revoked,
}
