using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Reasons;
using ELicense.Core.Status;
using ELicense.Core.Tests.Verification;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Status;

/// <summary>
/// Status lists that no other province, no future date and no revoked key can bend (DESIGN §6, §13):
/// each attack was seen to turn a revoked licence VALID or to lock out the genuine list.
/// </summary>
public sealed class StatusListReceiptTests
{
    private const int MaxEntries = 1 << 24;
    private static readonly DateTimeOffset Now = Some.Now.AddMinutes(1);

    [Fact]
    public void A_list_named_for_320000_but_signed_by_a_trusted_310000_key_is_refused_whichever_province_the_caller_names()
    {
        var forged = StatusListTokenCodec.Sign(Token("320000-1", Now), TestPki.Sm2.SignerFor("310000"));

        Assert.False(StatusListTokenCodec.TryVerify(forged, TestPki.Trust(), "320000", "320000-1", Now, null, MaxEntries, out _, out var asOwn));
        Assert.Contains("ISSUER_REGION_MISMATCH", asOwn, StringComparison.Ordinal);

        // The old code checked the signer against the province the unsigned licence claimed (310000) and took it.
        Assert.False(StatusListTokenCodec.TryVerify(forged, TestPki.Trust(), "310000", "320000-1", Now, null, MaxEntries, out _, out var asForeign));
        Assert.Contains("not one of province 310000", asForeign, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_dated_a_year_ahead_is_refused_and_the_next_genuine_list_is_taken()
    {
        var signer = TestPki.Sm2.SignerFor("320000");
        var collection = new StatusListCollection();
        var ahead = Token("320000-1", Now.AddYears(1));
        Assert.False(StatusListTokenCodec.TryVerify(StatusListTokenCodec.Sign(ahead, signer), TestPki.Trust(), "320000", "320000-1", Now, null, MaxEntries, out _, out var error));
        Assert.Contains("ahead", error, StringComparison.Ordinal);

        var genuine = Token("320000-1", Now.AddSeconds(-10));
        genuine.List[4711] = LicenceStatus.Revoked;
        Assert.True(StatusListTokenCodec.TryVerify(StatusListTokenCodec.Sign(genuine, signer), TestPki.Trust(), "320000", "320000-1", Now, null, MaxEntries, out var verified, out error), error);
        Assert.True(collection.Offer(verified!, Now));
        Assert.Equal(LicenceStatus.Revoked, collection.Find("320000", new StatusReference("320000-1", 4711))!.Status);
    }

    [Fact]
    public void A_list_claiming_a_lifetime_beyond_seven_days_is_refused()
    {
        var token = Token("320000-1", Now.AddMinutes(-1)) with { ExpiresAt = Now.AddYears(50) };

        Assert.False(StatusListTokenCodec.TryVerify(StatusListTokenCodec.Sign(token, TestPki.Sm2.SignerFor("320000")), TestPki.Trust(), "320000", "320000-1",
            Now, null, MaxEntries, out _, out var error));
        Assert.Contains("lifetime", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("320000-01")]
    [InlineData("320000--1")]
    [InlineData("320000-")]
    [InlineData("320000-1 ")]
    [InlineData("320000-１")]
    [InlineData("320100-1")]
    [InlineData("310000-1")]
    [InlineData("320000-1234567890")]
    [InlineData("../320000-1")]
    public void A_list_name_outside_the_provinces_namespace_is_refused_before_anything_is_decoded(string name)
    {
        var token = StatusListTokenCodec.Sign(Token(name, Now), TestPki.Sm2.SignerFor("320000"));

        Assert.False(StatusListName.BelongsTo(name, "320000"));
        Assert.False(StatusListTokenCodec.TryVerify(token, TestPki.Trust(), "320000", name, Now, null, MaxEntries, out _, out var error));
        Assert.Contains("not one of province", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_of_two_provinces_with_the_same_name_are_held_apart()
    {
        var collection = new StatusListCollection();
        var ours = Held("320000", Token("320000-1", Now));
        ours.Token.List[7] = LicenceStatus.Revoked;
        collection.Offer(ours, Now);
        collection.Offer(Held("310000", Token("320000-1", Now.AddMinutes(1))), Now);

        Assert.Equal(LicenceStatus.Revoked, collection.Find("320000", new StatusReference("320000-1", 7))!.Status);
    }

    [Fact]
    public void The_collection_is_bounded_and_drops_expired_lists_first()
    {
        var collection = new StatusListCollection(capacity: 3);
        collection.Offer(Held("320000", Token("320000-1", Now.AddDays(-2)) with { ExpiresAt = Now.AddDays(-1) }), Now);
        collection.Offer(Held("320000", Token("320000-2", Now)), Now);
        collection.Offer(Held("320000", Token("320000-3", Now)), Now);
        collection.Offer(Held("320000", Token("320000-4", Now)), Now);

        Assert.Equal(3, collection.Count);
        Assert.Null(collection.Get("320000", "320000-1"));
        for (var i = 5; i < 50; i++)
        {
            collection.Offer(Held("320000", Token("320000-" + i, Now)), Now);
        }

        Assert.Equal(3, collection.Count);
    }

    [Fact]
    public void A_held_list_whose_signer_is_revoked_afterwards_no_longer_answers_for_any_licence()
    {
        var scenario = new Scenario();
        var signer = TestPki.Sm2.SignerFor("320000");
        var collection = new StatusListCollection();
        Assert.True(StatusListTokenCodec.TryVerify(StatusListTokenCodec.Sign(Token("320000-1", Now.AddSeconds(-30)), signer), scenario.Trust, "320000", "320000-1",
            Now, null, MaxEntries, out var held, out var error), error);
        collection.Offer(held!, Now);
        Assert.Equal(VerdictKind.Valid, Scenario.Pipeline.Verify(scenario.Text, scenario.Trust, collection, Now).Kind);

        // The licence was signed before the compromise time, the list after it: the licence stands, the list no longer counts.
        var revoked = TestPki.TrustWith(KeyFamily.Sm2, "320000", SignerState.Revoked, Now.AddSeconds(-40));
        var verdict = Scenario.Pipeline.Verify(scenario.Text, revoked, collection, Now);

        Assert.Equal(VerdictKind.Indeterminate, verdict.Kind);
        Assert.Equal(ReasonCode.StatusUnavailable, verdict.FirstReason!.Code);
        Assert.Contains("KEY_REVOKED", verdict.FirstReason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_re_signed_by_the_fresh_key_in_the_same_second_replaces_one_whose_signer_was_revoked()
    {
        var collection = new StatusListCollection();
        var old = Held("320000", Token("320000-1", Now));
        var fresh = TestPki.Rsa.SignerFor("320000");
        var resigned = new VerifiedStatusList("320000", Token("320000-1", Now), fresh.Kid, fresh.Certificate);
        var revoked = TestPki.TrustWith(KeyFamily.Sm2, "320000", SignerState.Revoked, Now.AddMinutes(-1));
        collection.Offer(old, Now);

        Assert.False(collection.Offer(resigned, Now, TestPki.Trust()));
        Assert.True(collection.Offer(resigned, Now, revoked));
        Assert.Equal(fresh.Certificate, collection.Get("320000", "320000-1")!.SignerCertificate);
    }

    [Fact]
    public void A_correctly_signed_licence_naming_another_provinces_list_is_indeterminate_and_names_nothing_to_fetch()
    {
        var licence = Some.Licence() with { Status = new StatusReference("310000-0", 5) };
        var scenario = new Scenario(licence: licence);

        var prepared = Scenario.Pipeline.Prepare(scenario.Text, scenario.Trust, Now);
        var verdict = Scenario.Pipeline.Complete(prepared, scenario.Status, Now);

        Assert.True(prepared.Passed);
        Assert.Null(prepared.StatusToFetch);
        Assert.Equal(VerdictKind.Indeterminate, verdict.Kind);
        Assert.Equal(ReasonCode.StatusListInvalid, verdict.FirstReason!.Code);
    }

    [Fact]
    public void Only_a_licence_whose_signature_verified_names_a_list_to_fetch_and_it_is_the_signers_provinces()
    {
        var scenario = new Scenario();
        var genuine = Scenario.Pipeline.Prepare(scenario.Text, scenario.Trust, Now);
        var tampered = Scenario.Pipeline.Prepare(scenario.Text[..^4] + (scenario.Text[^4] == 'A' ? "B" : "A") + scenario.Text[^3..], scenario.Trust, Now);
        var untrusted = Scenario.Pipeline.Prepare(scenario.Text, TestPki.Untrusted.Trust(Some.Now), Now);

        Assert.Equal(new StatusListKey("320000", "320000-1"), genuine.StatusToFetch);
        Assert.Equal(scenario.Licence.Identifier, genuine.VerifiedIdentifier);
        Assert.Null(tampered.StatusToFetch);
        Assert.Null(tampered.VerifiedIdentifier);
        Assert.Null(untrusted.StatusToFetch);
    }

    private static StatusListToken Token(string name, DateTimeOffset issuedAt) =>
        new(name, issuedAt, issuedAt.AddHours(24), TimeSpan.FromMinutes(5), new StatusList(StatusList.MinimumEntries));

    private static VerifiedStatusList Held(string province, StatusListToken token)
    {
        var signer = TestPki.Sm2.SignerFor(province);
        return new VerifiedStatusList(province, token, signer.Kid, signer.Certificate);
    }
}
