using System.Security.Cryptography;
using ELicense.Core.Crypto;
using ELicense.Core.Keys;
using ELicense.Core.Trust;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Storage;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Keys;

/// <summary>
/// Makes the keys the lifecycle asks for — a key pair, its certificate from the provincial CA, the
/// private key encrypted for the store at once — and opens a stored key again for signing. The
/// plaintext private key exists only in memory, for the moment of encryption or import.
/// </summary>
public sealed class KeyFactory(
    KeyProtector protector, ICertificateAuthority ca, IOptions<KeyOptions> keyOptions, IOptions<ProvinceOptions> provinceOptions,
    IOptions<SigningKeyOptions> importOptions, IHostEnvironment environment, IKeyLifecycle lifecycle)
{
    private readonly KeyOptions options = keyOptions.Value;
    private readonly ProvinceOptions province = provinceOptions.Value;
    private readonly KeyImport import = new(importOptions.Value, provinceOptions.Value.RegionCode, environment);

    /// <summary>A new document signer (or, for the first key of a family with import configured, the imported one), pending, to sign from <paramref name="activateAt"/>.</summary>
    public async Task<(StoredKey Key, string How)> MakeDocumentSignerAsync(
        KeyFamily family, DateTimeOffset now, DateTimeOffset activateAt, bool firstOfFamily, CancellationToken cancellationToken)
    {
        if (firstOfFamily && import.Load(family) is { } imported)
        {
            return (Store(imported, SignerPurposeKind.DocumentSigner, now, activateAt), "imported from SigningKeys:Folder as the first key");
        }

        await lifecycle.RefreshAsync().ConfigureAwait(false);
        var validity = KeyRotationPolicy.CertificateValidity(now, activateAt, lifecycle.Lifecycle(options.Lifecycle));
        var name = $"{province.AuthorityName} 电子证照签名 {(family == KeyFamily.Sm2 ? "SM2" : "RSA")} {now:yyyyMMddHHmmss}";
        return (await MakeAsync(SignerPurpose.DocumentSigner, family, name, now, activateAt, validity, cancellationToken).ConfigureAwait(false),
            firstOfFamily ? "made as the first key" : "made by rotation");
    }

    /// <summary>A new trust-list signer of the payload's algorithm, valid for <see cref="KeyOptions.ListSignerValidity"/>.</summary>
    public async Task<StoredKey> MakeListSignerAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var made = await MakeAsync(SignerPurpose.TrustListSigner, province.SigningAlgorithm, $"{province.AuthorityName} 电子证照信任列表签名 {now:yyyyMMddHHmmss}",
            now, now, new ValidityWindow(now.AddMinutes(-5), now + options.ListSignerValidity), cancellationToken).ConfigureAwait(false);
        return made with { State = SignerState.Active, ActivatedAt = now };
    }

    private async Task<StoredKey> MakeAsync(
        SignerPurpose purpose, KeyFamily family, string commonName, DateTimeOffset now, DateTimeOffset activateAt, ValidityWindow validity, CancellationToken cancellationToken)
    {
        var key = SignatureAlgorithms.For(family).Generate();
        var certificate = await ca.IssueAsync(purpose, family, key.SubjectPublicKeyInfo, commonName, validity, cancellationToken).ConfigureAwait(false);
        return Store(new DocumentSigner(key, certificate),
            purpose == SignerPurpose.TrustListSigner ? SignerPurposeKind.TrustListSigner : SignerPurposeKind.DocumentSigner, now, activateAt);
    }

    /// <summary>The store record of a signer: its private key encrypted under the current KEK, bound to its kid.</summary>
    private StoredKey Store(DocumentSigner signer, SignerPurposeKind purpose, DateTimeOffset now, DateTimeOffset activateAt)
    {
        var kid = Kid.ToHex(signer.Kid);
        var pkcs8 = signer.Key.ExportPkcs8();
        try
        {
            return new StoredKey
            {
                Kid = kid,
                Family = signer.Key.Algorithm.Family,
                Purpose = purpose,
                State = SignerState.Pending,
                CreatedAt = now,
                ActivateAt = activateAt,
                Certificate = signer.Certificate,
                NotBefore = signer.Validity.NotBefore,
                NotAfter = signer.Validity.NotAfter,
                PrivateKey = protector.Protect(pkcs8, kid),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>Decrypts a stored key into a signer; the PKCS#8 bytes are wiped at once.</summary>
    /// <exception cref="CryptographicException">The KEK it was made under is not configured, or the record was changed.</exception>
    public DocumentSigner Decrypt(StoredKey key)
    {
        if (!key.HasPrivateKey)
        {
            throw new CryptographicException(key.PrivateKeyInVault
                ? $"The private key of {key.Kid} is not in the key vault folder (Storage:KeyVaultFolder); a replica sharing this store must name the same folder."
                : $"The private key of {key.Kid} was erased at {key.PrivateKeyErasedAt:O}; it can no longer sign.");
        }

        var pkcs8 = protector.Unprotect(key.PrivateKey, key.Kid);
        try
        {
            return new DocumentSigner(SignatureAlgorithms.ImportPrivateKey(pkcs8), key.Certificate);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

}
