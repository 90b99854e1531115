using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.House;

/// <summary>
/// What the two services share — the QR prefixes, the PDF carrier names, the routes a Verifier builds
/// URLs from and the signed documents' media types — is written once, in the core
/// (<c>PayloadKinds</c>, <c>PdfCarrierNames</c>, <c>ProvinceRoutes</c>, the codecs' <c>Type</c>). A quoted
/// copy of any of them in a service's source fails here with its file and line.
/// </summary>
public sealed class SharedContractTests
{
    private static readonly string[] Literals =
    [
        "\"ELC1:", "\"ELP1:", "\"/ELicensePayload", "\"elicense-payload.txt", "\"/.well-known/elicense", "\"/api/v1/status-lists",
        "\"application/statuslist+cwt", "\"application/elicense-trust-list+cose", "\"application/elicense-catalogue+cose",
    ];

    public static TheoryData<string> Contracts() => new(Literals);

    [Theory]
    [MemberData(nameof(Contracts))]
    public void A_contract_of_both_services_is_written_in_the_core_only(string literal)
    {
        var sources = Path.Combine(RepositoryPaths.Root, "src");
        var copies = Directory.EnumerateFiles(sources, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(sources, f).StartsWith("ELicense.Core", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains(literal, StringComparison.Ordinal))
            .Select(l => $"{Path.GetRelativePath(RepositoryPaths.Root, l.f)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(copies.Count == 0, $"{literal}\" is written outside the core:\n" + string.Join("\n", copies));
    }

    [Fact]
    public void The_core_holds_each_contract()
    {
        var core = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src", "ELicense.Core"), "*.cs", SearchOption.AllDirectories)
            .Select(File.ReadAllText).ToList();

        foreach (var literal in Literals)
        {
            Assert.True(core.Any(text => text.Contains(literal, StringComparison.Ordinal)), literal + " is not in the core");
        }
    }
}
