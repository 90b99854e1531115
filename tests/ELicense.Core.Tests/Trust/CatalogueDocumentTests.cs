using ELicense.Core.Licenses;
using ELicense.Core.Trust;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Trust;

/// <summary>The catalogue document gets the trust list's hostile-input treatment: what is refused leaves the last good copy held.</summary>
public sealed class CatalogueDocumentTests
{
    private static readonly CertificateChainValidator Roots = new([TestPki.Sm2.Root.Certificate, TestPki.Rsa.Root.Certificate]);

    [Fact]
    public void A_document_of_the_province_is_taken_and_its_types_verify_for_that_province_only()
    {
        var collection = new TrustListCollection(Roots);

        var offer = collection.OfferCatalogue("310000", TestCatalogues.Sign(TestCatalogues.Document("310000", [ProvinceTypes.ResidencePermit(1)])), Some.Now);

        Assert.Equal(TrustOfferResult.Accepted, offer.Result);
        Assert.NotNull(collection.Material.Catalogues.Find("310000", ProvinceTypes.ResidencePermitCode, 1));
        Assert.Null(collection.Material.Catalogues.Find("320000", ProvinceTypes.ResidencePermitCode, 1));
    }

    [Theory]
    [InlineData("tampered", "")]
    [InlineData("signed by 江苏's list signer", "kid")]
    [InlineData("filed under another province", "not 310000")]
    [InlineData("older", "older")]
    [InlineData("oversized", "larger")]
    [InlineData("changes a published version", "changes")]
    [InlineData("drops a published version", "drops")]
    [InlineData("dated ahead", "ahead")]
    public void A_tampered_foreign_older_oversized_or_rewriting_document_is_refused_and_the_held_one_stays(string name, string expected)
    {
        var collection = new TrustListCollection(Roots);
        var good = TestCatalogues.Document("310000", [ProvinceTypes.ResidencePermit(1)]);
        var goodBytes = TestCatalogues.Sign(good);
        Assert.True(collection.OfferCatalogue("310000", goodBytes, Some.Now).Taken);

        var offer = collection.OfferCatalogue("310000", Hostile(name, good, goodBytes), Some.Now.AddMinutes(2));

        Assert.False(offer.Taken);
        Assert.Contains(expected, offer.Error ?? "", StringComparison.Ordinal);
        Assert.Same(goodBytes, collection.Catalogues["310000"].Bytes);
        Assert.Equal("上海市居住证", collection.Material.Catalogues.Find("310000", ProvinceTypes.ResidencePermitCode, 1)!.NameZh);
    }

    [Fact]
    public void Definitions_a_province_may_not_publish_are_left_out_one_by_one_and_named()
    {
        var collection = new TrustListCollection(Roots);
        var relaxedIdCard = BaseTypes.IdCard with { Version = 2, Fields = [.. BaseTypes.IdCard.Fields.Select(f => f with { Required = false })] };
        var document = TestCatalogues.Document("310000",
        [
            ProvinceTypes.ResidencePermit(1),
            ProvinceTypes.ResidencePermit(1) with { Code = "11320000014000158N001", Key = "js-permit" },
            ProvinceTypes.ResidencePermit(1) with { Code = "11100000000013338W099", Key = "national-body-permit" },
            relaxedIdCard,
        ]) with { Types = [.. LicenceCatalogue.NationalBase.All.Select((t, i) => i == 0 ? t with { NameZh = "身份证（改）" } : t)] };
        document = document with { Types = [.. document.Types, ProvinceTypes.ResidencePermit(1), ProvinceTypes.ResidencePermit(1) with { Code = "11320000014000158N001", Key = "js-permit" },
            ProvinceTypes.ResidencePermit(1) with { Code = "11100000000013338W099", Key = "national-body-permit" }, relaxedIdCard] };

        Assert.True(collection.OfferCatalogue("310000", TestCatalogues.Sign(document), Some.Now).Taken);

        var held = collection.Catalogues["310000"].Document;
        Assert.Equal(4, held.Refused.Count);
        var catalogues = collection.Material.Catalogues;
        Assert.NotNull(catalogues.Find("310000", ProvinceTypes.ResidencePermitCode, 1));
        Assert.Null(catalogues.Find("310000", "11320000014000158N001", 1));
        Assert.Null(catalogues.Find("310000", "11100000000013338W099", 1));
        Assert.Null(catalogues.Find("310000", BaseTypes.IdCard.Code, 2));
        Assert.Equal("居民身份证", catalogues.Find("310000", BaseTypes.IdCard.Code, 1)!.NameZh);
    }

    [Fact]
    public void The_held_bytes_offered_again_are_unchanged_and_judged_at_the_new_receipt_time()
    {
        var collection = new TrustListCollection(Roots);
        var bytes = TestCatalogues.Sign(TestCatalogues.Document("310000", [ProvinceTypes.ResidencePermit(1)]));
        Assert.True(collection.OfferCatalogue("310000", bytes, Some.Now).Taken);

        Assert.Equal(TrustOfferResult.Unchanged, collection.OfferCatalogue("310000", bytes, Some.Now.AddMinutes(5)).Result);
        Assert.Equal(Some.Now.AddMinutes(5), collection.Catalogues["310000"].ReceivedAt);
        Assert.Equal(TrustOfferResult.Refused, collection.OfferCatalogue("310000", bytes, Some.Now.AddYears(30)).Result);
    }

    [Fact]
    public void A_newer_document_adds_a_version_and_keeps_the_published_one()
    {
        var collection = new TrustListCollection(Roots);
        Assert.True(collection.OfferCatalogue("310000", TestCatalogues.Sign(TestCatalogues.Document("310000", [ProvinceTypes.ResidencePermit(1)])), Some.Now).Taken);

        var next = TestCatalogues.Document("310000", [ProvinceTypes.ResidencePermit(1), ProvinceTypes.ResidencePermit(2)], Some.Now.AddMinutes(1));

        Assert.Equal(TrustOfferResult.Accepted, collection.OfferCatalogue("310000", TestCatalogues.Sign(next), Some.Now.AddMinutes(1)).Result);
        Assert.NotNull(collection.Material.Catalogues.Find("310000", ProvinceTypes.ResidencePermitCode, 1));
        Assert.NotNull(collection.Material.Catalogues.Find("310000", ProvinceTypes.ResidencePermitCode, 2));
    }

    private static byte[] Hostile(string name, CatalogueDocument good, byte[] goodBytes)
    {
        switch (name)
        {
            case "tampered":
                var tampered = (byte[])goodBytes.Clone();
                tampered[tampered.Length / 2] ^= 0x20;
                return tampered;
            case "signed by 江苏's list signer": return TestCatalogues.Sign(good, TestTrustLists.ListSigner("320000"));
            case "filed under another province": return TestCatalogues.Sign(TestCatalogues.Document("320000", []));
            case "older": return TestCatalogues.Sign(good with { Sequence = 0, Types = LicenceCatalogue.NationalBase.All });
            case "oversized": return new byte[CatalogueDocumentCodec.MaxBytes + 1];
            case "changes a published version":
                return TestCatalogues.Sign(TestCatalogues.Document("310000", [ProvinceTypes.ResidencePermit(1) with { NameZh = "上海市居住证（改）" }], Some.Now.AddMinutes(1)));
            case "drops a published version": return TestCatalogues.Sign(TestCatalogues.Document("310000", [], Some.Now.AddMinutes(1)) with { Sequence = 2 });
            case "dated ahead": return TestCatalogues.Sign(TestCatalogues.Document("310000", [ProvinceTypes.ResidencePermit(1)], Some.Now.AddDays(1)) with { Sequence = 5 });
            default: throw new ArgumentOutOfRangeException(nameof(name), name, "no such case");
        }
    }
}
