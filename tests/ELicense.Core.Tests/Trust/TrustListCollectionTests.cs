using ELicense.Core.Encoding;
using ELicense.Core.Reasons;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Trust;

public sealed class TrustListCollectionTests
{
    private static readonly CertificateChainValidator Roots = new([TestPki.Sm2.Root.Certificate, TestPki.Rsa.Root.Certificate]);

    [Fact]
    public void A_newer_list_replaces_the_held_one_and_an_older_one_never_does()
    {
        var collection = new TrustListCollection(Roots);
        var active = TestTrustLists.List("320000", [TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Active)]);
        var revoked = active with { Sequence = 8, IssuedAt = Some.Now.AddHours(1), Entries = [TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Revoked)] };

        var activeBytes = TestTrustLists.Sign(active);
        Assert.Equal(TrustOfferResult.Accepted, collection.Offer("320000", activeBytes, Some.Now).Result);
        Assert.Equal(TrustOfferResult.Unchanged, collection.Offer("320000", activeBytes, Some.Now.AddMinutes(5)).Result);
        Assert.Equal(Some.Now.AddMinutes(5), collection.Held["320000"].ReceivedAt);
        Assert.Equal(TrustOfferResult.Accepted, collection.Offer("320000", TestTrustLists.Sign(revoked), Some.Now.AddHours(1)).Result);

        // Replaying the list from before the revocation would bring the key back: refused.
        var replay = collection.Offer("320000", TestTrustLists.Sign(active), Some.Now.AddHours(2));
        Assert.Equal(TrustOfferResult.Older, replay.Result);
        Assert.Contains("older", replay.Error, StringComparison.Ordinal);
        var sameSequenceEarlier = collection.Offer("320000", TestTrustLists.Sign(revoked with { IssuedAt = Some.Now }), Some.Now.AddHours(2));
        Assert.Equal(TrustOfferResult.Older, sameSequenceEarlier.Result);
        Assert.Equal(SignerState.Revoked, Assert.Single(collection.Material.Signers).State);
    }

    [Fact]
    public void A_list_offered_for_another_province_or_one_that_does_not_verify_is_refused_and_changes_nothing()
    {
        var collection = new TrustListCollection(Roots);
        var list = TestTrustLists.Sign(TestTrustLists.List("320000", [TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Active)]));

        var foreign = collection.Offer("310000", list, Some.Now);
        var broken = collection.Offer("320000", list[..^3], Some.Now);

        Assert.Equal(TrustOfferResult.Refused, foreign.Result);
        Assert.Contains("not 310000", foreign.Error, StringComparison.Ordinal);
        Assert.Equal(TrustOfferResult.Refused, broken.Result);
        Assert.Empty(collection.Held);
        Assert.Empty(collection.Material.Signers);
    }

    [Fact]
    public void Each_province_is_as_old_as_its_own_list_and_the_verdict_says_so()
    {
        var collection = new TrustListCollection(Roots);
        var old = TestTrustLists.List("310000", [TestTrustLists.Entry(TestPki.Sm2, "310000", SignerState.Active)]) with { IssuedAt = Some.Now.AddHours(-20) };
        Assert.True(collection.Offer("310000", TestTrustLists.Sign(old), Some.Now).Taken);
        collection.Offer("320000", TestTrustLists.Sign(TestTrustLists.List("320000", [TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Active)])), Some.Now);
        var licence = Some.Licence(region: "310101");
        var text = QrPayloadCodec.Encode(licence, TestPki.Sm2.SignerFor("310000"));
        var status = new StatusSnapshot().Set(licence.Status, new StatusEvidence(LicenceStatus.Valid, Some.Now.AddMinutes(-3), Some.Now.AddHours(1)));

        var verdict = new VerificationPipeline().Verify(text, collection.Material, status, Some.Now.AddMinutes(40));

        Assert.True(verdict.Kind == VerdictKind.Valid, string.Join(", ", verdict.Reasons.Select(r => r.Code + " " + r.Message)));
        Assert.Equal("PT20H40M", verdict.TrustListAge);
        Assert.Equal(Some.Now.AddHours(-20), collection.Material.AsOfFor("310000"));
        Assert.Equal(Some.Now, collection.Material.AsOfFor("320000"));
    }
}
