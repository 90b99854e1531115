using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.DevPki;
using ELicense.LicenseService;
using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Issuance;
using ELicense.LoadRunner;
using ELicense.Testing;

// Load runner for LicenseService: starts a real redis-server and the service as its own process
// (Release build, development configuration), then measures over HTTP on 127.0.0.1:
//   issue    one licence per request (sign + store), sequential: p50/p99; and 8 concurrent clients
//   batch    100,000 NDJSON lines in one streamed request (curl uploads and downloads at once)
//   pdf      signed PDF downloads of distinct licences: 2 concurrent clients (rate per core) and one client (p99)
// Usage: dotnet run -c Release --project bench/ELicense.LoadRunner [-- [verify | cluster] [--quick]]
var quick = args.Contains("--quick");
if (args.Contains("verify"))
{
    // verify    the Verifier's HTTP API with distinct SM2 licences (VerifyLoad.cs)
    await VerifyLoad.RunAsync(quick);
    return 0;
}

if (args.Contains("cluster"))
{
    // cluster   batch issuance through a 6-node Redis Cluster, bytes per licence, 100 M projection (ClusterLoad.cs)
    await ClusterLoad.RunAsync(quick, Token());
    return 0;
}

var scale = quick ? 10 : 1;
using var redis = new RedisServer();
using var service = new ServiceProcess("LicenseService", "ELicense.LicenseService", new Dictionary<string, string>
{
    ["Storage:ConnectionString"] = redis.ConnectionString,
    ["Logging:LogLevel:Default"] = "Warning",
});
await service.StartAsync();
{
    var baseAddress = service.BaseAddress;
    using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(10) };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token());
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores; LicenseService on redis-server {redis.Port} (appendfsync always)");

    // issue: sequential
    await Issue(http, 200, 1);
    var (sequential, sequentialWall) = await Issue(http, 3_000 / scale, 1);
    Console.WriteLine($"issue, 1 client:   {sequential.Summary(sequentialWall)}");
    var (concurrent, concurrentWall) = await Issue(http, 6_000 / scale, 8);
    Console.WriteLine($"issue, 8 clients:  {concurrent.Summary(concurrentWall)}");

    // batch: 100,000 lines through curl
    var lines = 100_000 / scale;
    var file = Path.Combine(Path.GetTempPath(), $"elicense-batch-{Guid.NewGuid():N}.ndjson");
    await File.WriteAllLinesAsync(file, Enumerable.Range(0, lines).Select(i => JsonSerializer.Serialize(Request(LicenceCatalogue.NationalBase.All[i % 6]), ApiJson.Options)));
    var cpuBefore = service.ProcessorTime;
    var watch = Stopwatch.StartNew();
    // curl streams the file up and the answer to a file, so the client costs the machine little.
    var answer = file + ".out";
    ExternalTool.Run("curl", Path.GetTempPath(), "-s", "-N", "-T", file, "-o", answer, "-X", "POST", new Uri(baseAddress, "/api/v1/licences:batch").ToString(),
        "-H", "Authorization: Bearer " + Token(), "-H", "Idempotency-Key: load-" + Guid.NewGuid(), "-H", "Content-Type: application/x-ndjson");
    watch.Stop();
    var answerLines = await File.ReadAllLinesAsync(answer);
    var issuedInBatch = answerLines.Count(l => l.Contains("\"status\":\"issued\"", StringComparison.Ordinal));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"batch, {lines:N0} lines: issued={issuedInBatch:N0} in {watch.Elapsed.TotalSeconds:F1} s = {issuedInBatch / watch.Elapsed.TotalSeconds:F0} licences/s; service CPU {(service.ProcessorTime - cpuBefore).TotalSeconds:F1} s"));
    File.Delete(file);
    File.Delete(answer);

    // pdf: distinct licences
    var pdfLinks = new List<string>();
    foreach (var line in answerLines.Take(2_000 / scale))
    {
        pdfLinks.Add(JsonDocument.Parse(line).RootElement.GetProperty("self").GetString() + "/pdf");
    }

    await Pdfs(http, pdfLinks.Take(100).ToList(), 2);
    var pdfCpuBefore = service.ProcessorTime;
    var (pdfConcurrent, pdfConcurrentWall) = await Pdfs(http, pdfLinks.Skip(100).Take(1_000 / scale).ToList(), 2);
    var pdfCpu = (service.ProcessorTime - pdfCpuBefore).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"pdf, 2 clients:    {pdfConcurrent.Summary(pdfConcurrentWall)}; service CPU {pdfCpu:F1} s = {(1_000 / scale) / pdfCpu:F0} PDFs per CPU-second (per core)"));
    var (pdfSingle, pdfSingleWall) = await Pdfs(http, pdfLinks.Skip(1_100 / scale).Take(500 / scale).ToList(), 1);
    Console.WriteLine($"pdf, 1 client:     {pdfSingle.Summary(pdfSingleWall)}");

    StatusMemory(redis);
    return 0;
}

static async Task<(Latencies, TimeSpan)> Issue(HttpClient http, int count, int clients)
{
    var latencies = new Latencies();
    var next = -1;
    var wall = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) < count)
        {
            var request = Request(LicenceCatalogue.NationalBase.All[next % 6]);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync("/api/v1/licences", request, ApiJson.Options);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            latencies.Add(Stopwatch.GetElapsedTime(started));
        }
    }));
    return (latencies, wall.Elapsed);
}

static async Task<(Latencies, TimeSpan)> Pdfs(HttpClient http, List<string> links, int clients)
{
    var latencies = new Latencies();
    var next = -1;
    var wall = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) is var i && i < links.Count)
        {
            var started = Stopwatch.GetTimestamp();
            var pdf = await http.GetByteArrayAsync(links[i]);
            latencies.Add(Stopwatch.GetElapsedTime(started));
            if (pdf.Length < 10_000)
            {
                throw new InvalidOperationException("A PDF came back too small.");
            }
        }
    }));
    return (latencies, wall.Elapsed);
}

// Status lists for 100 million licences, written through the service's own store class (one revoked
// entry per list, so every list exists at full size), measured with MEMORY USAGE.
static void StatusMemory(RedisServer redis)
{
    const long licences = 100_000_000;
    using var connection = StackExchange.Redis.ConnectionMultiplexer.Connect(redis.ConnectionString);
    var database = connection.GetDatabase();
    foreach (var size in new[] { 131_072, new ELicense.LicenseService.Configuration.IssuanceOptions().StatusListSize })
    {
        var store = new ELicense.LicenseService.Storage.StatusListStore(database, "990000", size);
        var lists = (int)((licences + size - 1) / size);
        var audit = new ELicense.LicenseService.Storage.StatusAuditRecord("load", 0, "revoke", "revoked", "memory", "load-runner", DateTimeOffset.UtcNow);
        Task.WaitAll([.. Enumerable.Range(0, lists).Select(i => store.ChangeAsync(new ELicense.Core.Encoding.StatusReference($"990000-{size}-{i}", 12_345), ELicense.Core.Status.LicenceStatus.Revoked, audit))]);
        long bytes = 0;
        for (var i = 0; i < lists; i++)
        {
            bytes += (long)database.Execute("MEMORY", "USAGE", $"elicense:990000:status:{{990000-{size}-{i}}}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"status lists for {licences:N0} licences, {size:N0} entries per list: {lists} lists, MEMORY USAGE {bytes:N0} bytes = {bytes / 1_048_576.0:F1} MiB ({bytes / 1e6:F1} MB)"));
    }
}

static IssueRequest Request(LicenceType type)
{
    var sample = Some.Licence(type);
    return new IssueRequest(type.Key, new HolderRequest(sample.Holder.Name, sample.Holder.IdType, sample.Holder.IdNumber), sample.Fields.ToDictionary(),
        null, type.LongestValidity is null ? null : DateTimeOffset.UtcNow.AddYears(4));
}

static string Token() => DevTokens.Create(
    File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, DevPkiFiles.TokenIssuerCertificate)),
    File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, DevPkiFiles.TokenIssuerKey)),
    DevPkiFiles.Password, "elicense-dev-identity", "elicense-license-service",
    new Dictionary<string, object> { ["sub"] = "load-runner", ["role"] = new[] { Roles.Issuer }, [Caller.LicenceTypesClaim] = LicenceCatalogue.NationalBase.All.Select(t => t.Key).ToArray() },
    TimeSpan.FromHours(2), DateTimeOffset.UtcNow);

