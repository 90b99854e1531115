using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;
using ELicense.Core.Status;
using ELicense.Core.Verification;
using ELicense.DevPki;
using ELicense.Testing;

// Issues a sample licence of every catalogue type with the development PKI (certs/dev), verifies
// each through the core pipeline and prints the outcome; or verifies one QR text given as argument.
// Exit codes: 0 all valid, 1 invalid, 2 indeterminate, 3 usage or set-up error.
try
{
    var folder = RepositoryPaths.DevCertificates;
    var pkis = new[] { DevPkiFiles.Read(folder, KeyFamily.Sm2), DevPkiFiles.Read(folder, KeyFamily.Rsa) };
    var now = DateTimeOffset.UtcNow;
    var trust = GeneratedPki.TrustAcross(pkis, now);
    var pipeline = new VerificationPipeline();

    if (args is ["verify", var given])
    {
        var verdict = pipeline.Verify(given, trust, null, now);
        Console.WriteLine(JsonSerializer.Serialize(verdict, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        return verdict.Kind switch { VerdictKind.Valid => 0, VerdictKind.Invalid => 1, _ => 2 };
    }

    if (args.Length > 0)
    {
        Console.Error.WriteLine("usage: ELicense.Demo [verify <ELC1:... | ELP1:...>]");
        return 3;
    }

    Console.WriteLine($"ELicense core demo — development PKI from {folder}");
    Console.WriteLine($"{"type",-26} {"alg",-8} {"QR chars",8}  verdict");
    var worst = 0;
    foreach (var pki in pkis)
    {
        var signer = pki.SignerFor("320000");
        foreach (var type in LicenceCatalogue.NationalBase.All)
        {
            var licence = Some.Licence(type, issuedAt: now);
            var text = QrPayloadCodec.Encode(licence, signer);

            // Status lists come with LicenseService; until then the demo vouches for its own licences.
            var status = new StatusSnapshot().Set(licence.Status, new StatusEvidence(LicenceStatus.Valid, now, now.AddMinutes(5)));
            var verdict = pipeline.Verify(text, trust, status, now);
            worst = Math.Max(worst, verdict.Kind switch { VerdictKind.Valid => 0, VerdictKind.Invalid => 1, _ => 2 });
            Console.WriteLine($"{type.NameZh,-20} {signer.Key.Algorithm.Name,-8} {text.Length,8}  {verdict.Kind.ToString().ToUpperInvariant()} {verdict.FirstReason?.MessageZh}");
        }
    }

    var sample = QrPayloadCodec.Encode(Some.Licence(LicenceCatalogue.NationalBase.Find("id-card")!, issuedAt: now), pkis[0].SignerFor("320000"));
    Console.WriteLine();
    Console.WriteLine("A 居民身份证 QR payload (SM2); check it with: dotnet run --project tools/ELicense.Demo -- verify '<text>'");
    Console.WriteLine(sample);
    return worst;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
{
    Console.Error.WriteLine($"error: cannot load the development PKI: {e.Message}");
    return 3;
}
