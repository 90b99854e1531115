using ELicense.Core.Crypto;
using ELicense.Core.Reasons;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Trust;

/// <summary>The one rule of DESIGN §3 on who may have signed what, when; every kind of document asks it.</summary>
public sealed class SignerAdmissionTests
{
    private static readonly DateTimeOffset T = Some.Now;

    private static TrustedSigner Signer(SignerState state, DateTimeOffset? compromised = null, DateTimeOffset? activate = null, DateTimeOffset? retired = null) =>
        TestPki.Trust().Signers.First(s => s.Province == "320000" && s.Key.Algorithm.Family == KeyFamily.Sm2)
            with { State = state, CompromisedAt = compromised, ActivateAt = activate, RetiredAt = retired };

    public static TheoryData<string, SignerState, DateTimeOffset?, DateTimeOffset?, DateTimeOffset?, SignedKind, DateTimeOffset, ReasonCode?> Cases => new()
    {
        { "active signs anything", SignerState.Active, null, null, null, SignedKind.Licence, T, null },
        { "pending before its activation", SignerState.Pending, null, T.AddHours(1), null, SignedKind.Licence, T, ReasonCode.KeyNotActive },
        { "pending from its activation", SignerState.Pending, null, T.AddHours(1), null, SignedKind.Presentation, T.AddHours(1), null },
        { "pending without activation time", SignerState.Pending, null, null, null, SignedKind.StatusList, T, ReasonCode.KeyNotActive },
        { "retired: before its retirement", SignerState.Retired, null, null, T, SignedKind.Licence, T.AddSeconds(-1), null },
        { "retired: within the hand-over grace", SignerState.Retired, null, null, T, SignedKind.Licence, T.AddMinutes(4), null },
        { "retired: after its retirement", SignerState.Retired, null, null, T, SignedKind.PdfDocument, T.AddMinutes(6), ReasonCode.KeyRetired },
        { "retired: a status list after its retirement", SignerState.Retired, null, null, T, SignedKind.StatusList, T.AddMinutes(6), ReasonCode.KeyRetired },
        { "retired without a retirement time", SignerState.Retired, null, null, null, SignedKind.Licence, T, ReasonCode.KeyRetired },
        { "revoked: licence before the compromise", SignerState.Revoked, T, null, null, SignedKind.Licence, T.AddSeconds(-1), null },
        { "revoked: licence at the compromise", SignerState.Revoked, T, null, null, SignedKind.Licence, T, ReasonCode.KeyRevoked },
        { "revoked: PDF after the compromise", SignerState.Revoked, T, null, null, SignedKind.PdfDocument, T.AddDays(1), ReasonCode.KeyRevoked },
        { "revoked without a compromise time", SignerState.Revoked, null, null, null, SignedKind.Licence, T.AddDays(-1), ReasonCode.KeyRevoked },
        { "revoked: a status list even before the compromise", SignerState.Revoked, T, null, null, SignedKind.StatusList, T.AddDays(-1), ReasonCode.KeyRevoked },
        { "revoked: a catalogue even before the compromise", SignerState.Revoked, T, null, null, SignedKind.Catalogue, T.AddDays(-1), ReasonCode.KeyRevoked },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_rule_decides_by_state_kind_and_date(
        string why, SignerState state, DateTimeOffset? compromised, DateTimeOffset? activate, DateTimeOffset? retired, SignedKind kind, DateTimeOffset signedAt, ReasonCode? expected)
        => Assert.True(expected == SignerAdmission.Check(Signer(state, compromised, activate, retired), kind, signedAt, "320000"), why);

    [Fact]
    public void A_document_of_another_province_or_outside_the_certificate_is_refused_before_the_state_is_looked_at()
    {
        var signer = Signer(SignerState.Revoked);

        Assert.Equal(ReasonCode.IssuerRegionMismatch, SignerAdmission.Check(signer, SignedKind.Licence, T, "310000"));
        Assert.Equal(ReasonCode.CertificateNotValidAtSigning, SignerAdmission.Check(signer, SignedKind.Licence, signer.Window.NotAfter.AddDays(1), "320000"));
    }

    [Fact]
    public void A_signer_named_by_a_certificate_no_longer_in_the_trust_is_untrusted()
    {
        Assert.Equal(ReasonCode.UntrustedIssuer,
            SignerAdmission.Check(TestPki.Trust(), TestPki.Untrusted.DocumentSigners["320000"].Certificate, SignedKind.StatusList, T, "320000"));
        Assert.Null(SignerAdmission.Check(TestPki.Trust(), TestPki.Sm2.DocumentSigners["320000"].Certificate, SignedKind.StatusList, T, "320000"));
    }
}
