using System.Text.Json;
using ELicense.Hosting;
using ELicense.Testing;
using ELicense.Verifier.Offline;
using ELicense.Verifier.Tests.Support;

namespace ELicense.Verifier.Tests;

/// <summary>
/// The Verifier's command line: <c>trust fetch</c> builds a bundle from a running province, and
/// <c>verify --trust</c> then answers from the bundle alone with the province stopped — for a QR
/// text, a picture and the PDF — with exit codes 0 VALID, 1 INVALID, 2 INDETERMINATE, 3 usage.
/// </summary>
public sealed class OfflineCommandTests : IAsyncLifetime
{
    private readonly Province province = new();
    private readonly string folder = Directory.CreateTempSubdirectory("elicense-bundle-").FullName;
    private ServiceProcess cli = null!;

    public async Task InitializeAsync()
    {
        await province.Process.StartAsync();
        // Started as a command only: the same assembly and configuration as the Verifier service.
        cli = new ServiceProcess("Verifier", "ELicense.Verifier", new Dictionary<string, string>
        {
            ["Verifier:Provinces:0:Region"] = "320000",
            ["Verifier:Provinces:0:TrustListUrl"] = province.TrustListUrl,
            ["Verifier:CacheFolder"] = Path.Combine(folder, "cache"),
        });
    }

    [Fact]
    public async Task A_bundle_fetched_while_the_province_runs_verifies_text_picture_and_PDF_offline_with_the_exit_codes()
    {
        var qr = await province.IssueAsync();
        var revoked = await province.IssueAsync();
        await province.RevokeAsync(revoked);
        var pdf = Path.Combine(folder, "licence.pdf");
        await File.WriteAllBytesAsync(pdf, await province.PdfAsync(qr));
        var png = Path.Combine(folder, "qr.png");
        await File.WriteAllBytesAsync(png, await province.QrPngAsync(qr));
        var bundle = Path.Combine(folder, "trust.zip");

        // The province re-signs a status list within its re-sign interval: fetch until the bundle carries the revocation.
        var fetched = "";
        await Poll.UntilAsync(
            async () =>
            {
                var fetch = await cli.RunCommandAsync("trust", "fetch", "--out", bundle);
                Assert.True(fetch.ExitCode == 0, fetch.Output);
                fetched = fetch.Output;
                return (await cli.RunCommandAsync("verify", revoked, "--trust", bundle)).ExitCode == 1;
            },
            TimeSpan.FromSeconds(30),
            () => "No bundle fetched within 30 s carried the revocation.",
            TimeSpan.FromMilliseconds(500));
        Assert.Contains("320000", fetched, StringComparison.Ordinal);
        province.Dispose();

        var valid = await cli.RunCommandAsync("verify", qr, "--trust", bundle);
        Assert.True(valid.ExitCode == 0, valid.Output);
        Assert.StartsWith("VALID", valid.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await cli.RunCommandAsync("verify", pdf, "--trust", bundle)).ExitCode);
        Assert.Equal(0, (await cli.RunCommandAsync("verify", png, "--trust", bundle)).ExitCode);

        var tampered = await cli.RunCommandAsync("verify", qr[..^6] + (qr[^6] == 'A' ? 'B' : 'A') + qr[^5..], "--trust", bundle, "--json");
        Assert.Equal(1, tampered.ExitCode);
        Assert.Equal("INVALID", JsonDocument.Parse(tampered.Output).RootElement.GetProperty("verdict").GetString());
        var wasRevoked = await cli.RunCommandAsync("verify", revoked, "--trust", bundle, "--json");
        Assert.Equal(1, wasRevoked.ExitCode);
        Assert.Equal("REVOKED", JsonDocument.Parse(wasRevoked.Output).RootElement.GetProperty("reasons")[0].GetProperty("code").GetString());

        // A bundle without the licence's status list cannot say whether it was revoked: INDETERMINATE.
        var noStatus = Path.Combine(folder, "no-status.zip");
        var manifest = ReadManifest(bundle);
        TrustBundle.Write(noStatus, manifest with { Provinces = manifest.Provinces.Select(p => p with { StatusLists = [] }).ToList() },
            new Dictionary<string, byte[]> { ["320000"] = ReadEntry(bundle, "trust-lists/320000.trust-list.cose") }, new Dictionary<string, byte[]>());
        var indeterminate = await cli.RunCommandAsync("verify", qr, "--trust", noStatus);
        Assert.True(indeterminate.ExitCode == 2, indeterminate.Output);
        Assert.Contains("STATUS_UNAVAILABLE", indeterminate.Output, StringComparison.Ordinal);
    }

    private static BundleManifest ReadManifest(string bundle) =>
        JsonSerializer.Deserialize<BundleManifest>(ReadEntry(bundle, "manifest.json"), ApiJson.Options)!;

    private static byte[] ReadEntry(string bundle, string name)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(bundle);
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public Task DisposeAsync()
    {
        province.Dispose();
        return Task.CompletedTask;
    }
}
