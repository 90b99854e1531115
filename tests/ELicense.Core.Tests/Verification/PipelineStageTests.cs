using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Verification;

/// <summary>Each stage after decoding: the reason it gives, the verdict tier, and that later checks did not run.</summary>
public class PipelineStageTests
{
    [Fact]
    public void Verify_when_signed_under_an_untrusted_root_returns_UNTRUSTED_ISSUER()
    {
        var scenario = new Scenario();
        var text = QrPayloadCodec.Encode(scenario.Licence, TestPki.Untrusted.SignerFor("320000"));

        var verdict = scenario.Verify(text);

        AssertFails(verdict, ReasonCode.UntrustedIssuer, CheckName.Signature);
    }

    [Fact]
    public void Verify_when_licence_claims_another_province_than_its_signer_returns_ISSUER_REGION_MISMATCH()
    {
        var licence = Some.Licence(region: "310101");
        var text = QrPayloadCodec.Encode(licence, TestPki.Sm2.SignerFor("320000"));

        var verdict = new Scenario(licence: licence).Verify(text);

        AssertFails(verdict, ReasonCode.IssuerRegionMismatch, CheckName.Chain);
    }

    [Fact]
    public void Verify_when_signed_outside_the_certificate_window_returns_CERTIFICATE_NOT_VALID_AT_SIGNING()
    {
        var licence = Some.Licence(issuedAt: Some.Now.AddYears(-3));
        var scenario = new Scenario(licence: licence);

        AssertFails(scenario.Verify(), ReasonCode.CertificateNotValidAtSigning, CheckName.Chain);
    }

    [Fact]
    public void Verify_when_key_revoked_without_compromise_time_returns_KEY_REVOKED()
    {
        var scenario = new Scenario { Trust = TestPki.TrustWith(KeyFamily.Sm2, "320000", SignerState.Revoked) };

        AssertFails(scenario.Verify(), ReasonCode.KeyRevoked, CheckName.KeyState);
    }

    [Fact]
    public void Verify_when_key_revoked_before_signing_returns_KEY_REVOKED()
    {
        var scenario = new Scenario { Trust = TestPki.TrustWith(KeyFamily.Sm2, "320000", SignerState.Revoked, Some.Now.AddDays(-1)) };

        AssertFails(scenario.Verify(), ReasonCode.KeyRevoked, CheckName.KeyState);
    }

    [Fact]
    public void Verify_when_signed_at_or_after_the_compromise_time_returns_KEY_REVOKED()
    {
        var scenario = new Scenario { Trust = TestPki.TrustWith(KeyFamily.Sm2, "320000", SignerState.Revoked, Some.Now) };

        AssertFails(scenario.Verify(now: Some.Now.AddMinutes(1)), ReasonCode.KeyRevoked, CheckName.KeyState);
    }

    [Fact]
    public void Verify_when_signed_before_the_compromise_time_stays_valid_after_the_revocation_is_known()
    {
        // DESIGN §3: a compromise voids what the key signed from the stated time on; what it signed before stays valid.
        var scenario = new Scenario { Trust = TestPki.TrustWith(KeyFamily.Sm2, "320000", SignerState.Revoked, Some.Now.AddSeconds(30)) };

        Assert.Equal(VerdictKind.Valid, scenario.Verify(now: Some.Now.AddMinutes(1)).Kind);
    }

    [Fact]
    public void Verify_when_signed_by_a_key_after_its_retirement_returns_KEY_RETIRED()
    {
        var retired = TestPki.Trust().Signers.Select(s => s.Province == "320000" && s.Key.Algorithm.Family == KeyFamily.Sm2
            ? s with { State = SignerState.Retired, RetiredAt = Some.Now.AddMinutes(-10) } : s);
        var scenario = new Scenario { Trust = new TrustMaterial(retired, Some.Now) };

        AssertFails(scenario.Verify(now: Some.Now.AddMinutes(1)), ReasonCode.KeyRetired, CheckName.KeyState);
    }

    [Fact]
    public void Verify_before_the_stated_compromise_time_is_valid()
    {
        var scenario = new Scenario { Trust = TestPki.TrustWith(KeyFamily.Sm2, "320000", SignerState.Revoked, Some.Now.AddHours(1)) };

        Assert.Equal(VerdictKind.Valid, scenario.Verify(now: Some.Now.AddMinutes(1)).Kind);
    }

    [Fact]
    public void Verify_when_signed_by_a_pending_key_returns_KEY_NOT_ACTIVE()
    {
        var scenario = new Scenario { Trust = TestPki.TrustWith(KeyFamily.Sm2, "320000", SignerState.Pending) };

        AssertFails(scenario.Verify(), ReasonCode.KeyNotActive, CheckName.KeyState);
    }

    [Fact]
    public void Verify_when_signed_by_a_retired_key_is_valid()
    {
        var retired = TestPki.Trust().Signers.Select(s => s.Province == "320000" && s.Key.Algorithm.Family == KeyFamily.Sm2
            ? s with { State = SignerState.Retired, RetiredAt = Some.Now.AddSeconds(30) } : s);
        var scenario = new Scenario { Trust = new TrustMaterial(retired, Some.Now) };

        Assert.Equal(VerdictKind.Valid, scenario.Verify().Kind);
    }

    [Fact]
    public void Verify_when_signed_in_the_future_returns_ISSUED_IN_FUTURE()
        => AssertFails(new Scenario().Verify(now: Some.Now.AddMinutes(-10)), ReasonCode.IssuedInFuture, CheckName.Validity);

    [Fact]
    public void Verify_within_the_clock_skew_is_valid()
        => Assert.Equal(VerdictKind.Valid, new Scenario().Verify(now: Some.Now.AddMinutes(-4)).Kind);

    [Fact]
    public void Verify_before_valid_from_returns_NOT_YET_VALID()
    {
        var licence = Some.Licence() with { ValidFrom = Some.Now.AddDays(10) };

        AssertFails(new Scenario(licence: licence).Verify(), ReasonCode.NotYetValid, CheckName.Validity);
    }

    [Fact]
    public void Verify_after_valid_until_returns_EXPIRED()
    {
        var scenario = new Scenario();

        var verdict = scenario.Verify(now: Some.Now.AddYears(20).AddDays(1));

        AssertFails(verdict, ReasonCode.Expired, CheckName.Validity);
    }

    [Fact]
    public void A_permanent_licence_does_not_expire()
    {
        var scenario = new Scenario(licence: Some.Licence(BaseTypes.MarriageCertificate));

        Assert.Null(scenario.Licence.ValidUntil);
        Assert.Equal(ReasonCode.StatusStale, scenario.Verify(now: Some.Now.AddYears(15)).FirstReason!.Code);
    }

    [Fact]
    public void Verify_an_expired_presentation_returns_PRESENTATION_EXPIRED_saying_how_long_ago()
    {
        var scenario = new Scenario();
        var text = QrPayloadCodec.Encode(Some.Presentation(scenario.Licence, Some.Now), scenario.Signer);

        var verdict = scenario.Verify(text, Some.Now.AddSeconds(61));

        AssertFails(verdict, ReasonCode.PresentationExpired, CheckName.Validity);
        Assert.Contains("1 s", verdict.FirstReason!.Message);
        Assert.Contains("1 秒", verdict.FirstReason.MessageZh);
    }

    [Fact]
    public void A_presentation_claiming_a_long_life_is_CONTENT_INVALID()
    {
        var scenario = new Scenario();
        var presentation = Some.Presentation(scenario.Licence, Some.Now) with { ValidUntil = Some.Now.AddDays(1) };

        AssertFails(scenario.Verify(QrPayloadCodec.Encode(presentation, scenario.Signer)), ReasonCode.ContentInvalid, CheckName.Format);
    }

    [Theory]
    [InlineData(LicenceStatus.Revoked, ReasonCode.Revoked)]
    [InlineData(LicenceStatus.Suspended, ReasonCode.Suspended)]
    public void Verify_reports_a_revoked_or_suspended_status(LicenceStatus status, ReasonCode reason)
    {
        var scenario = new Scenario();
        scenario.Status = new StatusSnapshot().Set(scenario.Licence.Status, new StatusEvidence(status, Some.Now, Some.Now.AddHours(1)));

        AssertFails(scenario.Verify(), reason, CheckName.Status);
    }

    [Fact]
    public void Verify_without_a_status_list_is_INDETERMINATE_not_valid()
    {
        var scenario = new Scenario { Status = new StatusSnapshot() };

        var verdict = scenario.Verify();

        Assert.Equal(VerdictKind.Indeterminate, verdict.Kind);
        Assert.Equal(ReasonCode.StatusUnavailable, verdict.FirstReason!.Code);
        Assert.Equal(CheckResult.Indeterminate, verdict.Checks.Status);
    }

    [Fact]
    public void Verify_past_the_status_list_exp_is_INDETERMINATE()
    {
        var verdict = new Scenario().Verify(now: Some.Now.AddHours(2));

        Assert.Equal(VerdictKind.Indeterminate, verdict.Kind);
        Assert.Equal(ReasonCode.StatusStale, verdict.FirstReason!.Code);
        Assert.Equal("PT2H3M", verdict.StatusAge);
    }

    [Fact]
    public void Verify_with_stale_trust_is_INDETERMINATE_and_reports_the_trust_age()
    {
        var scenario = new Scenario();
        scenario.Trust = new TrustMaterial(scenario.Trust.Signers, Some.Now.AddHours(-30), staleAfter: Some.Now.AddHours(-6));

        var verdict = scenario.Verify();

        Assert.Equal(VerdictKind.Indeterminate, verdict.Kind);
        Assert.Equal(ReasonCode.TrustListStale, verdict.FirstReason!.Code);
        Assert.Equal("P1DT6H1M", verdict.TrustListAge);
    }

    [Fact]
    public void Verify_with_a_bad_identifier_check_character_returns_IDENTIFIER_INVALID_before_any_signature_check()
    {
        var licence = Some.Licence();
        var bad = licence.Identifier[..^1] + (licence.Identifier[^1] == 'A' ? 'B' : 'A');
        var scenario = new Scenario(licence: licence with { Identifier = bad });

        var verdict = scenario.Verify();

        AssertFails(verdict, ReasonCode.IdentifierInvalid, CheckName.Identifier);
        Assert.Equal(CheckResult.NotChecked, verdict.Checks.Signature);
    }

    [Fact]
    public void Verify_with_an_identifier_of_another_authority_returns_IDENTIFIER_MISMATCH()
    {
        var licence = Some.Licence();
        var other = LicenceIdentifier.Create(licence.TypeCode, Some.CreditCode("11320100MB654321A"), "2026X");
        var scenario = new Scenario(licence: licence with { Identifier = other.ToString() });

        AssertFails(scenario.Verify(), ReasonCode.IdentifierMismatch, CheckName.Identifier);
    }

    [Fact]
    public void Verify_content_breaking_a_field_rule_returns_CONTENT_INVALID_naming_the_field()
    {
        var licence = Some.Licence();
        var fields = new Dictionary<string, string>(licence.Fields) { ["birthDate"] = "1990-3-7" };

        var verdict = new Scenario(licence: licence with { Fields = fields }).Verify();

        AssertFails(verdict, ReasonCode.ContentInvalid, CheckName.Content);
        Assert.Contains("fields.birthDate", verdict.FirstReason!.Message);
    }

    [Fact]
    public void Colliding_kids_are_all_tried()
    {
        var scenario = new Scenario();
        var genuine = scenario.Trust.Find(scenario.Signer.Kid).Single();
        var other = TestPki.Sm2.SignerFor("310000");
        var decoy = genuine with { Key = Sm2Sm3Algorithm.Instance.ImportPublicKey(other.Key.SubjectPublicKeyInfo), Province = "310000" };
        scenario.Trust = new TrustMaterial([decoy, .. scenario.Trust.Signers], Some.Now);

        Assert.Equal(2, scenario.Trust.Find(scenario.Signer.Kid).Count);
        Assert.Equal(VerdictKind.Valid, scenario.Verify().Kind);
    }

    [Fact]
    public void Every_reason_code_is_in_the_catalogue_and_in_the_documentation()
    {
        var document = File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "reason-codes.md"));
        foreach (var code in Enum.GetValues<ReasonCode>())
        {
            var entry = ReasonCatalogue.Describe(code);
            Assert.False(string.IsNullOrWhiteSpace(entry.MessageZh));
            Assert.Contains($"`{Reason.CodeText(code)}`", document);
        }
    }

    private static void AssertFails(Verdict verdict, ReasonCode reason, CheckName check)
    {
        Assert.Equal(VerdictKind.Invalid, verdict.Kind);
        Assert.Equal(reason, verdict.FirstReason!.Code);
        Assert.Equal(CheckResult.Failed, verdict.Checks[check]);
        Assert.All(Enum.GetValues<CheckName>().Where(c => c < check), c => Assert.Equal(CheckResult.Ok, verdict.Checks[c]));
        Assert.All(Enum.GetValues<CheckName>().Where(c => c > check), c => Assert.Equal(CheckResult.NotChecked, verdict.Checks[c]));
    }
}
