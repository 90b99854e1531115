using System.Text;
using System.Text.Json;
using ELicense.Core.Encoding;
using ELicense.Core.Reasons;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.Verifier.Configuration;
using ELicense.Verifier.Documents;
using ELicense.Verifier.Fetching;
using ELicense.Verifier.Status;
using ELicense.Verifier.Trust;
using ELicense.Verifier.Verification;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ELicense.Verifier.Offline;

/// <summary>
/// The Verifier's command line:
/// <c>verify &lt;qr-text | picture | pdf | -&gt; [--trust &lt;bundle&gt;] [--root &lt;pem&gt;]… [--json]</c> and
/// <c>trust fetch --out &lt;bundle&gt; [--province &lt;region&gt;=&lt;trust-list-url&gt;]… [--root &lt;pem&gt;]…</c>.
/// Roots and provinces default to the configuration (section <c>Verifier</c>). With <c>--trust</c> a
/// verification uses nothing but the bundle (no network); without it, the configured provinces online.
/// Exit codes: 0 VALID (or bundle written), 1 INVALID, 2 INDETERMINATE (or a province could not be
/// fetched, or an internal failure), 3 usage error or nothing to verify — always one line on standard
/// error, never a trace.
/// </summary>
public static class VerifierCommand
{
    public const string Usage =
        "usage: verify <qr-text | picture | pdf | -> [--trust <bundle.zip>] [--root <root.pem>]... [--json]\n"
        + "       trust fetch --out <bundle.zip> [--province <region>=<trust-list-url>]... [--root <root.pem>]...";

    public const int Valid = 0;
    public const int Invalid = 1;
    public const int Indeterminate = 2;

    /// <summary>An unexpected failure of the program itself: like INDETERMINATE, nothing could be said.</summary>
    public const int InternalFailure = 2;
    public const int UsageError = 3;

    public static async Task<int> RunAsync(string[] arguments, IHostEnvironment environment, VerifierOptions settings, TextReader input, TextWriter output, TextWriter error)
    {
        try
        {
            var parsed = CommandArguments.Parse(arguments);
            return parsed.Verb switch
            {
                "verify" => await VerifyAsync(parsed, environment, settings, input, output, error),
                _ => await FetchAsync(parsed, environment, settings, output, error),
            };
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException or FormatException
                                       or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            await error.WriteLineAsync("error: " + e.Message.ReplaceLineEndings(" "));
            return UsageError;
        }
        catch (Exception e)
        {
            // Anything else is a fault of this program, not of the input: still one line, never a trace.
            await error.WriteLineAsync($"error: internal failure ({e.GetType().Name}): {e.Message.ReplaceLineEndings(" ")}");
            return InternalFailure;
        }
    }

    private static async Task<int> VerifyAsync(CommandArguments parsed, IHostEnvironment environment, VerifierOptions settings, TextReader input, TextWriter output, TextWriter error)
    {
        var what = ReadInput(parsed.Positional, input);
        var roots = Roots(parsed, environment, settings);
        using var http = BoundedFetch.CreateClient();
        var fetch = new BoundedFetch(http, settings.FetchTimeout);
        IVerificationSources sources;
        if (parsed.Trust is { } bundlePath)
        {
            var bundle = TrustBundle.Read(Path.GetFullPath(bundlePath), roots, settings.DistrustedListSigners(), DateTimeOffset.UtcNow, out var refused);
            foreach (var problem in refused)
            {
                await error.WriteLineAsync("warning: not used from the bundle: " + problem);
            }

            sources = bundle;
        }
        else
        {
            var options = Options.Create(CopyWithRoots(settings, parsed.Roots.Count > 0 ? parsed.Roots.Select(Path.GetFullPath).ToList() : settings.RootCertificates));
            var sync = new TrustSync(options, environment, fetch, TimeProvider.System, NullLogger<TrustSync>.Instance);
            sync.LoadCache();
            await sync.RefreshAllAsync(CancellationToken.None);
            sources = new OnlineSources(sync, new StatusSync(options, fetch, TimeProvider.System, NullLogger<StatusSync>.Instance));
        }

        var verifier = new LicenceVerifier(sources, new PrintedQrReader(), TimeProvider.System);
        var outcome = await verifier.VerifyAsync(what, CancellationToken.None);
        if (outcome.Refusal is { } refusal)
        {
            await error.WriteLineAsync($"error: {refusal.Message} / {refusal.MessageZh}");
            return UsageError;
        }

        var verdict = outcome.Verdict!;
        await output.WriteLineAsync(parsed.Json ? JsonSerializer.Serialize(verdict, ApiJson.Options) : Describe(verdict));
        return verdict.Kind switch
        {
            VerdictKind.Valid => Valid,
            VerdictKind.Invalid => Invalid,
            _ => Indeterminate,
        };
    }

    private static async Task<int> FetchAsync(CommandArguments parsed, IHostEnvironment environment, VerifierOptions settings, TextWriter output, TextWriter error)
    {
        var outPath = parsed.Out ?? throw new ArgumentException("trust fetch needs --out <bundle.zip>");
        var provinces = parsed.Provinces.Count > 0 ? parsed.Provinces : settings.Provinces;
        if (provinces.Count == 0)
        {
            throw new ArgumentException("no province to fetch: give --province <region>=<trust-list-url> or configure Verifier:Provinces");
        }

        var roots = Roots(parsed, environment, settings);
        using var http = BoundedFetch.CreateClient();
        try
        {
            var (manifest, trustLists, statusLists, catalogues) = await TrustBundleFetcher.FetchAsync(
                provinces, roots, settings.DistrustedListSigners(), new BoundedFetch(http, settings.FetchTimeout), DateTimeOffset.UtcNow, CancellationToken.None);
            TrustBundle.Write(outPath, manifest, trustLists, statusLists, catalogues);
            await output.WriteLineAsync($"{Path.GetFullPath(outPath)}: {manifest.Provinces.Count} province(s), "
                + string.Join(", ", manifest.Provinces.Select(p => $"{p.Region} (trust list {p.Sequence}, {p.StatusLists.Count} status lists)")));
            return Valid;
        }
        catch (BundleFetchException e)
        {
            await error.WriteLineAsync("error: " + e.Message + " (no bundle written)");
            return Indeterminate;
        }
    }

    private static VerificationInput ReadInput(string? positional, TextReader input)
    {
        if (positional is null)
        {
            throw new ArgumentException("verify needs a QR text, a file or - (standard input)");
        }

        if (positional == "-")
        {
            return new VerificationInput.Text(input.ReadToEnd().Trim());
        }

        if (positional.StartsWith(PayloadKinds.LicencePrefix, StringComparison.Ordinal) || positional.StartsWith(PayloadKinds.PresentationPrefix, StringComparison.Ordinal) || !File.Exists(positional))
        {
            return LooksLikePath(positional) && !File.Exists(positional)
                ? throw new ArgumentException($"the file '{positional}' does not exist")
                : new VerificationInput.Text(positional);
        }

        var info = new FileInfo(positional);
        if (info.Length > Endpoints.VerifyRequestReader.MaxUploadBytes)
        {
            throw new ArgumentException($"'{positional}' is larger than {Endpoints.VerifyRequestReader.MaxUploadBytes} bytes");
        }

        var bytes = File.ReadAllBytes(positional);
        return VerificationInput.FromFile(bytes) ?? throw new ArgumentException($"'{positional}' is neither a picture nor a PDF");
    }

    private static bool LooksLikePath(string text) =>
        text.Contains('/') && !text.Contains(':') || new[] { ".pdf", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp" }.Any(e => text.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static CertificateChainValidator Roots(CommandArguments parsed, IHostEnvironment environment, VerifierOptions settings)
    {
        var paths = parsed.Roots.Count > 0 ? parsed.Roots.Select(Path.GetFullPath).ToList() : settings.RootCertificates;
        if (paths.Count == 0)
        {
            throw new ArgumentException("no national root: give --root <root.pem> or configure Verifier:RootCertificates");
        }

        foreach (var path in paths)
        {
            if (RootCertificates.Problem(ContentPaths.Resolve(environment, path)) is { } problem)
            {
                throw new ArgumentException($"the root '{path}' cannot be used: {problem}");
            }

            // DESIGN §13: development trust material is refused outside Development, offline as online.
            if (!environment.IsDevelopment() && DevelopmentMaterial.MarkedCertificate(ContentPaths.Resolve(environment, path)) is { } marked)
            {
                throw new ArgumentException($"the root '{path}' is a development root ({marked}); outside Development give the national roots");
            }
        }

        return RootCertificates.Validator(paths, environment);
    }

    private static VerifierOptions CopyWithRoots(VerifierOptions settings, List<string> roots) => new()
    {
        RootCertificates = roots,
        Provinces = settings.Provinces,
        CacheFolder = settings.CacheFolder,
        FetchTimeout = settings.FetchTimeout,
        TrustRefreshInterval = settings.TrustRefreshInterval,
        MaxStatusLists = settings.MaxStatusLists,
    };

    /// <summary>The verdict for a person: the verdict and first reason, then what the licence says.</summary>
    public static string Describe(Verdict verdict)
    {
        var text = new StringBuilder(VerdictKindJsonConverter.Name(verdict.Kind));
        foreach (var reason in verdict.Reasons)
        {
            text.Append($"\n  {Reason.CodeText(reason.Code)}: {reason.Message} / {reason.MessageZh}");
        }

        if (verdict.Licence is { } licence)
        {
            text.Append($"\n  {licence.TypeNameZh ?? licence.TypeCode} ({licence.TypeNameEn}) {licence.Identifier}");
            text.Append($"\n  holder: {licence.HolderName} {licence.HolderIdNumber}");
            foreach (var field in licence.Fields)
            {
                text.Append($"\n  {field.LabelZh} ({field.NameEn}): {field.Value}");
            }

            text.Append($"\n  valid: {ChinaDate(licence.ValidFrom)} .. {(licence.ValidUntil is { } until ? ChinaDate(until) : "长期 (no end)")}");
        }

        if (verdict.Issuer is { } issuer)
        {
            text.Append($"\n  issuer: {issuer.Authority} ({issuer.ProvinceZh} {issuer.RegionCode})");
        }

        if (verdict.PresentationSecondsLeft is { } left)
        {
            text.Append($"\n  动态码，剩余 {left} 秒 (dynamic code, {left} s left)");
        }

        text.Append($"\n  trust list age: {verdict.TrustListAge ?? "-"}, status age: {verdict.StatusAge ?? "-"}");
        if (verdict.Document is { } document)
        {
            text.Append($"\n  pdf: signature {Name(document.Signature)}, printed QR {Name(document.PrintedQr)}, signer {document.SignerKid ?? "-"}");
        }

        return text.ToString();
    }

    private static string ChinaDate(DateTimeOffset instant) => instant.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Name(CheckResult result) => JsonNamingPolicy.SnakeCaseLower.ConvertName(result.ToString());
}
