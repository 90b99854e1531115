using ELicense.Core.Crypto;
using ELicense.Core.Trust;

namespace ELicense.DevPki;

/// <summary>
/// A whole PKI of DESIGN §3 for one algorithm family: a national root, one provincial CA per
/// province, one document signer per province.
/// </summary>
public sealed class GeneratedPki
{
    public required KeyFamily Family { get; init; }

    public required PkiMember Root { get; init; }

    public required IReadOnlyDictionary<string, PkiMember> ProvincialCas { get; init; }

    public required IReadOnlyDictionary<string, PkiMember> DocumentSigners { get; init; }

    /// <summary>The document signer of a province, ready to sign licences.</summary>
    public DocumentSigner SignerFor(string province) => new(DocumentSigners[province].Key, DocumentSigners[province].Certificate);

    /// <summary>Trust material holding every document signer, validated against this root only.</summary>
    public TrustMaterial Trust(DateTimeOffset asOf) => TrustAcross([this], asOf);

    /// <summary>Trust material over several PKIs (e.g. the SM2 and RSA one), each root an anchor.</summary>
    public static TrustMaterial TrustAcross(IEnumerable<GeneratedPki> pkis, DateTimeOffset asOf)
    {
        var list = pkis.ToList();
        var builder = new TrustMaterialBuilder(new CertificateChainValidator(list.Select(p => p.Root.Certificate)));
        var cas = list.SelectMany(p => p.ProvincialCas.Values.Select(m => m.Certificate)).ToList();
        foreach (var signer in list.SelectMany(p => p.DocumentSigners.Values))
        {
            if (!builder.Add(signer.Certificate, cas))
            {
                throw new InvalidOperationException(string.Join("; ", builder.Refusals));
            }
        }

        return builder.Build(asOf);
    }
}
