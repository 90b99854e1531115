using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Status;
using ELicense.LicenseService.Storage;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ELicense.LicenseService.Tests.Storage;

/// <summary>
/// A slot moved between masters of a real Redis Cluster while the service uses it (<see cref="SlotMove"/>): while
/// its keys are split between the two masters, the scripts of a status change and of a key command are refused with
/// TRYAGAIN. The service repeats a refused script (it ran nothing) and answers once the slot has moved; a move that
/// outlasts the repeats gets a 503 in the operation's words and changes nothing.
/// </summary>
public sealed class ClusterMigrationTests(ClusterServiceFixture fixture) : IClassFixture<ClusterServiceFixture>
{
    private const string Region = "320000";

    /// <summary>
    /// How long each test holds the slot split before completing the move: the repeats start at 0, 50, 150, 350, 750 and
    /// 1,550 ms (<c>StoreFailures</c>), so the split and the completing redis-cli calls end well before the last.
    /// </summary>
    private static readonly TimeSpan Split = TimeSpan.FromMilliseconds(400);

    private readonly ServiceHost host = fixture.Host;
    private readonly RedisCluster cluster = fixture.Cluster;

    [Fact]
    public async Task A_status_change_while_its_list_moves_is_refused_TRYAGAIN_repeated_and_applied_once()
    {
        var issuer = host.Client(Tokens.IssuerOf("business-licence"));
        var (list, listKey, auditKey) = await ListWithTrailAsync(issuer);
        var target = await IssueAsync(issuer);
        using var move = new SlotMove(cluster, listKey);
        move.Move(auditKey);
        Assert.StartsWith("TRYAGAIN", move.ScriptOnSource(listKey, auditKey), StringComparison.Ordinal);

        using var revoked = await AnsweredOnceMovedAsync(move, () => issuer.PostAsJsonAsync(target.Self + "/revoke", new { reason = "伪造材料骗取登记" }), HttpStatusCode.OK);

        Assert.Equal(move.Target, cluster.MasterOf(listKey));
        Assert.Equal(LicenceStatus.Revoked, await Store.GetAsync(target.Status));
        Assert.Single(await Store.AuditAsync(list), a => a.Licence == target.Id && a.Change == "revoke");
    }

    [Fact]
    public async Task A_status_change_during_a_move_that_outlasts_the_repeats_gets_503_in_its_words_and_changes_nothing()
    {
        var issuer = host.Client(Tokens.IssuerOf("business-licence"));
        var (list, listKey, auditKey) = await ListWithTrailAsync(issuer);
        var target = await IssueAsync(issuer);
        var trail = (await Store.AuditAsync(list)).Count;
        using var move = new SlotMove(cluster, listKey);
        move.Move(auditKey);

        using var refused = await issuer.PostAsJsonAsync(target.Self + "/suspend", new { reason = "涉嫌违法经营" });
        var problem = await Requests.JsonAsync(refused);
        move.Complete();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.StartsWith("The status change was not confirmed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(LicenceStatus.Valid, await Store.GetAsync(target.Status));
        Assert.Equal(trail, (await Store.AuditAsync(list)).Count);

        // Once the slot has moved, the same request is applied, once.
        using var again = await issuer.PostAsJsonAsync(target.Self + "/suspend", new { reason = "涉嫌违法经营" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(LicenceStatus.Suspended, await Store.GetAsync(target.Status));
        Assert.Single(await Store.AuditAsync(list), a => a.Licence == target.Id);
    }

    [Fact]
    public async Task A_key_rotation_while_the_key_set_moves_is_refused_TRYAGAIN_repeated_and_makes_one_key()
    {
        var admin = host.Client(Tokens.Admin());
        var tag = $"{{keys-{Region}}}";
        var (keysKey, sequenceKey) = ($"elicense:{Region}:keys:{tag}", $"elicense:{Region}:keys-sequence:{tag}");
        var before = await KeysAsync(admin);
        using var move = new SlotMove(cluster, keysKey);
        move.Move(sequenceKey);
        Assert.StartsWith("TRYAGAIN", move.ScriptOnSource(keysKey, sequenceKey), StringComparison.Ordinal);

        using var rotated = await AnsweredOnceMovedAsync(move, () => admin.PostAsJsonAsync("/api/v1/keys/rotations", new { family = "SM2" }), HttpStatusCode.Created);
        var made = (await Requests.JsonAsync(rotated)).GetProperty("kid").GetString();
        var after = await KeysAsync(admin);
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Equal(made, Assert.Single(after.Except(before)));
        Assert.Equal(move.Target, cluster.MasterOf(keysKey));
    }

    /// <summary>
    /// Sends the request while the slot is split, checks it is still waiting after <see cref="Split"/> (neither answered
    /// nor refused), completes the move, and returns the answer: the status expected, and the source refused the
    /// service's script at least once meanwhile (so the answer came from a repeat).
    /// </summary>
    private static async Task<HttpResponseMessage> AnsweredOnceMovedAsync(SlotMove move, Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
    {
        var refusals = move.RefusedOnSource();
        var request = send();
        await Task.Delay(Split);
        if (request.IsCompleted)
        {
            using var early = await request;
            Assert.Fail($"answered {(int)early.StatusCode} while its keys were split between two masters: {await early.Content.ReadAsStringAsync()}");
        }

        move.Complete();
        var answer = await request;
        Assert.True(answer.StatusCode == expected, await answer.Content.ReadAsStringAsync());
        Assert.True(move.RefusedOnSource() > refusals, "the service's script was never refused: the test proved no repeat");
        return answer;
    }

    private StatusListStore Store => host.Services.GetRequiredService<StatusListStore>();

    /// <summary>A licence whose list has a stored list and audit trail (a suspension and its reinstatement), and their keys.</summary>
    private async Task<(string List, string ListKey, string AuditKey)> ListWithTrailAsync(HttpClient issuer)
    {
        var licence = await IssueAsync(issuer);
        Assert.Equal(HttpStatusCode.OK, (await issuer.PostAsJsonAsync(licence.Self + "/suspend", new { reason = "核查材料" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await issuer.PostAsJsonAsync(licence.Self + "/reinstate", new { reason = "核查结束" })).StatusCode);
        var list = licence.Status.List;
        return (list, $"elicense:{Region}:status:{{{list}}}", $"elicense:{Region}:status-audit:{{{list}}}");
    }

    private static async Task<(string Id, string Self, StatusReference Status)> IssueAsync(HttpClient issuer)
    {
        var issued = await Requests.JsonAsync(await Requests.PostAsync(issuer, Requests.For(BaseTypes.BusinessLicence)));
        var status = issued.GetProperty("status");
        return (issued.GetProperty("id").GetString()!, issued.GetProperty("links").GetProperty("self").GetString()!,
            new StatusReference(status.GetProperty("list").GetString()!, status.GetProperty("index").GetInt64()));
    }

    private static async Task<List<string>> KeysAsync(HttpClient admin) =>
        [.. (await Requests.JsonAsync(await admin.GetAsync("/api/v1/keys"))).GetProperty("keys").EnumerateArray()
            .Where(k => k.GetProperty("family").GetString() == "SM2" && k.GetProperty("purpose").GetString() == "document-signer")
            .Select(k => k.GetProperty("kid").GetString()!)];
}
