namespace ELicense.Core.Trust;

/// <summary>
/// Where a province's LicenseService publishes what every Verifier reads (a contract between the two
/// processes, kept here once): the signed trust list and catalogue under <c>/.well-known/elicense/</c>,
/// and the status lists. The media types are the codecs' own (<see cref="TrustListCodec.Type"/>,
/// <see cref="CatalogueDocumentCodec.Type"/>, <see cref="Status.StatusListTokenCodec.Type"/>).
/// </summary>
public static class ProvinceRoutes
{
    public const string WellKnown = "/.well-known/elicense/";

    /// <summary>The last segment of the catalogue's route: a Verifier finds the catalogue beside the trust list it is configured with.</summary>
    public const string CatalogueSegment = "catalogue";

    public const string TrustList = WellKnown + "trust-list";

    public const string Catalogue = WellKnown + CatalogueSegment;

    public const string Jwks = WellKnown + "jwks.json";

    /// <summary>The index of the province's status lists.</summary>
    public const string StatusLists = "/api/v1/status-lists";

    /// <summary>The route template of one status list.</summary>
    public const string StatusListTemplate = StatusLists + "/{list}";

    /// <summary>The path of the status list <paramref name="name"/> (a checked <see cref="Status.StatusListName"/>).</summary>
    public static string StatusList(string name) => StatusLists + "/" + name;
}
