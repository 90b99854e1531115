using ELicense.Core.Crypto;
using ELicense.Core.Trust;
using ELicense.DevPki;

namespace ELicense.Testing;

/// <summary>
/// In-memory PKIs for tests, generated once per test run: a trusted SM2 and RSA PKI for 江苏 and
/// 上海, and an untrusted SM2 look-alike (same province codes, another root).
/// </summary>
public static class TestPki
{
    private static readonly Province[] Provinces = [Province.Development[0], Province.Development[1]];
    private static readonly Lazy<GeneratedPki> LazySm2 = new(() => PkiGenerator.Generate(KeyFamily.Sm2, Provinces, Some.Now.AddDays(-30)));
    private static readonly Lazy<GeneratedPki> LazyRsa = new(() => PkiGenerator.Generate(KeyFamily.Rsa, Provinces, Some.Now.AddDays(-30)));
    private static readonly Lazy<TrustMaterial> LazyTrust = new(() => GeneratedPki.TrustAcross([Sm2, Rsa], Some.Now));
    private static readonly Lazy<GeneratedPki> LazyUntrusted = new(() => PkiGenerator.Generate(KeyFamily.Sm2, Provinces, Some.Now.AddDays(-30), "Impostor Root"));

    public static GeneratedPki Sm2 => LazySm2.Value;

    public static GeneratedPki Rsa => LazyRsa.Value;

    public static GeneratedPki Untrusted => LazyUntrusted.Value;

    public static GeneratedPki For(KeyFamily family) => family == KeyFamily.Sm2 ? Sm2 : Rsa;

    /// <summary>Trust in both trusted PKIs (not the untrusted one), current at <see cref="Some.Now"/>. Immutable, so shared.</summary>
    public static TrustMaterial Trust() => LazyTrust.Value;

    /// <summary>Trust in both PKIs, with the signer of one province and family given another state.</summary>
    public static TrustMaterial TrustWith(KeyFamily family, string province, SignerState state, DateTimeOffset? compromisedAt = null)
    {
        var target = Kid.Compute(For(family).DocumentSigners[province].Certificate);
        var signers = Trust().Signers.Select(s => s.Kid.AsSpan().SequenceEqual(target) ? s with { State = state, CompromisedAt = compromisedAt } : s);
        return new TrustMaterial(signers, Some.Now);
    }
}
