using ELicense.Core.Crypto;
using ELicense.Core.Trust;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Trust;

/// <summary>
/// A revocation is final at the verifier: a province's newer list that shows a key the held list has
/// revoked as not revoked, or revoked only from a later compromise time, is refused — whoever writes
/// the province's key store could otherwise have its own service sign a list that gives a stolen key
/// back. A compromise time may move earlier, and a revoked key may leave the list.
/// </summary>
public sealed class RevocationFinalityTests
{
    private static readonly CertificateChainValidator Roots = new([TestPki.Sm2.Root.Certificate, TestPki.Rsa.Root.Certificate]);
    private static readonly DateTimeOffset Now = Some.Now;
    private static readonly DateTimeOffset CompromisedAt = Now.AddDays(-2);
    private static readonly string KidHex = Kid.ToHex(Kid.Compute(TestPki.Sm2.DocumentSigners["320000"].Certificate));

    public static TheoryData<string, TrustListEntry> Unrevocations() => new()
    {
        { "retired", TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Retired) with { RetiredAt = CompromisedAt } },
        { "active", TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Active) },
        { "pending", TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Pending) with { ActivateAt = Now } },
        { "revoked an hour later", TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Revoked, CompromisedAt.AddHours(1)) },
    };

    public static TheoryData<string, TrustListEntry[]> Allowed() => new()
    {
        { "revoked an hour earlier", [TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Revoked, CompromisedAt.AddHours(-1)), RsaActive()] },
        { "revoked at the same time", [TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Revoked, CompromisedAt), RsaActive()] },
        { "revoked with no compromise time", [TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Revoked), RsaActive()] },
        { "removed", [RsaActive()] },
    };

    [Theory]
    [MemberData(nameof(Unrevocations))]
    public void A_newer_list_showing_a_revoked_key_not_revoked_or_compromised_later_is_refused_and_the_revocation_stands(string what, TrustListEntry offeredEntry)
    {
        var collection = HoldingRevocation(CompromisedAt);

        var offer = collection.Offer("320000", TestTrustLists.Sign(Newer([offeredEntry, RsaActive()])), Now.AddHours(1));

        Assert.True(offer.Result == TrustOfferResult.Refused, $"{what}: {offer.Result}");
        Assert.Contains("kid " + KidHex, offer.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("DEVELOPMENT", offer.Error, StringComparison.Ordinal); // nothing of the names in the list's certificates
        Assert.Equal(7, collection.Held["320000"].List.List.Sequence);
        var signer = Assert.Single(collection.Material.Signers);
        Assert.Equal((SignerState.Revoked, CompromisedAt.ToUnixTimeSeconds()), (signer.State, signer.CompromisedAt!.Value.ToUnixTimeSeconds()));
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void A_newer_list_moving_the_compromise_time_earlier_or_removing_the_revoked_key_is_taken(string what, TrustListEntry[] entries)
    {
        var collection = HoldingRevocation(CompromisedAt);

        var offer = collection.Offer("320000", TestTrustLists.Sign(Newer(entries)), Now.AddHours(1));

        Assert.True(offer.Result == TrustOfferResult.Accepted, $"{what}: {offer.Result} {offer.Error}");
        Assert.Equal(8, collection.Held["320000"].List.List.Sequence);
    }

    [Fact]
    public void A_key_revoked_with_no_compromise_time_stays_revoked_for_everything_it_signed()
    {
        var collection = HoldingRevocation(null);

        var offer = collection.Offer("320000", TestTrustLists.Sign(Newer([TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Revoked, CompromisedAt)])), Now.AddHours(1));

        Assert.Equal(TrustOfferResult.Refused, offer.Result);
        Assert.Contains("kid " + KidHex, offer.Error, StringComparison.Ordinal);
        Assert.Contains("no compromise time", offer.Error, StringComparison.Ordinal);
    }

    /// <summary>The SM2 import accepts a compressed point too, so the same key written compressed must be the same key here.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_revoked_key_under_a_fresh_certificate_is_still_the_revoked_key(bool compressed)
    {
        var ca = TestPki.Sm2.ProvincialCas["320000"];
        var stolen = TestPki.Sm2.DocumentSigners["320000"].Key;
        var spki = compressed ? Compressed(stolen.SubjectPublicKeyInfo) : stolen.SubjectPublicKeyInfo;
        Assert.NotNull(SignatureAlgorithms.ImportPublicKey(spki));
        var certificate = CertificateBuilder.CreateEndEntity(ca.Certificate, ca.Key, spki, "320000",
            "Document signer (DEVELOPMENT ONLY)", "Test", new ValidityWindow(Now.AddDays(-1), Now.AddYears(2)));
        var recertified = new TrustListEntry(certificate, SignerState.Active, CertificatePurposes.ValidityOf(certificate));
        var collection = HoldingRevocation(CompromisedAt);

        var offer = collection.Offer("320000", TestTrustLists.Sign(Newer([recertified, RsaActive()])), Now.AddHours(1));

        Assert.Equal(TrustOfferResult.Refused, offer.Result);
        Assert.Contains("kid " + Kid.ToHex(Kid.Compute(certificate)), offer.Error, StringComparison.Ordinal);
        Assert.Contains(KidHex, offer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rule_compares_the_offered_list_with_the_list_held_alone()
    {
        var held = TestTrustLists.List("320000", [TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Revoked, CompromisedAt)]);

        Assert.Null(RevocationFinality.Problem(held, Newer([TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Revoked, CompromisedAt)])));
        Assert.Null(RevocationFinality.Problem(Newer([TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Active)]), held));
        Assert.NotNull(RevocationFinality.Problem(held, Newer([TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Active)])));
    }

    private static TrustListCollection HoldingRevocation(DateTimeOffset? compromisedAt)
    {
        var collection = new TrustListCollection(Roots);
        var held = TestTrustLists.List("320000", [TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Revoked, compromisedAt)]);
        Assert.Equal(TrustOfferResult.Accepted, collection.Offer("320000", TestTrustLists.Sign(held), Now).Result);
        return collection;
    }

    private static TrustList Newer(IReadOnlyList<TrustListEntry> entries)
        => TestTrustLists.List("320000", entries) with { Sequence = 8, IssuedAt = Now.AddHours(1), ExpiresAt = Now.AddHours(1).AddDays(7) };

    /// <summary>The same SubjectPublicKeyInfo with its EC point in compressed form (SEC 1 §2.3.3).</summary>
    private static byte[] Compressed(byte[] subjectPublicKeyInfo)
    {
        var info = Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(subjectPublicKeyInfo);
        var point = Sm2Curve.X9.Curve.DecodePoint(info.PublicKey.GetOctets());
        return new Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo(info.Algorithm, point.GetEncoded(true)).GetDerEncoded();
    }

    private static TrustListEntry RsaActive() => TestTrustLists.Entry(TestPki.Rsa, "320000", SignerState.Active);
}
