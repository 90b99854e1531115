using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ELicense.Core.Documents;
using ELicense.Testing;
using ELicense.Verifier.Configuration;
using ELicense.Verifier.Offline;
using ELicense.Verifier.Tests.Support;

namespace ELicense.Verifier.Tests;

/// <summary>
/// DESIGN §13, "every malformed structure is a verdict or a 4xx, never a 5xx or a crash": a genuine
/// licence PDF whose signature is replaced, in place and at the same length, by a crafted CMS
/// SignedData (empty signed attributes, no certificates, signing-certificate-v2 naming none, truncated
/// or oversized DER, …) is INVALID with <c>PDF_SIGNATURE_INVALID</c> and a usage trace at the API, and
/// exit 1 with the verdict at the command line — never a 500, an abort or a stack trace.
/// </summary>
public sealed partial class MalformedSignatureTests(VerifierFixture fixture) : IClassFixture<VerifierFixture>
{
    /// <summary>Variants that made the CMS check throw (IndexOutOfRangeException) before it caught everything, and
    /// two it always refused, for contrast.</summary>
    private static readonly string[] OnceFatal =
    [
        "signing-certificate-v2 with no certificate ids",
        "a content-type attribute with an empty value set",
        "a message-digest attribute with an empty value set",
        "a signing-certificate-v2 attribute with an empty value set",
        "an empty signed-attribute set",
        "no certificates",
    ];

    [Fact]
    public async Task A_PDF_with_any_crafted_malformed_CMS_is_INVALID_PDF_SIGNATURE_INVALID_with_a_usage_trace_never_a_500()
    {
        var pdf = await fixture.Province.PdfAsync(await fixture.Province.IssueAsync());
        var variants = Spliced(pdf).ToList();
        var failures = new List<string>();
        var purposes = new List<string>();
        for (var i = 0; i < variants.Count; i++)
        {
            var (name, forged) = variants[i];
            var purpose = $"malformed CMS case {i}";
            var (status, body) = await UploadAsync(forged, purpose);
            var outcome = status == HttpStatusCode.OK ? Verdict(body) : $"{(int)status} {body[..Math.Min(200, body.Length)]}";
            if (outcome != "INVALID:PDF_SIGNATURE_INVALID")
            {
                failures.Add($"{name}: {outcome}");
            }
            else
            {
                purposes.Add(purpose);
            }
        }

        Assert.True(variants.Count >= 25, $"only {variants.Count} variants fit the signature's place");
        Assert.True(failures.Count == 0, $"{failures.Count} of {variants.Count}:\n" + string.Join('\n', failures));
        var end = DateTime.UtcNow.AddSeconds(10);
        List<string> missing;
        do
        {
            var traces = fixture.Verifier.Output.Split('\n').Where(l => l.Contains("Usage:", StringComparison.Ordinal) && l.Contains("PDF_SIGNATURE_INVALID", StringComparison.Ordinal)).ToList();
            missing = purposes.Where(p => !traces.Any(t => t.Contains(p + " at ", StringComparison.Ordinal))).ToList();
            if (missing.Count > 0)
            {
                await Task.Delay(100);
            }
        }
        while (missing.Count > 0 && DateTime.UtcNow < end);

        Assert.True(missing.Count == 0, "no usage trace for: " + string.Join(", ", missing));
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task A_PDF_whose_byte_range_length_overflows_is_INVALID_PDF_UNSIGNED_with_a_usage_trace_not_a_500()
    {
        var forged = OverflowingByteRange(await fixture.Province.PdfAsync(await fixture.Province.IssueAsync()));

        var (status, body) = await UploadAsync(forged, "overflowing byte range");

        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
        Assert.Equal("INVALID:PDF_UNSIGNED", Verdict(body));
        var end = DateTime.UtcNow.AddSeconds(10);
        while (!fixture.Verifier.Output.Split('\n').Any(l => l.Contains("Usage:", StringComparison.Ordinal) && l.Contains("overflowing byte range at ", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < end, "no usage trace");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task The_command_line_answers_a_PDF_with_a_malformed_CMS_INVALID_with_exit_1_and_never_aborts_with_a_trace()
    {
        var folder = Directory.CreateTempSubdirectory("elicense-malformed-").FullName;
        try
        {
            var pdf = await fixture.Province.PdfAsync(await fixture.Province.IssueAsync());
            var bundle = Path.Combine(folder, "trust.zip");
            var fetch = await fixture.Verifier.RunCommandAsync("trust", "fetch", "--out", bundle);
            Assert.True(fetch.ExitCode == 0, fetch.Output);

            var cases = Spliced(pdf).Where(v => OnceFatal.Contains(v.Name)).Select(v => (v.Name, v.Pdf, Reason: "PDF_SIGNATURE_INVALID"))
                .Append(("an overflowing /ByteRange", OverflowingByteRange(pdf), "PDF_UNSIGNED")).ToList();
            Assert.Equal(OnceFatal.Length + 1, cases.Count);
            foreach (var (name, forged, reason) in cases)
            {
                var path = Path.Combine(folder, "forged.pdf");
                await File.WriteAllBytesAsync(path, forged);

                var (code, output) = await fixture.Verifier.RunCommandAsync("verify", path, "--trust", bundle);

                Assert.False(StackLine().IsMatch(output), $"{name}: exit {code} with a stack trace: {output}");
                Assert.True(code == VerifierCommand.Invalid, $"{name}: exit {code}: {output}");
                Assert.StartsWith("INVALID", output, StringComparison.Ordinal);
                Assert.Contains(reason, output, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_unexpected_failure_inside_the_command_is_one_error_line_and_exit_2()
    {
        var error = new StringWriter();
        var output = new StringWriter();
        var environment = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment
        {
            EnvironmentName = "Production",
            ApplicationName = "ELicense.Verifier",
            ContentRootPath = Path.GetTempPath(),
        };

        var code = await VerifierCommand.RunAsync(["verify", "-"], environment, new VerifierOptions(), new FailingReader(), output, error);

        Assert.Equal(VerifierCommand.InternalFailure, code);
        Assert.Equal(2, code);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    /// <summary>The genuine PDF with each malformed CMS written over its signature, padded with zeros as a signer pads it.</summary>
    private static IEnumerable<(string Name, byte[] Pdf)> Spliced(byte[] pdf)
    {
        Assert.True(PdfSignatureBytes.TryRead(pdf, out var signature, out var error), error);
        var gapStart = signature!.SignedParts[0].Length;
        var hexLength = pdf.Length - signature.SignedParts[1].Length - gapStart - 2;
        foreach (var (name, cms) in MalformedCms.From(signature.Signature))
        {
            var hex = Convert.ToHexString(cms);
            if (hex.Length > hexLength)
            {
                continue;
            }

            var forged = (byte[])pdf.Clone();
            Encoding.ASCII.GetBytes(hex.PadRight(hexLength, '0')).CopyTo(forged, gapStart + 1);
            yield return (name, forged);
        }
    }

    /// <summary>The genuine PDF with the last number of its /ByteRange (padded in place, as the signer writes it)
    /// replaced by one that overflows a 64-bit sum with the offset before it.</summary>
    private static byte[] OverflowingByteRange(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var match = ByteRange().Match(text);
        Assert.True(match.Success);
        var replaced = $"[0 {match.Groups[1].Value} {match.Groups[2].Value} 9223372036854775800]";
        Assert.True(replaced.Length <= match.Length, replaced);
        var forged = (byte[])pdf.Clone();
        Encoding.ASCII.GetBytes(replaced.PadRight(match.Length)).CopyTo(forged, match.Index);
        return forged;
    }

    private async Task<(HttpStatusCode Status, string Body)> UploadAsync(byte[] file, string purpose)
    {
        using var form = new MultipartFormDataContent { { new StringContent(purpose), "purpose" }, { new ByteArrayContent(file), "file", "licence.pdf" } };
        using var response = await fixture.Client.PostAsync("/api/v1/verify", form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Verdict(string body)
    {
        var root = JsonDocument.Parse(body).RootElement;
        var reasons = root.GetProperty("reasons");
        return root.GetProperty("verdict").GetString() + (reasons.GetArrayLength() > 0 ? ":" + reasons[0].GetProperty("code").GetString() : "");
    }

    [GeneratedRegex(@"^\s+at \S", RegexOptions.Multiline)]
    private static partial Regex StackLine();

    [GeneratedRegex(@"(?<=/ByteRange\s*)\[0 (\d+) (\d+) \d+\] *")]
    private static partial Regex ByteRange();

    /// <summary>Standard input that fails as no input should: a fault the command cannot foresee.</summary>
    private sealed class FailingReader : TextReader
    {
        public override string ReadToEnd() => throw new InvalidOperationException("the input stream broke");
    }
}
