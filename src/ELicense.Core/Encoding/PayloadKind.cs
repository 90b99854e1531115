namespace ELicense.Core.Encoding;

/// <summary>What a QR text carries: a licence (<c>ELC1:</c>) or a short-lived presentation (<c>ELP1:</c>).</summary>
public enum PayloadKind
{
    Licence,
    Presentation,
}

/// <summary>Prefixes and COSE content types of the two payload kinds (DESIGN §4).</summary>
public static class PayloadKinds
{
    public const string LicencePrefix = "ELC1:";
    public const string PresentationPrefix = "ELP1:";

    /// <summary>
    /// COSE content-type values (header 3) from the CoAP Content-Format range for experimental use
    /// (65000-65535, RFC 7252 §12.3): two bytes each where a media-type string would cost thirty.
    /// Being in the protected header they bind the kind to the signature, so a licence cannot be
    /// passed off as a presentation or back.
    /// </summary>
    public const int LicenceContentType = 65000;

    public const int PresentationContentType = 65001;

    public static string Prefix(this PayloadKind kind) => kind == PayloadKind.Licence ? LicencePrefix : PresentationPrefix;

    public static int ContentType(this PayloadKind kind) => kind == PayloadKind.Licence ? LicenceContentType : PresentationContentType;
}
