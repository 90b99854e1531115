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

    /// <summary>The private key in a <see cref="KeyProtector"/> envelope bound to <see cref="Kid"/>.</summary>
    public required byte[] PrivateKey { get; init; }

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
