using System.Text.Json;
using ELicense.LicenseService.Commands;
using ELicense.LicenseService.Keys;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Xunit;

namespace ELicense.LicenseService.Tests.Keys;

/// <summary>The <c>keys</c> CLI against a running service: output, exit codes, one-line errors.</summary>
public sealed class KeyCommandTests(GarnetServiceFixture fixture) : IClassFixture<GarnetServiceFixture>
{
    private readonly ServiceHost host = fixture.Host;

    private string Url => host.Client(null).BaseAddress!.ToString();

    [Fact]
    public async Task List_prints_every_key_with_its_state_and_json_on_request()
    {
        var (code, output, error) = await Run("list", "--url", Url, "--token", Tokens.Admin());
        var (jsonCode, json, _) = await Run("list", "--url", Url, "--token", Tokens.Admin(), "--json");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.StartsWith("key set ", output, StringComparison.Ordinal);
        Assert.Contains("SM2  document-signer    active", output, StringComparison.Ordinal);
        Assert.Contains("trust-list-signer", output, StringComparison.Ordinal);
        Assert.Equal(0, jsonCode);
        Assert.True(JsonDocument.Parse(json).RootElement.GetProperty("keys").GetArrayLength() >= 3);
    }

    [Theory]
    [InlineData(1, "404", "revoke", "0011223344556677", "--reason", "lost")]
    [InlineData(1, "compromisedAt", "revoke", "{active}", "--reason", "lost", "--compromised-at", "2099-01-01T00:00:00Z")]
    [InlineData(1, "403", "list", "--token", "{issuer}")]
    [InlineData(3, "a command is required", "destroy")]
    [InlineData(3, "needs --reason", "revoke", "0011223344556677")]
    [InlineData(3, "is not a time", "rotate", "--family", "SM2", "--at", "tomorrow")]
    [InlineData(3, "unknown or bad option", "list", "--colour", "red")]
    [InlineData(2, "cannot reach", "list", "--url", "http://127.0.0.1:9")]
    [InlineData(1, "404", "reissue-status", "0011223344556677")]
    [InlineData(1, "403", "reissue-status", "--token", "{issuer}")]
    [InlineData(3, "unknown or bad option", "reissue-status", "--watch", "--colour", "red")]
    [InlineData(2, "cannot reach", "reissue-status", "--url", "http://127.0.0.1:9")]
    public async Task A_refused_or_bad_command_exits_non_zero_with_one_clear_line_and_no_stack_trace(int expected, string says, params string[] arguments)
    {
        var admin = host.Client(Tokens.Admin());
        var active = (await KeyDrillTests.Keys(admin)).First(k => k.GetProperty("state").GetString() == "active").GetProperty("kid").GetString()!;
        var before = await admin.GetStringAsync("/api/v1/keys");
        var withDefaults = arguments.Select(a => a.Replace("{active}", active).Replace("{issuer}", Tokens.IssuerOf("id-card"))).ToList();
        if (!withDefaults.Contains("--url"))
        {
            withDefaults.AddRange(["--url", Url]);
        }

        if (!withDefaults.Contains("--token"))
        {
            withDefaults.AddRange(["--token", Tokens.Admin()]);
        }

        var (code, output, error) = await Run([.. withDefaults]);

        Assert.Equal(expected, code);
        Assert.Empty(output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(says, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.True(error.TrimEnd().Split('\n').Length <= 2, error);
        Assert.Equal(before, await admin.GetStringAsync("/api/v1/keys"));
    }

    [Fact]
    public async Task The_built_service_binary_runs_the_command_and_reports_a_usage_error_with_exit_code_3()
    {
        var result = ExternalTool.Run("dotnet", Path.Combine(RepositoryPaths.Root, "src", "LicenseService"),
            Path.Combine(AppContext.BaseDirectory, "ELicense.LicenseService.dll"), "keys", "list");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("error: an admin token is required", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await KeyCommand.RunAsync(arguments, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
