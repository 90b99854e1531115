using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Configuration;

/// <summary>
/// Outside Development, refuses the development key material of <c>certs/dev</c> (DESIGN §13): its keys
/// and passwords are in the repository, so licences signed, CAs used or keys wrapped with them protect
/// nothing. One rule over three sections: the KEK (<c>Keys</c>), the provincial CA
/// (<c>CertificateAuthority</c>) and the document signers to import (<c>SigningKeys</c>). Certificates are
/// recognised by <see cref="DevelopmentMaterial.Mark"/> in their names, the KEK by its file, its text or
/// its key ids; each message names the setting.
/// </summary>
public sealed class ProductionKeyMaterialValidator(IHostEnvironment environment)
    : IValidateOptions<KeyOptions>, IValidateOptions<CertificateAuthorityOptions>, IValidateOptions<SigningKeyOptions>
{
    /// <summary>The file name of the development KEK file.</summary>
    public const string DevelopmentKekFile = "dev-kek.txt";

    /// <summary>How the ids of the development KEKs start (<c>dev-kek-1</c>).</summary>
    public const string DevelopmentKekIdPrefix = "dev-kek";

    public ValidateOptionsResult Validate(string? name, KeyOptions options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.KekFile) && DevelopmentKekFileReason(ContentPaths.Resolve(environment, options.KekFile)) is { } reason)
        {
            problems.Add($"Keys:KekFile '{options.KekFile}' is the development key-encryption key ({reason}); "
                         + "outside Development give the province's own KEKs (a file on a secret volume, or Keys:Keks).");
        }

        foreach (var id in options.Keks.Keys.Where(IsDevelopmentKekId))
        {
            problems.Add($"Keys:Keks:{id} is the development key-encryption key (its id); outside Development give the province's own KEKs.");
        }

        return Result(problems);
    }

    public ValidateOptionsResult Validate(string? name, CertificateAuthorityOptions options) => environment.IsDevelopment()
        ? ValidateOptionsResult.Success
        : Result(MarkedFiles("CertificateAuthority:Folder", options.Folder, options.FilePrefix, "the development provincial CA",
            "outside Development configure the province's CA (its folder and CertificateAuthority:FilePrefix, or its own ICertificateAuthority)."));

    public ValidateOptionsResult Validate(string? name, SigningKeyOptions options) => environment.IsDevelopment() || string.IsNullOrWhiteSpace(options.Folder)
        ? ValidateOptionsResult.Success
        : Result(MarkedFiles("SigningKeys:Folder", options.Folder, options.FilePrefix, "the development document signers",
            "outside Development import the province's own document signers, or leave SigningKeys:Folder empty to generate the first keys."));

    private static bool IsDevelopmentKekId(string id) => id.StartsWith(DevelopmentKekIdPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a KEK file is the development one; null when it is not (or cannot be read: <c>KeyEncryptionKeys</c> reports that).</summary>
    private static string? DevelopmentKekFileReason(string path)
    {
        if (string.Equals(Path.GetFileName(path), DevelopmentKekFile, StringComparison.OrdinalIgnoreCase))
        {
            return "its file name";
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The development file says so in its first line ("for development and tests only").
        if (text.Contains("DEVELOPMENT", StringComparison.OrdinalIgnoreCase))
        {
            return "its text marks it for development";
        }

        var ids = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(' ', 2)[0]);
        return ids.FirstOrDefault(IsDevelopmentKekId) is { } id ? $"key id '{id}'" : null;
    }

    /// <summary>One problem naming the setting when a certificate <c>{prefix}-*.crt.pem</c> in the folder is development material.</summary>
    private IEnumerable<string> MarkedFiles(string setting, string folder, string prefix, string what, string remedy)
    {
        var resolved = string.IsNullOrWhiteSpace(folder) ? null : ContentPaths.Resolve(environment, folder);
        if (resolved is null || !Directory.Exists(resolved))
        {
            yield break;
        }

        var marked = Directory.EnumerateFiles(resolved, prefix + "-*.crt.pem")
            .Select(file => (File: Path.GetFileName(file), Subject: DevelopmentMaterial.MarkedCertificate(file)))
            .Where(f => f.Subject is not null)
            .OrderBy(f => f.File, StringComparer.Ordinal)
            .ToList();
        if (marked.Count > 0)
        {
            yield return $"{setting} '{folder}' holds {what} ({string.Join(", ", marked.Select(f => f.File))}; {marked[0].Subject}); {remedy}";
        }
    }

    private static ValidateOptionsResult Result(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        return list.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(list);
    }
}
