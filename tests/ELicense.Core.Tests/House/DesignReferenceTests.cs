using System.Text.RegularExpressions;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.House;

/// <summary>
/// The code and the docs cite the design as "DESIGN §n". That document is docs/design.md in this
/// repository, and every section cited is one of its numbered headings, so a reader can open each.
/// </summary>
public sealed partial class DesignReferenceTests
{
    [Fact]
    public void Every_cited_design_section_is_a_heading_of_docs_design_md()
    {
        var design = File.ReadAllText(Path.Combine(RepositoryPaths.Docs, "design.md"));
        var sections = Heading().Matches(design).Select(m => m.Groups[1].Value).ToHashSet();
        var cited = new[] { "src", "tests", "docs" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, folder), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Citation().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(RepositoryPaths.Root, f), Section: m.Groups[1].Value)))
            .ToList();

        Assert.True(sections.Count >= 13, $"docs/design.md has {sections.Count} numbered sections");
        Assert.True(cited.Count > 100, $"only {cited.Count} citations found: is the pattern right?");
        var dangling = cited.Where(c => !sections.Contains(c.Section)).Select(c => $"{c.File}: DESIGN §{c.Section}").Distinct().ToList();
        Assert.True(dangling.Count == 0, "Cited sections docs/design.md does not have:\n" + string.Join("\n", dangling));
    }

    [GeneratedRegex(@"^## (\d+)\. ", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"DESIGN §(\d+)")]
    private static partial Regex Citation();
}
