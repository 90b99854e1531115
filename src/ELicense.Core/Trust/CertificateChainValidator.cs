using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace ELicense.Core.Trust;

/// <summary>
/// Validates the fixed three-level chain of DESIGN §3 — configured national root → provincial CA →
/// document signer — with the checks RFC 5280 §6 makes that matter here: names chain, each
/// signature verifies under its issuer's key with an allowed algorithm, the CA certificates are CAs
/// with keyCertSign and a path length that allows the chain, the end entity is not a CA and has
/// digitalSignature, no unknown critical extension, and (when an instant is given) every
/// certificate is valid then. Only roots handed to the constructor are anchors.
/// What each certificate's role requires of it (CA, signer, critical extensions) is <see cref="CertificateProfile"/>.
/// </summary>
public sealed class CertificateChainValidator
{
    private static readonly HashSet<string> AllowedSignatureAlgorithms =
    [
        GMObjectIdentifiers.sm2sign_with_sm3.Id,
        PkcsObjectIdentifiers.Sha256WithRsaEncryption.Id,
        PkcsObjectIdentifiers.Sha384WithRsaEncryption.Id,
        PkcsObjectIdentifiers.Sha512WithRsaEncryption.Id,
    ];

    /// <summary>Issuers are the roots and the provinces' CAs: a few dozen. The bound only guards against a flood of forged CAs.</summary>
    private const int MaxIssuerKeys = 4_096;

    private readonly IReadOnlyList<X509Certificate> roots;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IVerificationKey> issuerKeys = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> caSignatures = new(StringComparer.Ordinal);

    /// <param name="roots">The DER national root certificates to trust.</param>
    /// <exception cref="ArgumentException">A root is not a self-signed CA certificate.</exception>
    public CertificateChainValidator(IEnumerable<byte[]> roots)
    {
        this.roots = roots.Select(der => new X509Certificate(der)).ToList();
        foreach (var root in this.roots)
        {
            var error = CertificateProfile.CheckCa(root, minimumPathLength: 1);
            if (error is not null)
            {
                throw new ArgumentException($"Root '{root.SubjectDN}' cannot be an anchor: {error}");
            }
        }
    }

    /// <summary>Validates an end-entity certificate against the roots through one of the given provincial CAs.</summary>
    /// <param name="endEntity">The DER end-entity (document-signer or list-signer) certificate.</param>
    /// <param name="intermediates">DER provincial CA certificates that may issue it.</param>
    /// <param name="at">When given, every certificate must be valid at this instant.</param>
    public ChainValidationResult Validate(byte[] endEntity, IEnumerable<byte[]> intermediates, DateTimeOffset? at = null)
    {
        var leaf = TryParse(endEntity);
        if (leaf is null)
        {
            return ChainValidationResult.Fail("The certificate cannot be parsed.");
        }

        string? lastError = null;
        foreach (var caDer in intermediates)
        {
            var ca = TryParse(caDer);
            if (ca is null || !ca.SubjectDN.Equivalent(leaf.IssuerDN, inOrder: true))
            {
                continue;
            }

            foreach (var root in roots)
            {
                if (!root.SubjectDN.Equivalent(ca.IssuerDN, inOrder: true))
                {
                    continue;
                }

                var result = ValidatePath(leaf, ca, root, at);
                if (result.IsValid)
                {
                    return result;
                }

                lastError = result.Error;
            }
        }

        return ChainValidationResult.Fail(lastError ?? $"No trusted chain leads to '{leaf.SubjectDN}': its issuer is not a provincial CA under a configured root.");
    }

    /// <summary>
    /// Validates an end-entity certificate against one provincial CA the caller holds itself (the
    /// issuing service checking its own keys, which it must not take from its store on trust): the
    /// same rules as <see cref="Validate"/> below the root.
    /// </summary>
    public ChainValidationResult ValidateIssuedBy(byte[] endEntity, byte[] provincialCa, DateTimeOffset? at = null)
    {
        var leaf = TryParse(endEntity);
        var ca = TryParse(provincialCa);
        return leaf is null || ca is null || !ca.SubjectDN.Equivalent(leaf.IssuerDN, inOrder: true)
            ? ChainValidationResult.Fail("The certificate is not one of this provincial CA's.")
            : ValidatePath(leaf, ca, null, at);
    }

    private ChainValidationResult ValidatePath(X509Certificate leaf, X509Certificate ca, X509Certificate? root, DateTimeOffset? at)
    {
        IVerificationKey? key = null;
        var error = (root is null ? null : CheckCaSignature(ca, root)) ?? CheckSignature(leaf, ca)
            ?? CertificateProfile.CheckCa(ca, minimumPathLength: 0) ?? CertificateProfile.CheckEndEntity(leaf, out key);
        if (error is not null)
        {
            return ChainValidationResult.Fail(error);
        }

        var province = CertificateNames.ProvinceOf(ca.SubjectDN);
        if (province is null)
        {
            return ChainValidationResult.Fail($"The provincial CA '{ca.SubjectDN}' names no province code (OU).");
        }

        var leafProvince = leaf.SubjectDN.GetValueList(X509Name.OU);
        if (leafProvince.Count > 0 && CertificateNames.ProvinceOf(leaf.SubjectDN) != province)
        {
            return ChainValidationResult.Fail($"'{leaf.SubjectDN}' claims another province than its CA ({province}).");
        }

        var window = (root is null ? WindowOf(ca) : WindowOf(root).Intersect(WindowOf(ca))).Intersect(WindowOf(leaf));
        if (at is { } instant && !window.Contains(instant))
        {
            return ChainValidationResult.Fail($"A certificate of the chain is not valid at {instant:O}.");
        }

        return new ChainValidationResult(province, window, null, key);
    }

    /// <summary>
    /// Checks a certificate's signature under its issuer. SM2 and RSA-SHA256 go through the core's own
    /// keys (BouncyCastle's SM2 on the fast curve, .NET's RSA), with each issuer's key decoded once and
    /// kept: a trust list of 40 signers under two CAs costs 42 decodings less. Other RSA digests fall
    /// back to BouncyCastle.
    /// </summary>
    private string? CheckSignature(X509Certificate certificate, X509Certificate issuer)
    {
        if (!AllowedSignatureAlgorithms.Contains(certificate.SigAlgOid))
        {
            return $"'{certificate.SubjectDN}' is signed with an algorithm not allowed here ({certificate.SigAlgOid}).";
        }

        var failure = $"The signature on '{certificate.SubjectDN}' does not verify under '{issuer.SubjectDN}'.";
        var issuerKeyInfo = issuer.CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded();
        var issuerIsSm2 = Sm2Sm3Algorithm.Instance.AcceptsPublicKey(issuerKeyInfo);
        if (issuerIsSm2 != (certificate.SigAlgOid == GMObjectIdentifiers.sm2sign_with_sm3.Id))
        {
            return $"'{certificate.SubjectDN}' is signed with an algorithm that does not match its issuer's key.";
        }

        try
        {
            if (issuerIsSm2 || certificate.SigAlgOid == PkcsObjectIdentifiers.Sha256WithRsaEncryption.Id)
            {
                var key = IssuerKey(issuerKeyInfo);
                var signature = certificate.GetSignature();
                var tbs = certificate.GetTbsCertificate();
                return key switch
                {
                    Sm2VerificationKey sm2 => Crypto.Sm2Der.TryToRaw(signature, out var raw) && sm2.Verify(tbs, raw),
                    RsaVerificationKey rsa => rsa.VerifyPkcs1Sha256(tbs, signature),
                    _ => false,
                } ? null : failure;
            }

            certificate.Verify(issuer.GetPublicKey());
            return null;
        }
        // A signature BIT STRING with padding bits raises IOException only here, when it is first read (found by fuzzing the trust list).
        catch (Exception e) when (MalformedAsn1.Is(e) || e is System.Security.Cryptography.CryptographicException)
        {
            return failure;
        }
    }

    /// <summary>A provincial CA's signature under a root, checked once per (CA, root) and remembered: every entry of a trust list names the same few CAs.</summary>
    private string? CheckCaSignature(X509Certificate ca, X509Certificate root)
    {
        var id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(ca.GetEncoded())) + Convert.ToHexString(root.GetSignature().AsSpan(0, 16));
        if (caSignatures.TryGetValue(id, out var known))
        {
            return known;
        }

        var error = CheckSignature(ca, root);
        if (caSignatures.Count < MaxIssuerKeys)
        {
            caSignatures[id] = error;
        }

        return error;
    }

    private IVerificationKey IssuerKey(byte[] subjectPublicKeyInfo)
    {
        var id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(subjectPublicKeyInfo));
        if (issuerKeys.TryGetValue(id, out var key))
        {
            return key;
        }

        key = SignatureAlgorithms.ImportPublicKey(subjectPublicKeyInfo);
        if (issuerKeys.Count < MaxIssuerKeys)
        {
            issuerKeys[id] = key;
        }

        return key;
    }

    /// <summary>Parses DER; null for anything that is not a certificate (bytes from a fetched list are untrusted).</summary>
    private static X509Certificate? TryParse(byte[] der)
    {
        try
        {
            return new X509Certificate(der);
        }
        catch (Exception e) when (MalformedAsn1.Is(e))
        {
            return null;
        }
    }

    private static ValidityWindow WindowOf(X509Certificate certificate)
        => new(new DateTimeOffset(certificate.NotBefore, TimeSpan.Zero), new DateTimeOffset(certificate.NotAfter, TimeSpan.Zero));
}
