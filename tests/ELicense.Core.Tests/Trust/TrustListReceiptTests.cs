using ELicense.Core.Crypto;
using ELicense.Core.Trust;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Trust;

/// <summary>
/// Trust lists are judged when they arrive (DESIGN §3, §13): a list's own dates never vouch for its
/// signer, and a province whose list signer was compromised can be recovered (docs/adr/0005).
/// </summary>
public sealed class TrustListReceiptTests
{
    private static readonly CertificateChainValidator Roots = new([TestPki.Sm2.Root.Certificate, TestPki.Rsa.Root.Certificate]);
    private static readonly DateTimeOffset Now = Some.Now;

    [Fact]
    public void A_list_from_a_signer_expired_yesterday_backdated_into_its_validity_with_the_highest_sequence_is_refused_and_the_genuine_list_is_taken()
    {
        var expired = ExpiredListSigner();
        var attack = TestTrustLists.List("320000", [TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Active)]) with
        {
            Sequence = long.MaxValue,
            IssuedAt = Now.AddDays(-10),
            ExpiresAt = Now.AddYears(50),
            SignerChain = [expired.Certificate, TestPki.Sm2.ProvincialCas["320000"].Certificate, TestPki.Rsa.ProvincialCas["320000"].Certificate],
        };
        var collection = new TrustListCollection(Roots);

        var offer = collection.Offer("320000", TrustListCodec.Sign(attack, expired), Now);

        Assert.Equal(TrustOfferResult.Refused, offer.Result);
        Assert.Contains("receipt time", offer.Error, StringComparison.Ordinal);
        var genuine = TestTrustLists.List("320000", [TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Active)]);
        Assert.Equal(TrustOfferResult.Accepted, collection.Offer("320000", TestTrustLists.Sign(genuine), Now).Result);
    }

    [Fact]
    public void A_list_dated_ahead_of_its_receipt_or_claiming_more_than_a_month_of_life_is_refused()
    {
        var entries = new[] { TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Active) };
        var ahead = TestTrustLists.List("320000", entries) with { IssuedAt = Now.AddHours(1), ExpiresAt = Now.AddDays(7) };
        var long_lived = TestTrustLists.List("320000", entries) with { ExpiresAt = Now.AddYears(1) };
        var collection = new TrustListCollection(Roots);

        Assert.Contains("ahead", collection.Offer("320000", TestTrustLists.Sign(ahead), Now).Error, StringComparison.Ordinal);
        Assert.Contains("lifetime", collection.Offer("320000", TestTrustLists.Sign(long_lived), Now).Error, StringComparison.Ordinal);
        Assert.Empty(collection.Held);
    }

    [Fact]
    public void A_province_whose_list_signer_was_compromised_is_recovered_by_distrusting_that_signer()
    {
        // A thief of the list signer's key publishes a list that outranks every genuine one.
        var stolen = TestTrustLists.ListSigner("320000");
        var attack = TestTrustLists.List("320000", [TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Active)]) with { Sequence = long.MaxValue };
        var attackBytes = TrustListCodec.Sign(attack, stolen);
        var fresh = FreshListSigner();
        var genuine = TestTrustLists.List("320000", [TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Revoked)]) with
        {
            Sequence = 12,
            SignerChain = [fresh.Certificate, TestPki.Sm2.ProvincialCas["320000"].Certificate, TestPki.Rsa.ProvincialCas["320000"].Certificate],
        };
        var genuineBytes = TrustListCodec.Sign(genuine, fresh);

        var before = new TrustListCollection(Roots);
        Assert.True(before.Offer("320000", attackBytes, Now).Taken);
        Assert.Equal(TrustOfferResult.Older, before.Offer("320000", genuineBytes, Now).Result);

        // After the restart with the stolen signer distrusted, its list (say from the disk cache) no longer counts.
        var distrusted = new Dictionary<string, IReadOnlySet<string>> { ["320000"] = new HashSet<string> { TrustListCollection.Fingerprint(stolen.Certificate) } };
        var after = new TrustListCollection(Roots, distrusted);
        Assert.Contains("distrusted", after.Offer("320000", attackBytes, Now).Error, StringComparison.Ordinal);
        Assert.Equal(TrustOfferResult.Accepted, after.Offer("320000", genuineBytes, Now).Result);
        Assert.Equal(SignerState.Revoked, Assert.Single(after.Material.Signers).State);
    }

    [Fact]
    public void A_retired_entry_publishes_its_retirement_and_nothing_it_signed_later_is_admitted()
    {
        var retiredAt = Now.AddDays(-3);
        var list = TestTrustLists.List("320000", [TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Retired) with { RetiredAt = retiredAt }]);

        Assert.True(TrustListCodec.TryVerify(TestTrustLists.Sign(list), Roots, Now, null, out var verified, out var error), error);

        var signer = Assert.Single(verified!.Signers);
        Assert.Equal(retiredAt.ToUnixTimeSeconds(), signer.RetiredAt!.Value.ToUnixTimeSeconds());
        Assert.Null(SignerAdmission.Check(signer, SignedKind.Licence, retiredAt.AddDays(-1), "320000"));
        Assert.Equal(Core.Reasons.ReasonCode.KeyRetired, SignerAdmission.Check(signer, SignedKind.Licence, retiredAt.AddMinutes(6), "320000"));
        Assert.Equal(Core.Reasons.ReasonCode.KeyRetired, SignerAdmission.Check(signer, SignedKind.StatusList, retiredAt.AddMinutes(6), "320000"));
    }

    [Fact]
    public void A_retirement_time_on_a_key_that_is_not_retired_is_refused()
    {
        var list = TestTrustLists.List("320000", [TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Active) with { RetiredAt = Now }]);

        Assert.False(TrustListCodec.TryVerify(TestTrustLists.Sign(list), Roots, Now, null, out _, out _));
    }

    private static DocumentSigner ExpiredListSigner() => ListSignerValid(new ValidityWindow(Now.AddDays(-400), Now.AddDays(-1)));

    private static DocumentSigner FreshListSigner() => ListSignerValid(new ValidityWindow(Now.AddMinutes(-10), Now.AddYears(2)));

    private static DocumentSigner ListSignerValid(ValidityWindow validity)
    {
        var ca = TestPki.Sm2.ProvincialCas["320000"];
        var key = SignatureAlgorithms.For(KeyFamily.Sm2).Generate();
        var certificate = CertificateBuilder.CreateListSigner(ca.Certificate, ca.Key, key.SubjectPublicKeyInfo, "320000",
            "Trust list signer (DEVELOPMENT ONLY)", "Test", validity);
        return new DocumentSigner(key, certificate);
    }
}
