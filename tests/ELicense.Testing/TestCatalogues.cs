using ELicense.Core.Licenses;
using ELicense.Core.Trust;

namespace ELicense.Testing;

/// <summary>Signed catalogue documents of the test PKI's provinces.</summary>
public static class TestCatalogues
{
    /// <summary>A province's document: the national base and <paramref name="types"/>, sequence = how many were added.</summary>
    public static CatalogueDocument Document(string region, IReadOnlyList<LicenceType> types, DateTimeOffset? issuedAt = null)
    {
        var at = issuedAt ?? Some.Now;
        return new CatalogueDocument(region, types.Count, at, at.AddDays(7),
            [TestTrustLists.ListSigner(region).Certificate, TestPki.Sm2.ProvincialCas[region].Certificate, TestPki.Rsa.ProvincialCas[region].Certificate],
            [.. LicenceCatalogue.NationalBase.All, .. types]);
    }

    /// <summary>Signs a document with the province's test list signer (or <paramref name="signer"/>).</summary>
    public static byte[] Sign(CatalogueDocument document, DocumentSigner? signer = null)
        => CatalogueDocumentCodec.Sign(document, signer ?? TestTrustLists.ListSigner(document.Region));
}
