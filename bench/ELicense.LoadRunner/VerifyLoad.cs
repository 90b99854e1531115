using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Status;
using ELicense.DevPki;
using ELicense.Testing;

namespace ELicense.LoadRunner;

/// <summary>
/// Load on the Verifier's HTTP API: LicenseService (for the trust list and status lists) and the
/// Verifier as their own processes, distinct SM2 licences signed beforehand by the development
/// signer of 320000, JSON requests with a verifier token from the same machine.
///   closed loop: N concurrent clients as fast as they go → the throughput;
///   open loop: requests sent on a fixed schedule → p50/p99 at that rate, latency counted from the
///   scheduled send time, so a stall is not hidden (no coordinated omission).
/// </summary>
public static class VerifyLoad
{
    public static async Task RunAsync(bool quick)
    {
        var scale = quick ? 10 : 1;
        using var province = new ServiceProcess("LicenseService", "ELicense.LicenseService",
            new Dictionary<string, string> { ["Storage:DataFolder"] = Directory.CreateTempSubdirectory("elicense-load-").FullName });
        await province.StartAsync();
        using var verifier = new ServiceProcess("Verifier", "ELicense.Verifier", new Dictionary<string, string>
        {
            ["Verifier:Provinces:0:Region"] = "320000",
            ["Verifier:Provinces:0:TrustListUrl"] = new Uri(province.BaseAddress, "/.well-known/elicense/trust-list").ToString(),
            ["Verifier:CacheFolder"] = Directory.CreateTempSubdirectory("elicense-load-trust-").FullName,
            ["Verifier:RateLimitPerSecond"] = "1000000",
            ["Verifier:RateLimitBurst"] = "1000000",
        });
        await verifier.StartAsync();
        var token = (await province.RunCommandAsync("token", "--sub", "load", "--role", "verifier", "--audience", "elicense-verifier")).Output.Trim();

        // The province serves only status lists that hold licences: one licence issued makes list 320000-0 exist, the signed ones point into it.
        await IssueOneAsync(province);
        var count = 40_000 / scale;
        var signer = DevPkiFiles.Read(RepositoryPaths.DevCertificates, KeyFamily.Sm2).SignerFor("320000");
        var bodies = new byte[count][];
        Parallel.For(0, count, i =>
        {
            var licence = Some.Licence(LicenceCatalogue.NationalBase.All[i % LicenceCatalogue.NationalBase.All.Count]) with { Status = new StatusReference("320000-0", i % 163_776) };
            bodies[i] = JsonSerializer.SerializeToUtf8Bytes(new { qr = QrPayloadCodec.Encode(licence, signer), purpose = "load" });
        });

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = verifier.BaseAddress,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; {count} distinct SM2 licences; Verifier and LicenseService as processes on 127.0.0.1");

        // Warm-up until tiered compilation has settled (the first seconds run unoptimised code at several times the cost).
        await Closed(http, bodies, 20_000 / scale, 64);
        foreach (var clients in new[] { 16, 64 })
        {
            var cpu = CpuSeconds(verifier);
            var (latencies, wall) = await Closed(http, bodies, count / 2, clients);
            Console.WriteLine($"verify, closed loop, {clients} clients: {latencies.Summary(wall)}; Verifier CPU {CpuSeconds(verifier) - cpu:F1} s");
        }

        foreach (var rate in new[] { 1_000, 2_500 })
        {
            var (latencies, wall) = await Open(http, bodies, rate, Math.Min(count, rate * 8 / scale));
            Console.WriteLine($"verify, open loop at {rate}/s:       {latencies.Summary(wall)}");
        }
    }

    private static async Task IssueOneAsync(ServiceProcess province)
    {
        var type = LicenceCatalogue.NationalBase.Find("business-licence")!;
        var sample = Some.Licence(type);
        var issuer = (await province.RunCommandAsync("token", "--sub", "load", "--role", "issuer", "--types", type.Key)).Output.Trim();
        using var http = new HttpClient { BaseAddress = province.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer);
        using var response = await http.PostAsync("/api/v1/licences", new StringContent(JsonSerializer.Serialize(new
        {
            type = type.Key,
            holder = new { name = sample.Holder.Name, idNumber = sample.Holder.IdNumber },
            fields = sample.Fields,
            validUntil = DateTimeOffset.UtcNow.AddYears(4),
        }), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private static async Task<(Latencies, TimeSpan)> Closed(HttpClient http, byte[][] bodies, int total, int clients)
    {
        var latencies = new Latencies();
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var started = Stopwatch.GetTimestamp();
                await Send(http, bodies[i % bodies.Length]);
                latencies.Add(Stopwatch.GetElapsedTime(started));
            }
        })));
        return (latencies, watch.Elapsed);
    }

    /// <summary>
    /// Sends on a fixed schedule from a thread of its own (sleeping 1 ms between batches, never on the
    /// thread pool, whose queue would delay the schedule under load); each latency counts from the
    /// scheduled time, so a late send is charged, not hidden.
    /// </summary>
    private static async Task<(Latencies, TimeSpan)> Open(HttpClient http, byte[][] bodies, int rate, int total)
    {
        var latencies = new Latencies();
        var sends = new Task[total];
        var start = Stopwatch.GetTimestamp();
        var scheduler = new Thread(() =>
        {
            for (var i = 0; i < total; i++)
            {
                var due = TimeSpan.FromSeconds((double)i / rate);
                while (Stopwatch.GetElapsedTime(start) < due)
                {
                    Thread.Sleep(1);
                }

                var body = bodies[i % bodies.Length];
                sends[i] = Timed(http, body, latencies, start, due);
            }
        }) { IsBackground = true, Name = "open-loop schedule" };
        scheduler.Start();
        await Task.Run(scheduler.Join);
        await Task.WhenAll(sends);
        return (latencies, Stopwatch.GetElapsedTime(start));
    }

    private static async Task Timed(HttpClient http, byte[] body, Latencies latencies, long start, TimeSpan due)
    {
        await Send(http, body);
        latencies.Add(Stopwatch.GetElapsedTime(start) - due);
    }

    private static async Task Send(HttpClient http, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync("/api/v1/verify", content);
        var text = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode || text.AsSpan().IndexOf("\"verdict\":\"VALID\""u8) < 0)
        {
            throw new InvalidOperationException($"verify answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(text)[..Math.Min(300, text.Length)]}");
        }
    }

    private static double CpuSeconds(ServiceProcess process) => process.ProcessorTime.TotalSeconds;
}
