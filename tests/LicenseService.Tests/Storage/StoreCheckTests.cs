using System.Net;
using System.Text.Json;
using ELicense.LicenseService.Commands;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Storage;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit;

namespace ELicense.LicenseService.Tests.Storage;

/// <summary>
/// <c>store check</c>: what a write cut short leaves (a licence missing from its holder's wallet), what an earlier
/// version left (records in clear, holder sets) and what an attacker plants or changes, found, repaired where that is
/// safe, and reported — through the API and through the CLI with its progress bar. Each test owns its store.
/// </summary>
public sealed class StoreCheckTests
{
    /// <summary>Runs a check through the API and returns its last report (asserting it is the last).</summary>
    public static async Task<JsonElement> CheckAsync(ServiceHost host, bool repair)
    {
        using var response = await host.Client(Tokens.Admin()).PostAsync($"/api/v1/store/checks?repair={(repair ? "true" : "false")}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var last = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).Last();
        Assert.True(last.GetProperty("done").GetBoolean());
        return last;
    }

    [Fact]
    public async Task A_licence_missing_from_its_wallet_is_put_back_by_the_retry_of_its_request_and_by_the_check()
    {
        using var host = new ServiceHost();
        var issuer = host.Client(Tokens.IssuerOf("id-card"));
        var (retried, checkedOnly) = (Citizens.IdCard(11), Citizens.IdCard(12));
        var key = "orphan-" + Guid.NewGuid();
        using var first = await Requests.PostAsync(issuer, retried, key);
        using var other = await Requests.PostAsync(issuer, checkedOnly, "orphan-" + Guid.NewGuid());
        var ids = new[] { (await Requests.JsonAsync(first)).GetProperty("id").GetString()!, (await Requests.JsonAsync(other)).GetProperty("id").GetString()! };

        // What a master's death between the record's write and its index entry's leaves: the record without its wallet entry.
        foreach (var (request, id) in new[] { retried, checkedOnly }.Zip(ids))
        {
            await DropWalletEntryAsync(host, request.Holder!.IdNumber!, id);
            Assert.DoesNotContain(id, await WalletAsync(host, request), StringComparison.Ordinal);
        }

        using var replay = await Requests.PostAsync(issuer, retried, key);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains(ids[0], await WalletAsync(host, retried), StringComparison.Ordinal);

        var report = await CheckAsync(host, repair: false);
        Assert.Equal(1, report.GetProperty("orphans").GetInt64());
        Assert.DoesNotContain(ids[1], await WalletAsync(host, checkedOnly), StringComparison.Ordinal);

        // The CLI runs the same check in the service and shows its progress; exit 0 once repaired, then nothing is left.
        var (code, output, _) = await CliAsync(host, "check", "--repair");
        Assert.Equal(0, code);
        Assert.Matches(@"\[#+\] 2/2 100 % · [0-9.]+/s · done · orphans 1 · plain 0 · unreadable 0 · old holder sets 0 · repaired 1", output);
        Assert.Contains(ids[1], await WalletAsync(host, checkedOnly), StringComparison.Ordinal);
        Assert.Equal(0, (await CliAsync(host, "check")).Code);
    }

    [Fact]
    public async Task Records_of_an_earlier_version_are_read_only_when_allowed_and_are_sealed_by_the_repair_and_planted_or_moved_values_are_reported()
    {
        var folder = Directory.CreateTempSubdirectory("elicense-upgrade-").FullName;
        string plainId, copiedId, idNumber;
        LicenceRecord genuine;
        using (var host = new ServiceHost(dataFolder: folder))
        {
            var issuer = host.Client(Tokens.IssuerOf("id-card"));
            var request = Citizens.IdCard(21);
            idNumber = request.Holder!.IdNumber!;
            var issued = await Requests.JsonAsync(await Requests.PostAsync(issuer, request));
            plainId = issued.GetProperty("id").GetString()!;
            copiedId = (await Requests.JsonAsync(await Requests.PostAsync(issuer, Citizens.IdCard(22)))).GetProperty("id").GetString()!;
            genuine = await host.RecordAsync(plainId);

            // As an earlier version stored it: JSON in clear, and the holder in a set of its own.
            await host.Store.StringSetAsync(Key(plainId), JsonSerializer.SerializeToUtf8Bytes(genuine, StoreJsonContext.Default.LicenceRecord));
            await DropWalletEntryAsync(host, idNumber, plainId);
            await host.Store.SetAddAsync($"elicense:320000:holder:{{{genuine.HolderKey}}}", plainId);
            using var refused = await host.Client(Tokens.Admin()).GetAsync($"/api/v1/licences/{Uri.EscapeDataString(plainId)}");
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("record-seal", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain(plainId, await WalletAsync(host, request), StringComparison.Ordinal);

            // A sealed value copied onto another key does not open there.
            var sealedOther = (byte[])(await host.Store.StringGetAsync(Key(copiedId)))!;
            await host.Store.StringSetAsync(Key(plainId + "-moved"), sealedOther);
        }

        using (var upgrading = new ServiceHost(dataFolder: folder, extra: new Dictionary<string, string?> { ["Storage:AcceptPlainRecords"] = "true" }))
        {
            Assert.Equal(HttpStatusCode.OK, (await upgrading.Client(Tokens.Admin()).GetAsync($"/api/v1/licences/{Uri.EscapeDataString(plainId)}")).StatusCode);
            var report = await CheckAsync(upgrading, repair: true);
            Assert.Equal((1L, 1L, 1L), (report.GetProperty("plain").GetInt64(), report.GetProperty("legacyHolderSets").GetInt64(), report.GetProperty("unreadable").GetInt64()));
            Assert.Equal(plainId + "-moved", report.GetProperty("unreadableIds")[0].GetString());
            Assert.True(RecordCipher.IsSealed((byte[])(await upgrading.Store.StringGetAsync(Key(plainId)))!));
            Assert.False(await upgrading.Store.KeyExistsAsync($"elicense:320000:holder:{{{genuine.HolderKey}}}"));
            var (code, _, _) = await CliAsync(upgrading, "check");
            Assert.Equal(4, code);
        }

        using var after = new ServiceHost(dataFolder: folder);
        Assert.Equal(HttpStatusCode.OK, (await after.Client(Tokens.Admin()).GetAsync($"/api/v1/licences/{Uri.EscapeDataString(plainId)}")).StatusCode);
        Assert.Contains(plainId, await WalletAsync(after, Citizens.IdCard(21)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_check_endpoint_refuses_other_roles_and_a_bad_repair_value_and_starts_nothing()
    {
        using var host = new ServiceHost();
        var audit = (RedisKey)"elicense:320000:audit:{audit-320000}";
        var before = await host.Store.ListLengthAsync(audit);
        using var anonymous = await host.Client(null).PostAsync("/api/v1/store/checks", null);
        using var issuer = await host.Client(Tokens.IssuerOf("id-card")).PostAsync("/api/v1/store/checks?repair=true", null);
        using var bad = await host.Client(Tokens.Admin()).PostAsync("/api/v1/store/checks?repair=maybe", null);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, issuer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await host.Store.ListLengthAsync(audit));
    }

    [Fact]
    public async Task The_CLI_refuses_bad_arguments_with_one_line_and_exit_3()
    {
        foreach (var arguments in new[] { Array.Empty<string>(), ["fix"], ["check", "--bogus"], ["check", "--url"] })
        {
            var (output, error) = (new StringWriter(), new StringWriter());
            Assert.Equal(3, await StoreCommand.RunAsync(arguments, output, error));
            Assert.StartsWith("error: ", error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        }
    }

    private static RedisKey Key(string id) => $"elicense:320000:licence:{{{id}}}";

    internal static async Task DropWalletEntryAsync(ServiceHost host, string idNumber, string id)
    {
        var holderKey = host.Services.GetRequiredService<HolderKeys>().For("citizen-id", idNumber);
        var bucket = (RedisKey)$"elicense:320000:holders:{{{holderKey[..5]}}}";
        var fields = (await host.Store.HashGetAllAsync(bucket)).Where(e => ((byte[])e.Name!).AsSpan().StartsWith(Convert.FromHexString(holderKey))).ToList();
        var serial = ELicense.Core.Identifiers.LicenceIdentifier.Parse(id).Serial;
        var entry = Assert.Single(fields, e => System.Text.Encoding.ASCII.GetString((byte[])e.Name!).Contains(serial, StringComparison.Ordinal));
        Assert.True(await host.Store.HashDeleteAsync(bucket, entry.Name));
    }

    private static Task<string> WalletAsync(ServiceHost host, IssueRequest request) =>
        host.Client(Tokens.Citizen(request.Holder!.IdNumber!)).GetStringAsync("/api/v1/wallet/licences");

    internal static async Task<(int Code, string Output, string Error)> CliAsync(ServiceHost host, params string[] arguments)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await StoreCommand.RunAsync([.. arguments, "--url", host.Client(null).BaseAddress!.ToString(), "--token", Tokens.Admin()], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
