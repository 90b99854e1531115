using System.Net;
using System.Text;
using System.Text.Json;
using ELicense.LicenseService.Storage;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ELicense.LicenseService.Tests.Storage;

/// <summary>
/// A <c>store check</c> stopped midway (a client gone, a kill, a failing store) goes on from the position of its last
/// report instead of starting over, on a Redis Cluster whose three masters it reads one after another: every record is
/// counted once, and what it found before the stop stays counted. A position not handed out by this store's service
/// is refused before anything is read.
/// </summary>
public sealed class StoreCheckResumeTests(StoreCheckResumeTests.Fixture fixture) : IClassFixture<StoreCheckResumeTests.Fixture>
{
    private const int Licences = 1_500;
    private const int Orphans = 30;

    private readonly ServiceHost host = fixture.Host;

    [Fact]
    public async Task A_check_stopped_in_its_second_master_goes_on_from_there_and_counts_every_record_and_orphan_once()
    {
        await fixture.IssuedAsync();

        // A report-only check stops midway through the second master (its client goes away after that report) and goes on from it.
        var stopped = (await RunAsync(repair: false, from: null, until: InSecondMaster))[^1];
        var scannedBefore = stopped.GetProperty("scanned").GetInt64();
        Assert.InRange(scannedBefore, 1, Licences - 1);
        var run = await RunAsync(repair: false, from: stopped.GetProperty("resume").GetString(), until: null);
        Assert.True(run[0].GetProperty("scanned").GetInt64() > scannedBefore, "the resumed check started over");
        var resumed = run[^1];
        Assert.Equal((Licences, (long)Orphans, 0L), (resumed.GetProperty("scanned").GetInt64(), resumed.GetProperty("orphans").GetInt64(), resumed.GetProperty("repaired").GetInt64()));

        // A repairing check stopped the same way; the CLI goes on from the position in its state file, and removes the file once done.
        var repairing = (await RunAsync(repair: true, from: null, until: InSecondMaster))[^1];
        var position = repairing.GetProperty("resume").GetString()!;
        var state = Path.Combine(Directory.CreateTempSubdirectory("elicense-check-").FullName, "store-check.position");
        await File.WriteAllTextAsync(state, position);
        var (code, output, error) = await StoreCheckTests.CliAsync(host, "check", "--repair", "--resume", "--state", state, "--json");
        Assert.True(code == 0, error);
        var reports = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.True(reports[0].GetProperty("scanned").GetInt64() > repairing.GetProperty("scanned").GetInt64(), "the resumed check started over");
        Assert.Equal(Licences, reports[^1].GetProperty("scanned").GetInt64());
        Assert.False(File.Exists(state));

        // Whatever the stopped run repaired after its last report stays repaired; nothing is left.
        var after = await StoreCheckTests.CheckAsync(host, repair: false);
        Assert.Equal((Licences, 0L), (after.GetProperty("scanned").GetInt64(), after.GetProperty("orphans").GetInt64()));
    }

    private static bool InSecondMaster(JsonElement position) => position.GetProperty("Finished").GetArrayLength() == 1 && position.TryGetProperty("At", out _);

    [Fact]
    public async Task A_changed_or_foreign_position_or_one_of_the_other_mode_is_refused_with_a_field_error_and_reads_nothing()
    {
        await fixture.IssuedAsync();
        var position = (await RunAsync(repair: false, from: null, until: _ => true))[^1].GetProperty("resume").GetString()!;
        var (version, body, mac) = (position.Split('.')[0], position.Split('.')[1], position.Split('.')[2]);
        var json = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(body));
        var moved = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(json.Replace("\"Scanned\":", "\"Scanned\":9", StringComparison.Ordinal)));
        string[] refused =
        [
            $"{version}.{moved}.{mac}", position[..^2], position + "A", "2." + body + "." + mac, new string('x', 5_000),
            $"{version}.{body}.{WebEncoders.Base64UrlEncode(new byte[32])}",
        ];
        foreach (var from in refused)
        {
            using var response = await host.Client(Tokens.Admin()).PostAsync("/api/v1/store/checks?repair=false&from=" + Uri.EscapeDataString(from), null);
            var problem = await Requests.JsonAsync(response);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("from", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        }

        using var otherMode = await host.Client(Tokens.Admin()).PostAsync("/api/v1/store/checks?repair=true&from=" + Uri.EscapeDataString(position), null);
        Assert.Equal(HttpStatusCode.BadRequest, otherMode.StatusCode);
        Assert.Contains("without repair", (await Requests.JsonAsync(otherMode)).GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        // A genuine position drawn on other masters' processes or slots (a failover, a reshard, a restart since): its cursor means nothing now.
        var secrets = host.Services.GetRequiredService<ProvinceSecrets>();
        Assert.True(StoreCheckPosition.TryDecode(position, secrets, out var genuine, out _));
        var elsewhere = (genuine with { Topology = new string('0', 32) }).Encode(secrets);
        using var stale = await host.Client(Tokens.Admin()).PostAsync("/api/v1/store/checks?repair=false&from=" + Uri.EscapeDataString(elsewhere), null);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("the store's masters changed since that position", (await Requests.JsonAsync(stale)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (code, _, error) = await StoreCheckTests.CliAsync(host, "check", "--resume", "--state", Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".position"));
        Assert.Equal(3, code);
        Assert.StartsWith("error: --resume: there is no position to go on from in ", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Reads a check's reports until one whose position satisfies <paramref name="until"/>, then goes away; with no
    /// condition, reads to the end. Returns the reports read.
    /// </summary>
    private async Task<List<JsonElement>> RunAsync(bool repair, string? from, Func<JsonElement, bool>? until)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/store/checks?repair={(repair ? "true" : "false")}" + (from is null ? "" : "&from=" + Uri.EscapeDataString(from)));
        using var response = await host.Client(Tokens.Admin()).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var reports = new List<JsonElement>();
        while (await reader.ReadLineAsync() is { Length: > 0 } line)
        {
            var report = JsonDocument.Parse(line).RootElement.Clone();
            reports.Add(report);
            if (until is null ? report.GetProperty("done").GetBoolean()
                : report.GetProperty("resume").GetString() is { } resume && until(JsonDocument.Parse(WebEncoders.Base64UrlDecode(resume.Split('.')[1])).RootElement))
            {
                return reports;
            }
        }

        throw new InvalidOperationException("The check ended before a report with the position asked for.");
    }

    /// <summary>A cluster service that reports after every page, with <see cref="Licences"/> licences of which <see cref="Orphans"/> lost their wallet entry.</summary>
    public sealed class Fixture() : ClusterServiceFixture(new Dictionary<string, string?> { ["Storage:CheckReportMilliseconds"] = "0" })
    {
        private readonly SemaphoreSlim once = new(1, 1);
        private bool issued;

        public async Task IssuedAsync()
        {
            await once.WaitAsync();
            try
            {
                if (issued)
                {
                    return;
                }

                var results = (await CurlBatch.RunAsync(Host.Client(null).BaseAddress!, Tokens.IssuerOf("id-card"), "resume-" + Guid.NewGuid(),
                    Enumerable.Range(0, Licences).Select(i => Requests.Line(Citizens.IdCard(i))))).Results;
                Assert.Equal(Licences, results.Count(r => r.GetProperty("status").GetString() == "issued"));
                foreach (var i in Enumerable.Range(0, Orphans).Select(o => o * (Licences / Orphans)))
                {
                    await StoreCheckTests.DropWalletEntryAsync(Host, Citizens.IdCard(i).Holder!.IdNumber!, results.Single(r => r.GetProperty("line").GetInt64() == i + 1).GetProperty("id").GetString()!);
                }

                issued = true;
            }
            finally
            {
                once.Release();
            }
        }
    }
}
