using ELicense.Core.Crypto;
using ELicense.DevPki;

// Regenerates the development PKI: elicense-devpki --out certs/dev
var folder = args.Length == 2 && args[0] == "--out" ? args[1] : null;
if (folder is null)
{
    Console.Error.WriteLine("usage: ELicense.DevPki --out <folder>");
    return 3;
}

try
{
    var now = DateTimeOffset.UtcNow;
    foreach (var family in new[] { KeyFamily.Sm2, KeyFamily.Rsa })
    {
        DevPkiFiles.Write(PkiGenerator.Generate(family, Province.Development, now), folder);
    }

    DevPkiFiles.WriteTokenIssuer(folder, now);
    DevPkiFiles.WriteKek(folder);

    Console.WriteLine($"Development PKI written to {Path.GetFullPath(folder)} (SM2 and RSA; provinces {string.Join(", ", Province.Development.Select(p => p.Code))}).");
    return 0;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: cannot write the development PKI: {e.Message}");
    return 1;
}
