using ELicense.Core.Crypto;
using ELicense.Core.Keys;
using ELicense.Core.Trust;
using System.Text.Json.Serialization;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// A key as the store keeps it: the lifecycle record, the certificate and the private key, always
/// encrypted (<see cref="Protected"/> is never false in a record this service wrote; a record that
/// says otherwise is refused, not used). <see cref="Version"/> is the record format.
/// </summary>
public sealed record StoredKey
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>Lower-case hex of the certificate's kid.</summary>
    public required string Kid { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<KeyFamily>))]
    public required KeyFamily Family { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<SignerPurposeKind>))]
    public required SignerPurposeKind Purpose { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<SignerState>))]
    public required SignerState State { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ActivateAt { get; init; }

    public DateTimeOffset? ActivatedAt { get; init; }

    public DateTimeOffset? RetiredAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public DateTimeOffset? CompromisedAt { get; init; }

    public string? RevocationReason { get; init; }

    /// <summary>The DER certificate.</summary>
    public required byte[] Certificate { get; init; }

    public required DateTimeOffset NotBefore { get; init; }

    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>Whether <see cref="PrivateKey"/> is an encrypted envelope (always true).</summary>
    public bool Protected { get; init; } = true;

    /// <summary>The private key in a <see cref="KeyProtector"/> envelope bound to <see cref="Kid"/>; empty once erased.</summary>
    public required byte[] PrivateKey { get; init; }

    /// <summary>When the private key was erased: at the end of its signing period (retired) or at revocation. The certificate stays for verification.</summary>
    public DateTimeOffset? PrivateKeyErasedAt { get; init; }

    /// <summary>Whether the envelope lives in the <see cref="KeyVault"/> beside the store rather than in <see cref="PrivateKey"/> (as stored).</summary>
    public bool PrivateKeyInVault { get; init; }

    /// <summary>The service's seal over the rest of the record (<see cref="KeyRecordSeal"/>).</summary>
    public string? Seal { get; init; }

    /// <summary>Whether the record still holds a private key.</summary>
    [JsonIgnore]
    public bool HasPrivateKey => PrivateKey.Length > 0;

    /// <summary>Whether its private key is no longer needed and must not stay in the store: it can no longer sign.</summary>
    [JsonIgnore]
    public bool PrivateKeyDue => HasPrivateKey && Purpose == SignerPurposeKind.DocumentSigner && State is SignerState.Retired or SignerState.Revoked;

    /// <summary>The record with its private key erased.</summary>
    public StoredKey Erased(DateTimeOffset at) => this with { PrivateKey = [], PrivateKeyInVault = false, PrivateKeyErasedAt = at };

    /// <summary>The lifecycle's view of a document signer.</summary>
    public ManagedKey ToManagedKey() =>
        new(Kid, Family, State, CreatedAt, ActivateAt, ActivatedAt, RetiredAt, CompromisedAt, new ValidityWindow(NotBefore, NotAfter));
}

/// <summary>What a stored key signs.</summary>
public enum SignerPurposeKind
{
    /// <summary>Licences, status lists and PDFs.</summary>
    DocumentSigner,

    /// <summary>The province's trust list.</summary>
    TrustListSigner,
}
