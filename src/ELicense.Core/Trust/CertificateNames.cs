using ELicense.Core.Identifiers;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace ELicense.Core.Trust;

/// <summary>
/// Distinguished names of the ELicense PKI. A provincial CA and its document signers carry the
/// province's GB/T 2260 code (e.g. 320000) as their organizational unit; that OU is what binds a
/// signer to a province.
/// </summary>
public static class CertificateNames
{
    /// <summary>Builds <c>C=CN, O=organisation, [OU=region], CN=common name</c> with UTF-8 strings.</summary>
    public static X509Name Build(string commonName, string organisation, string? regionCode = null)
    {
        var oids = new List<DerObjectIdentifier> { X509Name.C, X509Name.O };
        var values = new List<string> { "CN", organisation };
        if (regionCode is not null)
        {
            oids.Add(X509Name.OU);
            values.Add(regionCode);
        }

        oids.Add(X509Name.CN);
        values.Add(commonName);
        return new X509Name(oids, values);
    }

    /// <summary>The province-level region code in a name's OU, or null when there is none or it is not one.</summary>
    public static string? ProvinceOf(X509Name name)
    {
        var units = name.GetValueList(X509Name.OU);
        return units.Count == 1 && RegionCode.IsProvince(units[0]) ? units[0] : null;
    }
}
