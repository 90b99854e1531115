using ELicense.Testing;

namespace ELicense.Verifier.Tests;

/// <summary>The Verifier's command line refusing what it cannot do: exit 3 (usage) or 2 (a province unreachable), one line, no trace.</summary>
public sealed class OfflineCommandUsageTests
{
    private readonly string folder = Directory.CreateTempSubdirectory("elicense-bundle-").FullName;
    private readonly ServiceProcess cli = new("Verifier", "ELicense.Verifier", new Dictionary<string, string>());

    [Theory]
    [InlineData("no input", new[] { "verify" })]
    [InlineData("unknown command", new[] { "check", "ELC1:X" })]
    [InlineData("unknown option", new[] { "verify", "ELC1:X", "--fast" })]
    [InlineData("missing file", new[] { "verify", "/nonexistent/licence.pdf" })]
    [InlineData("--trust without a value", new[] { "verify", "ELC1:X", "--trust" })]
    [InlineData("bundle that is not a bundle", new[] { "verify", "ELC1:X", "--trust", "/etc/hostname" })]
    [InlineData("bundle that does not exist", new[] { "verify", "ELC1:X", "--trust", "/nonexistent/trust.zip" })]
    [InlineData("root that is not a certificate", new[] { "verify", "ELC1:X", "--root", "/etc/hostname" })]
    [InlineData("fetch without --out", new[] { "trust", "fetch" })]
    [InlineData("bad province", new[] { "trust", "fetch", "--out", "x.zip", "--province", "32=http://x" })]
    public async Task A_usage_error_exits_3_with_one_clear_line_and_no_trace(string why, string[] arguments)
    {
        var (code, output) = await cli.RunCommandAsync(arguments);

        Assert.True(code == 3, $"{why}: exit {code}: {output}");
        Assert.StartsWith("error: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setting_that_does_not_bind_exits_3_with_one_line_and_no_trace()
    {
        var badly = new ServiceProcess("Verifier", "ELicense.Verifier", new Dictionary<string, string> { ["Verifier:FetchTimeout"] = "soon" });

        var (code, output) = await badly.RunCommandAsync("verify", "ELC1:X");

        Assert.True(code == 3, output);
        Assert.StartsWith("error: configuration", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_Development_the_command_line_refuses_the_development_roots_with_one_line()
    {
        var production = new ServiceProcess("Verifier", "ELicense.Verifier", new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });
        var root = Path.Combine(RepositoryPaths.DevCertificates, "dev-root-sm2.crt.pem");

        var (code, output) = await production.RunCommandAsync("verify", "ELC1:X", "--root", root);

        Assert.True(code == 3, output);
        Assert.StartsWith("error: ", output, StringComparison.Ordinal);
        Assert.Contains("development root", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fetch_from_an_unreachable_province_exits_2_and_writes_no_bundle()
    {
        var bundle = Path.Combine(folder, "unreachable.zip");

        var (code, output) = await cli.RunCommandAsync("trust", "fetch", "--out", bundle, "--province", "310000=http://127.0.0.1:9/.well-known/elicense/trust-list");

        Assert.True(code == 2, output);
        Assert.Contains("310000", output, StringComparison.Ordinal);
        Assert.False(File.Exists(bundle));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }
}
