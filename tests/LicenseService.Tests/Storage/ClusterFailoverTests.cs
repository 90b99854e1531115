using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELicense.LicenseService.Storage;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit;

namespace ELicense.LicenseService.Tests.Storage;

/// <summary>
/// A node's death on a real Redis Cluster (3 masters, 3 replicas, <c>Storage:WaitForReplicas</c> 1), with real
/// processes: <c>kill -9</c> of a master mid-batch, and the loss of a master with its replica (CLUSTERDOWN).
/// Each test owns its cluster: both break it.
/// </summary>
public sealed class ClusterFailoverTests
{
    private const int Lines = 20_000;

    [Fact]
    public async Task A_master_killed_during_a_20000_line_batch_loses_no_answered_licence_and_a_rerun_issues_every_line_exactly_once()
    {
        using var fixture = new ClusterServiceFixture();
        var (host, cluster) = (fixture.Host, fixture.Cluster);
        var token = Tokens.IssuerOf("id-card");
        var key = "drill-" + Guid.NewGuid();
        var lines = Enumerable.Range(0, Lines).Select(i => Requests.Line(Citizens.IdCard(i))).ToList();
        // The master of the status counter: every chunk needs it, so its death is felt at once.
        var victim = cluster.MasterOf("elicense:320000:status:next");
        var killed = false;
        IEnumerable<string> Killing()
        {
            for (var i = 0; i < lines.Count; i++)
            {
                if (i == 8_000)
                {
                    cluster.Kill(victim);
                    killed = true;
                }

                yield return lines[i];
            }
        }

        var first = (await CurlBatch.RunAsync(host.Client(null).BaseAddress!, token, key, Killing())).Results;
        Assert.True(killed);
        Console.WriteLine($"drill: the first run answered {first.Count(r => r.GetProperty("line").GetInt64() > 0)} lines; its last: {first[^1]}");
        var answered = first.Where(r => r.GetProperty("line").GetInt64() > 0).ToList();
        Assert.Equal(answered.Count, answered.Select(r => r.GetProperty("line").GetInt64()).Distinct().Count());
        Assert.All(answered, r => Assert.Equal("issued", r.GetProperty("status").GetString()));
        if (answered.Count < Lines)
        {
            var aborted = first[^1];
            Assert.Equal("aborted", aborted.GetProperty("status").GetString());
            Assert.Contains("Rerun the same file with the same Idempotency-Key", aborted.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        cluster.WaitUntilHealthy(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(victim, cluster.Masters());

        // Every licence answered before and during the failover is there: it had reached a replica before it was answered.
        foreach (var licence in answered)
        {
            Assert.Equal(licence.GetProperty("qr").GetString(), (await host.RecordAsync(licence.GetProperty("id").GetString()!)).Qr);
        }

        // With Storage:WaitForReplicas 1 the promoted master takes writes once it has a replica again: the operator restarts the dead node.
        cluster.StartMissing();
        var rerun = (await CurlBatch.RunAsync(host.Client(null).BaseAddress!, token, key, lines)).Results;
        Assert.True(rerun.Count == Lines, $"{rerun.Count} lines; the last: {rerun[^1]}");
        Assert.Equal(Enumerable.Range(1, Lines).Select(i => (long)i), rerun.Select(r => r.GetProperty("line").GetInt64()).Order());
        Assert.All(rerun, r => Assert.Contains(r.GetProperty("status").GetString(), new[] { "issued", "replayed" }));
        var byLine = rerun.ToDictionary(r => r.GetProperty("line").GetInt64(), r => r.GetProperty("id").GetString());
        Assert.All(answered, r => Assert.Equal(r.GetProperty("id").GetString(), byLine[r.GetProperty("line").GetInt64()]));
        Assert.Equal(Lines, await host.CountAsync("licence"));

        // The check finds no licence missing from its holder's wallet or its signer's index.
        var report = await StoreCheckTests.CheckAsync(host, repair: false);
        Assert.Equal((Lines, 0L, 0L), (report.GetProperty("scanned").GetInt64(), report.GetProperty("orphans").GetInt64(), report.GetProperty("unreadable").GetInt64()));
        foreach (var i in new[] { 0, 7_999, 8_000, 12_345, Lines - 1 })
        {
            var wallet = await host.Client(Tokens.Citizen(Citizens.IdCard(i).Holder!.IdNumber!)).GetStringAsync("/api/v1/wallet/licences");
            Assert.Contains(byLine[i + 1]!, wallet, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_a_master_and_its_replica_readiness_fails_and_every_503_says_what_happened_to_the_request()
    {
        using var fixture = new ClusterServiceFixture();
        var (host, cluster) = (fixture.Host, fixture.Cluster);
        var issuer = host.Client(Tokens.IssuerOf("id-card"));
        using var issued = await Requests.PostAsync(issuer, Citizens.IdCard(1), "before-" + Guid.NewGuid());
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var id = (await Requests.JsonAsync(issued)).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await host.Client(null).GetAsync("/health/ready")).StatusCode);

        var master = cluster.Masters()[0];
        var replica = cluster.ReplicaOf(master);
        cluster.Kill(replica);
        cluster.Kill(master);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var live = cluster.Ports.Where(RedisCluster.Alive).ToList();
        while (!live.All(p => cluster.Cli(p, "cluster", "info").Contains("cluster_state:fail", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the cluster never noticed the lost slots");
            await Task.Delay(100);
        }

        using var ready = await host.Client(null).GetAsync("/health/ready");
        Assert.True(ready.StatusCode == HttpStatusCode.ServiceUnavailable, $"{ready.StatusCode}: {await ready.Content.ReadAsStringAsync()}");

        using var issue = await Requests.PostAsync(issuer, Citizens.IdCard(2), "during-" + Guid.NewGuid());
        var issueDetail = await Detail(issue);
        Assert.True(issueDetail.StartsWith("Nothing was issued", StringComparison.Ordinal) || issueDetail.StartsWith("It is not known", StringComparison.Ordinal), issueDetail);

        using var revoke = await issuer.PostAsJsonAsync($"/api/v1/licences/{Uri.EscapeDataString(id)}/revoke", new { reason = "drill" });
        Assert.StartsWith("The status change was not confirmed", await Detail(revoke), StringComparison.Ordinal);

        using var rotate = await host.Client(Tokens.Admin()).PostAsJsonAsync("/api/v1/keys/rotations", new { family = "SM2" });
        Assert.StartsWith("The key command was not confirmed", await Detail(rotate), StringComparison.Ordinal);
    }

    /// <summary>The English detail of a 503 store-unavailable answer.</summary>
    private static async Task<string> Detail(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.EndsWith("store-unavailable", problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detailZh").GetString()));
        return problem.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task A_replica_wait_that_times_out_holds_up_no_other_command_to_its_master()
    {
        using var fixture = new ClusterServiceFixture();
        var (host, cluster) = (fixture.Host, fixture.Cluster);
        var connection = host.Services.GetRequiredService<StoreConnection>();
        // Two keys of one slot, so of one master; the master's replica is killed, so a WAIT there runs to its timeout (1 s).
        RedisKey written = "elicense:drill:written:{wait}", other = "elicense:drill:other:{wait}";
        await host.Store.StringSetAsync(other, "read me");
        var master = cluster.MasterOf(written.ToString());
        cluster.Kill(cluster.ReplicaOf(master));
        await host.Store.StringSetAsync(written, "wait for me");

        var waiting = connection.ReplicatedAsync([written]);
        var watch = Stopwatch.StartNew();
        Assert.Equal("read me", (string?)await host.Store.StringGetAsync(other));
        var read = watch.Elapsed;

        await Assert.ThrowsAsync<StoreNotReplicatedException>(() => waiting);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"the WAIT ended after {watch.Elapsed.TotalMilliseconds:F0} ms, before its timeout");
        Assert.True(read < TimeSpan.FromMilliseconds(500), $"a read of the same master waited {read.TotalMilliseconds:F0} ms behind the WAIT");
    }
}
