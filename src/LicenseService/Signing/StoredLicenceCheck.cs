using ELicense.Core.Reasons;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.LicenseService.Keys;
using ELicense.LicenseService.Observability;
using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService.Signing;

/// <summary>
/// Checks a stored licence as a verifier would, against the province's own keys, before anything is
/// signed from it (a PDF, a presentation, a re-issued version): DESIGN §13, the store is not trusted
/// to hold what this service signed. The signature, the signer's state at the licence's signing time
/// and the identifier stored beside it must all hold; a record that fails is never signed again.
/// </summary>
public sealed class StoredLicenceCheck(KeyManager keys, ICertificateAuthority ca, IssuanceMetrics metrics, TimeProvider time, ILogger<StoredLicenceCheck> logger)
{
    private static readonly VerificationPipeline Pipeline = new();
    private readonly CertificateChainValidator chains = new([]);
    private volatile Material? material;

    /// <summary>The outcome: passed, or the first reason it failed (a validity reason is not tampering).</summary>
    public readonly record struct Outcome(bool Passed, Reason? Failure, PreparedLicence? Prepared)
    {
        /// <summary>Whether it failed only because of the time (expired or not yet valid): the record itself is sound.</summary>
        public bool OutsideValidity => Failure?.Code is ReasonCode.Expired or ReasonCode.NotYetValid;
    }

    /// <summary>The current time, for records about a check.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Verifies <paramref name="record"/>; <paramref name="admitRevoked"/> lets a revoked signer's licence through (the re-issue of exactly those).</summary>
    public Outcome Check(LicenceRecord record, bool admitRevoked = false)
    {
        var now = time.GetUtcNow();
        var trust = Trust(admitRevoked);
        var prepared = Pipeline.Prepare(record.Qr, trust, now);
        if (prepared.Passed)
        {
            return prepared.VerifiedIdentifier == record.Id
                ? new Outcome(true, null, prepared)
                : new Outcome(false, new Reason(ReasonCode.PayloadInvalid, "The signed identifier differs from the record's.", "签名内容中的标识与存储记录不符。"), prepared);
        }

        var failure = Pipeline.Complete(prepared, null, now).FirstReason;
        return new Outcome(false, failure, prepared);
    }

    /// <summary>Records a refusal: metric, error log (identifier and reason only, no personal data).</summary>
    public void Refused(LicenceRecord record, Reason? failure, string use)
    {
        metrics.RecordStoredLicenceRefused(use, failure?.Code);
        logger.LogError("Stored licence {Id} failed verification before {Use} and was not signed: {Reason}", record.Id, use,
            failure is null ? "unknown" : Reason.CodeText(failure.Code));
    }

    private TrustMaterial Trust(bool admitRevoked)
    {
        var snapshot = keys.Snapshot;
        var held = material;
        if (held is null || held.Sequence != snapshot.Sequence)
        {
            held = material = new Material(snapshot.Sequence, Build(snapshot, false), Build(snapshot, true));
        }

        return admitRevoked ? held.AdmittingRevoked : held.Strict;
    }

    /// <summary>
    /// The province's document signers from the key records — only those whose certificate the
    /// provincial CA issued: a record planted in the store with an outside certificate vouches for nothing.
    /// </summary>
    private TrustMaterial Build(KeySnapshot snapshot, bool admitRevoked)
    {
        var signers = new List<TrustedSigner>();
        foreach (var k in snapshot.Keys.Where(k => k.Purpose == SignerPurposeKind.DocumentSigner && ca.Families.Contains(k.Family)))
        {
            var chain = chains.ValidateIssuedBy(k.Certificate, ca.CaCertificate(k.Family));
            if (!chain.IsValid || Kid.ToHex(Kid.Compute(k.Certificate)) != k.Kid)
            {
                logger.LogError("Key record {Kid} holds a certificate the provincial CA did not issue; it is not trusted: {Error}", k.Kid, chain.Error ?? "kid mismatch");
                continue;
            }

            var state = admitRevoked && k.State == SignerState.Revoked ? SignerState.Retired : k.State;
            signers.Add(new TrustedSigner(Kid.Compute(k.Certificate), k.Certificate, chain.Province!, chain.Key!, chain.Window, state,
                state == SignerState.Revoked ? k.CompromisedAt : null, k.State == SignerState.Pending ? k.ActivateAt : null,
                state == SignerState.Retired ? k.RetiredAt ?? k.RevokedAt : null));
        }

        return new TrustMaterial(signers, DateTimeOffset.MinValue);
    }

    private sealed record Material(long Sequence, TrustMaterial Strict, TrustMaterial AdmittingRevoked);
}
