using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.House;

/// <summary>
/// Small files: no source file of the product, its tools or its benchmarks is over 300 lines, and one over
/// 250 says why on its first line ("// Over 250 lines: …"), so that a long file is a decision, not drift.
/// </summary>
public sealed class SourceSizeTests
{
    [Fact]
    public void No_source_file_is_over_300_lines_and_one_over_250_says_why()
    {
        var found = new[] { "src", "tools", "bench" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin" or ".fuzz"))
            .Select(f => (File: Path.GetRelativePath(RepositoryPaths.Root, f), Lines: File.ReadAllLines(f)))
            .Where(f => f.Lines.Length > 300 || (f.Lines.Length > 250 && !f.Lines[0].StartsWith("// Over 250 lines: ", StringComparison.Ordinal)))
            .Select(f => $"{f.File}: {f.Lines.Length} lines")
            .ToList();

        Assert.True(found.Count == 0, "Split these, or say on the first line why they are one (// Over 250 lines: …):\n" + string.Join("\n", found));
    }
}
