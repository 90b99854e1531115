using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.LicenseService;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Storage;
using ELicense.Testing;
using StackExchange.Redis;

namespace ELicense.LoadRunner;

/// <summary>
/// <c>bench/load.sh cluster</c>: batch issuance through a local Redis Cluster (3 masters, 3 replicas, AOF
/// everysec) with and without <c>Storage:WaitForReplicas</c> 1, redis-benchmark on the same cluster in the same
/// run, and what a licence costs in Redis memory and on disk, with the projection to 100 million licences.
/// </summary>
public static class ClusterLoad
{
    public static async Task RunAsync(bool quick, string token)
    {
        var lines = quick ? 10_000 : 100_000;
        using var cluster = new RedisCluster();
        Console.WriteLine($"cluster: 3 masters + 3 replicas of {Version()} on 127.0.0.1:{cluster.BasePort}-{cluster.BasePort + 5}, appendonly yes, appendfsync everysec");
        var benchmark = ExternalTool.Run("redis-benchmark", RepositoryPaths.Root, "--cluster", "-p", cluster.BasePort.ToString(CultureInfo.InvariantCulture),
            "-t", "set", "-n", "200000", "-P", "16", "-d", "700", "-q");
        Console.WriteLine("reference: redis-benchmark --cluster SET, 16 pipelined, 700 B: " + benchmark.Output.Split('\r', '\n').Last(l => l.Contains("requests per second", StringComparison.Ordinal)).Trim());

        var offset = 0;
        foreach (var wait in new[] { 1, 0, 1 })
        {
            using var service = new ServiceProcess("LicenseService", "ELicense.LicenseService", new Dictionary<string, string>
            {
                ["Storage:ConnectionString"] = cluster.ConnectionString,
                ["Storage:WaitForReplicas"] = wait.ToString(CultureInfo.InvariantCulture),
                ["Logging:LogLevel:Default"] = "Warning",
            });
            await service.StartAsync();
            var (memoryBefore, aofBefore) = (await UsedMemoryAsync(cluster), AofBytes(cluster));
            var file = Path.Combine(Path.GetTempPath(), $"elicense-cluster-{Guid.NewGuid():N}.ndjson");
            await File.WriteAllLinesAsync(file, Enumerable.Range(offset, lines).Select(i => JsonSerializer.Serialize(Citizen(i), ApiJson.Options)));
            offset += lines;
            var cpu = service.ProcessorTime;
            var watch = Stopwatch.StartNew();
            var answer = file + ".out";
            ExternalTool.Run("curl", Path.GetTempPath(), "-s", "-N", "-T", file, "-o", answer, "-X", "POST", new Uri(service.BaseAddress, "/api/v1/licences:batch").ToString(),
                "-H", "Authorization: Bearer " + token, "-H", "Idempotency-Key: cluster-" + Guid.NewGuid(), "-H", "Content-Type: application/x-ndjson");
            watch.Stop();
            var issued = File.ReadLines(answer).Count(l => l.Contains("\"status\":\"issued\"", StringComparison.Ordinal));
            var (memoryAfter, aofAfter) = (await UsedMemoryAsync(cluster), AofBytes(cluster));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"batch, {lines:N0} lines, WaitForReplicas {wait}: issued={issued:N0} in {watch.Elapsed.TotalSeconds:F1} s = {issued / watch.Elapsed.TotalSeconds:F0} licences/s; "
                + $"service CPU {(service.ProcessorTime - cpu).TotalSeconds:F1} s; masters' used_memory +{(memoryAfter - memoryBefore) / (double)issued:F0} B and AOF +{(aofAfter - aofBefore) / (double)issued:F0} B per licence"));
            File.Delete(file);
            File.Delete(answer);
        }

        await PerLicenceAsync(cluster);
    }

    /// <summary>MEMORY USAGE of what one licence adds, by kind, and the 100 M projection (one copy; with one replica each; AOF).</summary>
    private static async Task PerLicenceAsync(RedisCluster cluster)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString + ",allowAdmin=true");
        var database = connection.GetDatabase();
        var masters = connection.GetServers().Where(s => !s.IsReplica).ToList();
        var records = new List<RedisKey>();
        long signedBytes = 0, signedMembers = 0;
        foreach (var master in masters)
        {
            records.AddRange(master.Keys(pattern: "elicense:320000:licence:*", pageSize: 1_000).Take(1_000));
            foreach (var set in master.Keys(pattern: "elicense:320000:signed:*", pageSize: 1_000))
            {
                signedBytes += (long)(await database.ExecuteAsync("MEMORY", "USAGE", set, "SAMPLES", "0"));
                signedMembers += await database.SetLengthAsync(set);
            }
        }

        long recordBytes = 0;
        foreach (var key in records)
        {
            recordBytes += (long)(await database.ExecuteAsync("MEMORY", "USAGE", key));
        }

        // A holder bucket as it is at 100 M licences: ~95 entries (100 M / 2^20) in one hash.
        var store = new LicenceStore(database, "990000", new RecordCipher(ProvinceSecrets.Of(new StoreSecrets(new byte[32], new byte[32], new byte[32], new byte[16]))));
        var bucketKey = store.HoldersKey("abcde" + new string('0', 27));
        for (var i = 0; i < 95; i++)
        {
            var holder = "abcde" + i.ToString("x27", CultureInfo.InvariantCulture);
            var id = LicenceIdentifier.Create(LicenceCatalogue.NationalBase.All[i % 6].Code, "11320000014000107E", LicenceIdentifier.NewSerial(DateTimeOffset.UtcNow)).ToString();
            var (field, value) = LicenceStore.HolderEntry(holder, id);
            await database.HashSetAsync(bucketKey, field, value);
        }

        var bucketPerEntry = (long)(await database.ExecuteAsync("MEMORY", "USAGE", bucketKey)) / 95.0;
        var encoding = (string?)await database.ExecuteAsync("OBJECT", "ENCODING", bucketKey);
        var record = recordBytes / (double)records.Count;
        var signed = signedMembers == 0 ? 0 : signedBytes / (double)signedMembers;
        var total = record + bucketPerEntry + signed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"per licence (MEMORY USAGE): record {record:F0} B (mean of {records.Count:N0}), holder bucket entry {bucketPerEntry:F0} B (95-entry bucket, {encoding}), signer index {signed:F0} B ({signedMembers:N0} members); total {total:F0} B"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"100,000,000 licences: {total * 1e8 / 1e9:F0} GB per copy, {2 * total * 1e8 / 1e9:F0} GB with one replica each (before Redis's allocator overhead and headroom)"));
    }

    private static IssueRequest Citizen(int i)
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(i % 20_000);
        var sequence = ((i / 20_000) % 500 * 2) + 1;
        var idNumber = CitizenIdNumber.Complete("320102" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("000", CultureInfo.InvariantCulture));
        var sample = Some.Licence(LicenceCatalogue.NationalBase.Find("id-card"));
        var fields = sample.Fields.ToDictionary();
        fields["birthDate"] = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        fields["sex"] = "男";
        return new IssueRequest("id-card", new HolderRequest(sample.Holder.Name, sample.Holder.IdType, idNumber), fields, null, DateTimeOffset.UtcNow.AddYears(20).AddDays(-1));
    }

    private static async Task<long> UsedMemoryAsync(RedisCluster cluster)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(cluster.ConnectionString + ",allowAdmin=true");
        long used = 0;
        foreach (var master in connection.GetServers().Where(s => !s.IsReplica))
        {
            var info = await master.InfoAsync("memory");
            used += long.Parse(info.SelectMany(g => g).First(p => p.Key == "used_memory").Value, CultureInfo.InvariantCulture);
        }

        return used;
    }

    /// <summary>The append-only files of the nodes that are masters now.</summary>
    private static long AofBytes(RedisCluster cluster) =>
        cluster.Masters().Sum(port => Directory.EnumerateFiles(Path.Combine(cluster.Folder, port.ToString(CultureInfo.InvariantCulture)), "*.aof", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length));

    private static string Version() => ExternalTool.Run("redis-server", RepositoryPaths.Root, "--version").Output.Split(' ').FirstOrDefault(p => p.StartsWith("v=", StringComparison.Ordinal)) ?? "redis-server";
}
