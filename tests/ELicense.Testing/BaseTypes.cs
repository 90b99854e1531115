using ELicense.Core.Licenses;

namespace ELicense.Testing;

/// <summary>The national base's six types by name, for tests (the product reads them from the catalogue data only).</summary>
public static class BaseTypes
{
    public static LicenceType IdCard => Get("id-card");

    public static LicenceType BusinessLicence => Get("business-licence");

    public static LicenceType BirthCertificate => Get("birth-certificate");

    public static LicenceType RoadTransportPermit => Get("road-transport-permit");

    public static LicenceType MarriageCertificate => Get("marriage-certificate");

    public static LicenceType RealEstateCertificate => Get("real-estate-certificate");

    private static LicenceType Get(string key) => LicenceCatalogue.NationalBase.Find(key) ?? throw new InvalidOperationException($"The national base has no '{key}'.");
}
