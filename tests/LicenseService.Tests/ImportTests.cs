using System.Diagnostics;
using System.Text.Json;
using ELicense.LicenseService.Commands;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Xunit;

namespace ELicense.LicenseService.Tests;

/// <summary>
/// <c>./run.sh import</c>: a stock of 100,000 licences streamed in by the CLI as its own process, killed at about
/// half-way (SIGKILL, as a crash or an operator's Ctrl-\ would), resumed with <c>--resume</c>: exactly 100,000
/// licences, one answer per line in the result file, the progress bar on the way.
/// </summary>
public sealed class ImportTests
{
    private const int Lines = 100_000;

    [Fact]
    public async Task An_import_of_100000_lines_killed_at_half_way_resumes_to_exactly_100000_licences()
    {
        using var host = new ServiceHost();
        var folder = Directory.CreateTempSubdirectory("elicense-import-").FullName;
        var file = Path.Combine(folder, "stock.ndjson");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, Lines).Select(i => Requests.Line(Citizens.IdCard(i))));
        var results = file + ".result.ndjson";
        string[] arguments = ["import", file, "--url", host.Client(null).BaseAddress!.ToString(), "--token", Tokens.IssuerOf("id-card")];

        using (var first = Cli(arguments))
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (AnsweredLines(results) < Lines / 2)
            {
                Assert.True(DateTime.UtcNow < deadline && !first.HasExited, "the import did not reach half-way");
                await Task.Delay(100);
            }

            first.Kill();
            await first.WaitForExitAsync();
        }

        var killedAt = AnsweredLines(results);
        Assert.InRange(killedAt, Lines / 2, Lines - 1);
        Assert.Equal(3, (await RunAsync(host, [.. arguments[1..]])).Code);

        // A changed file is not resumed from this result file: its lines would get other keys.
        var changed = Path.Combine(folder, "changed.ndjson");
        await File.WriteAllLinesAsync(changed, File.ReadLines(file).Skip(1));
        var (changedCode, changedError) = await RunAsync(host, [changed, "--result", results, "--resume"]);
        Assert.Equal(3, changedCode);
        Assert.Contains("another file", changedError, StringComparison.Ordinal);

        using var resumed = Cli([.. arguments, "--resume"]);
        var output = await resumed.StandardOutput.ReadToEndAsync();
        await resumed.WaitForExitAsync();
        Assert.True(resumed.ExitCode == 0, output + await resumed.StandardError.ReadToEndAsync());
        Assert.Matches(@"resuming after line [\d,]+ of 100,000", output);
        Assert.Matches(@"\[#+-*\] [\d,]+/100,000 \d+ % · [\d,.]+ lines/s · ETA \d+ s · refused 0", output);
        Assert.Contains("[##############################] 100,000/100,000 100 %", output, StringComparison.Ordinal);

        var answers = File.ReadLines(results).Skip(1).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.StartsWith("{\"import\":\"import-", File.ReadLines(results).First(), StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, Lines).Select(i => (long)i), answers.Select(a => a.GetProperty("line").GetInt64()));
        Assert.All(answers, a => Assert.Contains(a.GetProperty("status").GetString(), new[] { "issued", "replayed" }));
        Assert.Equal(Lines, answers.Select(a => a.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(Lines, await host.CountAsync("licence"));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_resume_from_the_middle_of_a_request_issues_nothing_twice_when_the_lines_say_idempotencyKey_null()
    {
        // Lines as serialisers write them, an unset key as "idempotencyKey": null; a kill that left the result file in the middle
        // of a request whose lines the service had stored. Seen once in the 100,000-line drill: 100,270 licences.
        using var host = new ServiceHost();
        var folder = Directory.CreateTempSubdirectory("elicense-import-").FullName;
        var file = Path.Combine(folder, "stock.ndjson");
        var lines = Enumerable.Range(0, 30).Select(i => Requests.Line(Citizens.IdCard(200_000 + i))).ToList();
        Assert.All(lines, l => Assert.Contains("\"idempotencyKey\":null", l, StringComparison.Ordinal));
        await File.WriteAllLinesAsync(file, lines);
        var results = file + ".result.ndjson";
        var before = await host.CountAsync("licence");
        Assert.Equal(0, (await RunAsync(host, [file, "--lines-per-request", "10"])).Code);

        // As a kill after line 15 leaves it: every line was stored, the answers of 16–30 were not written.
        await File.WriteAllLinesAsync(results, File.ReadLines(results).Take(1 + 15).ToList());
        Assert.Equal(0, (await RunAsync(host, [file, "--lines-per-request", "10", "--resume"])).Code);

        var answers = File.ReadLines(results).Skip(1).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), answers.Select(a => a.GetProperty("line").GetInt64()));
        Assert.All(answers.Skip(15), a => Assert.Equal("replayed", a.GetProperty("status").GetString()));
        Assert.Equal(30, answers.Select(a => a.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(before + 30, await host.CountAsync("licence"));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Bad_arguments_get_one_line_and_exit_3_and_change_nothing()
    {
        using var host = new ServiceHost();
        var before = await host.CountAsync("licence");
        foreach (var arguments in new[] { Array.Empty<string>(), ["missing.ndjson"], ["a", "b"], ["a", "--lines-per-request", "0"], ["a", "--bogus"] })
        {
            var (code, error) = await RunAsync(host, arguments);
            Assert.Equal(3, code);
            Assert.StartsWith("error: ", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }

        Assert.Equal(before, await host.CountAsync("licence"));
    }

    private static async Task<(int Code, string Error)> RunAsync(ServiceHost host, string[] arguments)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await ImportCommand.RunAsync([.. arguments, "--url", host.Client(null).BaseAddress!.ToString(), "--token", Tokens.IssuerOf("id-card")], output, error);
        return (code, error.ToString());
    }

    /// <summary>The CLI as its own process (the service's assembly, as run.sh starts it).</summary>
    private static Process Cli(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "src", "LicenseService", "bin", "Release", "net10.0", "ELicense.LicenseService.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    /// <summary>Complete lines in the result file so far.</summary>
    private static long AnsweredLines(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        long lines = 0;
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            lines += b == '\n' ? 1 : 0;
        }

        return lines;
    }
}
