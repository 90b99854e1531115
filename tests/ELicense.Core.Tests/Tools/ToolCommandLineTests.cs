using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Tools;

/// <summary>The command-line tools answer bad input with one clear line and a non-zero exit, never a stack trace.</summary>
public class ToolCommandLineTests
{
    [Theory]
    [InlineData("ELicense.Demo", new[] { "frobnicate" }, 3)]
    [InlineData("ELicense.Demo", new[] { "verify" }, 3)]
    [InlineData("ELicense.DevPki", new string[0], 3)]
    [InlineData("ELicense.DevPki", new[] { "--out" }, 3)]
    [InlineData("ELicense.Vectors", new[] { "--help" }, 3)]
    [InlineData("ELicense.Vectors", new[] { "a.json", "b.json" }, 3)]
    public void Usage_errors_exit_3_with_one_line(string tool, string[] arguments, int exitCode)
    {
        var result = Run(tool, arguments);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void Demo_verify_of_a_tampered_text_exits_1_with_the_reason()
    {
        var result = Run("ELicense.Demo", ["verify", "ELC1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEXWK G2EP4J0B"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"verdict\": \"INVALID\"", result.Output);
    }

    [Fact]
    public void DevPki_refuses_an_unwritable_folder_with_one_line()
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = Run("ELicense.DevPki", ["--out", Path.Combine(file, "sub")]);

            Assert.Equal(1, result.ExitCode);
            Assert.StartsWith("error: ", result.Error);
            Assert.DoesNotContain("   at ", result.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Vectors_refuses_an_unwritable_path_with_one_line_and_writes_nothing_else()
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = Run("ELicense.Vectors", [Path.Combine(file, "inputs.json")]);

            Assert.Equal(1, result.ExitCode);
            Assert.StartsWith("error: ", result.Error);
            Assert.Single(result.Error.Trim().Split('\n'));
            Assert.DoesNotContain("   at ", result.Error);
            Assert.Equal(0, new FileInfo(file).Length);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static ExternalTool.Result Run(string tool, string[] arguments)
    {
        // The tools are built with the solution, in the configuration of this test assembly.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryPaths.Root, "tools", tool, "bin", configuration, "net10.0", tool + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is not built; build the solution first.");
        return ExternalTool.Run("dotnet", RepositoryPaths.Root, [dll, .. arguments]);
    }
}
