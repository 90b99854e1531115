namespace ELicense.LicenseService.Storage;

/// <summary>Every stored key at one instant, and the change counter then.</summary>
public sealed record KeySnapshot(long Sequence, IReadOnlyList<StoredKey> Keys)
{
    /// <summary>Records in the store that were left out, each with why (<see cref="KeyStore.ReadAsync"/>).</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    /// <summary>The document signers, as the lifecycle sees them.</summary>
    public IReadOnlyList<Core.Keys.ManagedKey> DocumentSigners() =>
        [.. Keys.Where(k => k.Purpose == SignerPurposeKind.DocumentSigner).Select(k => k.ToManagedKey())];
}
