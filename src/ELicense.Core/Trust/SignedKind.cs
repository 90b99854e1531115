namespace ELicense.Core.Trust;

/// <summary>The kinds of document a province's keys sign; <see cref="SignerAdmission"/> decides per kind.</summary>
public enum SignedKind
{
    /// <summary>A licence (ELC1:), dated by its iat.</summary>
    Licence,

    /// <summary>A 60-second presentation (ELP1:), dated by its iat.</summary>
    Presentation,

    /// <summary>A licence PDF, dated by its signature dictionary's /M.</summary>
    PdfDocument,

    /// <summary>A status list token, dated by its iat; re-signed by the province every few hours.</summary>
    StatusList,

    /// <summary>A trust list, dated by its iat; checked at receipt time instead (see <see cref="TrustListCodec"/>).</summary>
    TrustList,

    /// <summary>A catalogue document, dated by its iat.</summary>
    Catalogue,
}
