using ELicense.Core.Reasons;

namespace ELicense.Core.Trust;

/// <summary>
/// The one signer-admission rule of DESIGN §3: may this trusted signer, in the state its province's
/// trust list gives it, have signed a document of this kind dated <c>signedAt</c>, for a document that
/// claims to be of <c>province</c>? Every check that accepts a signature asks here — licence stages,
/// presentations, PDF signatures and status lists — and nothing else decides on province, pending,
/// retired, revoked or compromise time.
/// <list type="bullet">
/// <item>province: the signer's provincial CA vouches for the document's province;</item>
/// <item>certificate: every certificate of the signer's chain was valid at <c>signedAt</c>;</item>
/// <item>pending: only what is dated at or after the announced activation time;</item>
/// <item>retired: nothing dated more than <see cref="RetirementGrace"/> after the published retirement time (nothing at all when none is known: the trust-list
/// codec fills in the list's own date for lists that do not state it);</item>
/// <item>revoked: nothing dated at or after the compromise time (everything when none is stated); lists
/// (status, trust, catalogue), which the province re-signs within hours with a live key, never.</item>
/// </list>
/// A holder of a stolen key writes any date he likes; the compromise time is therefore chosen by the
/// province's administrator to be early enough, and everything the key signed after it is re-issued
/// by a fresh key (DESIGN §7).
/// </summary>
public static class SignerAdmission
{
    /// <summary>
    /// How long after its retirement a retired key's signatures still count: the province's replicas switch to the
    /// successor at their next key round (seconds apart) and clocks differ; five minutes, the skew JWT libraries allow.
    /// </summary>
    public static readonly TimeSpan RetirementGrace = TimeSpan.FromMinutes(5);

    /// <summary>Null when the signer may have signed the document; otherwise why not.</summary>
    /// <param name="signer">The trusted signer whose key verified the signature.</param>
    /// <param name="kind">What it signed.</param>
    /// <param name="signedAt">The document's own date (iat, /M).</param>
    /// <param name="province">The province the document claims (from its issuer region or list name); null when it claims none.</param>
    public static ReasonCode? Check(TrustedSigner signer, SignedKind kind, DateTimeOffset signedAt, string? province)
    {
        if (province is not null && province != signer.Province)
        {
            return ReasonCode.IssuerRegionMismatch;
        }

        if (!signer.Window.Contains(signedAt))
        {
            return ReasonCode.CertificateNotValidAtSigning;
        }

        return signer.State switch
        {
            SignerState.Pending when signer.ActivateAt is not { } activation || signedAt < activation => ReasonCode.KeyNotActive,
            SignerState.Retired when signer.RetiredAt is not { } retired || signedAt >= retired + RetirementGrace => ReasonCode.KeyRetired,
            SignerState.Revoked when IsList(kind) || signer.CompromisedAt is not { } compromised || signedAt >= compromised => ReasonCode.KeyRevoked,
            _ => null,
        };
    }

    /// <summary>
    /// The rule for a signer named by its certificate (as a held status list or a PDF signature names it), looked
    /// up in the trust material held now: a signer that is no longer in it is <see cref="ReasonCode.UntrustedIssuer"/>.
    /// </summary>
    /// <param name="trust">The trust material held now.</param>
    /// <param name="certificate">The DER certificate of the signer.</param>
    /// <param name="kind">What it signed.</param>
    /// <param name="signedAt">The document's own date.</param>
    /// <param name="province">The province the document claims.</param>
    /// <param name="kid">The certificate's kid when the caller has it already (it is computed otherwise).</param>
    public static ReasonCode? Check(TrustMaterial trust, byte[] certificate, SignedKind kind, DateTimeOffset signedAt, string? province, byte[]? kid = null)
    {
        var signer = trust.FindByCertificate(certificate, kid);
        return signer is null ? ReasonCode.UntrustedIssuer : Check(signer, kind, signedAt, province);
    }

    /// <summary>Whether a reason of the rule belongs to the chain check (province, certificate) rather than to the key state.</summary>
    public static bool IsChainReason(ReasonCode code) => code is ReasonCode.IssuerRegionMismatch or ReasonCode.CertificateNotValidAtSigning;

    private static bool IsList(SignedKind kind) => kind is SignedKind.StatusList or SignedKind.TrustList or SignedKind.Catalogue;
}
