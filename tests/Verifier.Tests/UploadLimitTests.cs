using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ELicense.Core.Encoding;
using ELicense.Testing;
using ELicense.Verifier.Tests.Support;
using SkiaSharp;
using Xunit.Abstractions;

namespace ELicense.Verifier.Tests;

/// <summary>
/// DESIGN §13, uploads bounded in pixels and concurrency per caller, against a Verifier process: a
/// small PNG claiming 48 million pixels is refused from its header (PNG cannot be decoded scaled down)
/// and costs the process next to no memory, alone or six at once; large pictures that are let in are
/// read in grey within a bounded working set; one caller's flood of PDF uploads gets 429s and does not
/// slow another caller's QR texts; a full queue is a 503; bad settings stop start-up.
/// </summary>
public sealed class UploadLimitTests(VerifierFixture fixture, ITestOutputHelper log) : IClassFixture<VerifierFixture>
{
    private const long MiB = 1024 * 1024;
    private static readonly ConcurrentDictionary<string, Task<string>> Tokens = new();

    [Fact]
    public async Task An_8000_by_6000_PNG_of_one_colour_is_refused_as_too_large_and_costs_the_Verifier_under_100_MB()
    {
        var png = FlatPng(8000, 6000);
        Assert.True(png.Length < 200 * 1024, $"{png.Length} bytes");
        await WarmUpAsync();

        var (growth, (status, body)) = await PeakGrowthAsync(() => fixture.UploadAsync(png, "huge.png"));

        log.WriteLine($"8000 × 6000 PNG of {png.Length / 1024} KB: {(int)status}, working set grew by {growth / MiB} MB at most");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("urn:elicense:problem:image-too-large", body.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detailZh").GetString()));
        Assert.True(growth < 100 * MiB, $"the working set grew by {growth / MiB} MB");
    }

    [Fact]
    public async Task Six_such_PNGs_from_six_callers_at_once_cost_the_Verifier_under_300_MB()
    {
        var png = FlatPng(8000, 6000);
        var clients = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => ClientAsync($"dept-memory-{i}")));
        await WarmUpAsync();

        var (growth, answers) = await PeakGrowthAsync(() => Task.WhenAll(clients.Select(c => UploadAsync(c, png, "huge.png"))));

        log.WriteLine($"six 8000 × 6000 PNGs at once: {string.Join(", ", answers.Select(a => (int)a.Status))}, working set grew by {growth / MiB} MB at most");
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.UnprocessableEntity, a.Status));
        Assert.True(growth < 300 * MiB, $"the working set grew by {growth / MiB} MB");
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task A_12_megapixel_PNG_and_a_24_megapixel_JPEG_of_a_QR_code_are_read_in_grey_under_100_MB_each()
    {
        var qr = await fixture.Province.IssueAsync();
        using var code = SKBitmap.Decode(await fixture.Province.QrPngAsync(qr));
        await WarmUpAsync();

        foreach (var (name, picture) in new[]
        {
            ("4000 × 3000 PNG", Drawn(code, 4000, 3000, SKEncodedImageFormat.Png)),
            ("6000 × 4000 JPEG", Drawn(code, 6000, 4000, SKEncodedImageFormat.Jpeg)),
        })
        {
            var (growth, (status, body)) = await PeakGrowthAsync(() => fixture.UploadAsync(picture, "photo"));

            log.WriteLine($"{name} of {picture.Length / 1024} KB: {(int)status}, working set grew by {growth / MiB} MB at most");
            Assert.True(status == HttpStatusCode.OK, $"{name}: {(int)status} {body}");
            Assert.Equal("VALID", body.GetProperty("verdict").GetString());
            Assert.True(growth < 100 * MiB, $"{name}: the working set grew by {growth / MiB} MB");
        }
    }

    [Fact]
    public async Task A_flood_of_one_callers_PDF_uploads_gets_429s_and_does_not_slow_another_callers_QR_texts()
    {
        var qr = await fixture.Province.IssueAsync();
        var pdfs = await DistinctPdfsAsync(qr, 12);
        using var other = await ClientAsync("dept-other");
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal("VALID", await VerdictAsync(other, qr));
        }

        Assert.Equal("VALID", (await fixture.UploadAsync(pdfs[0], "licence.pdf")).Body.GetProperty("verdict").GetString());
        var before = await LatenciesAsync(other, qr, 300);

        var answers = new ConcurrentBag<(HttpStatusCode Status, string? RetryAfter, string Body)>();
        using var stop = new CancellationTokenSource();
        // Forty senders of one caller, each sending its next PDF as soon as the last is answered, and after a 429
        // retrying ten times sooner than Retry-After asks. (Retrying at once, without pause, is a flood of requests
        // rather than of work: the per-caller token bucket, Verifier:RateLimitPerSecond, is what bounds that.)
        var flood = Task.WhenAll(Enumerable.Range(0, 40).Select(sender => Task.Run(async () =>
        {
            for (var i = sender; !stop.IsCancellationRequested; i += 40)
            {
                using var form = new MultipartFormDataContent { { new StringContent("批量核验"), "purpose" }, { new ByteArrayContent(pdfs[i % pdfs.Count]), "file", "licence.pdf" } };
                using var response = await fixture.Client.PostAsync("/api/v1/verify", form);
                answers.Add((response.StatusCode, response.Headers.RetryAfter?.ToString(), await response.Content.ReadAsStringAsync()));
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    await Task.Delay(100);
                }
            }
        })));
        var end = DateTime.UtcNow.AddSeconds(30);
        while (answers.IsEmpty && DateTime.UtcNow < end)
        {
            await Task.Delay(10);
        }

        var during = await LatenciesAsync(other, qr, 300);
        await stop.CancelAsync();
        await flood;

        var p99Before = Percentile(before, 0.99);
        var p99During = Percentile(during, 0.99);
        var counts = answers.GroupBy(a => (int)a.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {g.Key}");
        log.WriteLine($"other caller's QR text: p50 {Percentile(before, 0.5):F1} ms, p99 {p99Before:F1} ms without the flood; p50 {Percentile(during, 0.5):F1} ms, p99 {p99During:F1} ms during it");
        log.WriteLine($"flooding caller's {answers.Count} uploads: {string.Join(", ", counts)}; {pdfs.Count} distinct PDFs of about {pdfs[0].Length / 1024} KB");
        Assert.DoesNotContain(answers, a => (int)a.Status >= 500);
        var refused = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, a =>
        {
            Assert.Equal("1", a.RetryAfter);
            var problem = JsonDocument.Parse(a.Body).RootElement;
            Assert.Equal("urn:elicense:problem:too-many-uploads", problem.GetProperty("type").GetString());
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("detailZh").GetString()));
        });
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.OK), a => Assert.Equal("VALID", JsonDocument.Parse(a.Body).RootElement.GetProperty("verdict").GetString()));
        Assert.True(p99During <= Math.Max(3 * p99Before, p99Before + 50), $"p99 {p99During:F1} ms during the flood against {p99Before:F1} ms without");
    }

    [Fact]
    public async Task With_every_place_and_the_queue_taken_an_upload_is_a_503_and_a_callers_second_a_429_while_QR_texts_pass()
    {
        using var verifier = new ServiceProcess("Verifier", "ELicense.Verifier", new Dictionary<string, string>
        {
            ["Verifier:Provinces:0:Region"] = "320000",
            ["Verifier:Provinces:0:TrustListUrl"] = fixture.Province.TrustListUrl,
            ["Verifier:CacheFolder"] = Directory.CreateTempSubdirectory("elicense-verifier-").FullName,
            ["Verifier:Uploads:MaxConcurrent"] = "1",
            ["Verifier:Uploads:QueueLimit"] = "1",
            ["Verifier:Uploads:MaxConcurrentPerCaller"] = "1",
        });
        await verifier.StartAsync();
        var qr = await fixture.Province.IssueAsync();
        var pdfs = await DistinctPdfsAsync(qr, 12);
        var clients = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => ClientAsync($"dept-queue-{i}", verifier.BaseAddress)));
        var end = DateTime.UtcNow.AddSeconds(30);
        while (await ReadyAsync(clients[0]) is false)
        {
            Assert.True(DateTime.UtcNow < end, "the Verifier held no trust list after 30 s");
            await Task.Delay(200);
        }

        var answers = new List<(HttpStatusCode Status, string? RetryAfter, JsonElement Body)>();
        var texts = new List<string>();
        for (var round = 0; round < 10 && !(answers.Any(a => a.Status == HttpStatusCode.ServiceUnavailable) && answers.Any(a => a.Status == HttpStatusCode.TooManyRequests)); round++)
        {
            // Four callers send three PDFs each at once: one of each caller's is let in, and only two of those find a place.
            var uploads = clients.SelectMany((c, i) => Enumerable.Range(0, 3).Select(j => UploadAsync(c, pdfs[(round * 12 + i * 3 + j) % pdfs.Count], "licence.pdf"))).ToList();
            texts.Add(await VerdictAsync(clients[0], qr));
            answers.AddRange(await Task.WhenAll(uploads));
        }

        log.WriteLine(string.Join(", ", answers.GroupBy(a => (int)a.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {g.Key}")));
        Assert.All(texts, t => Assert.Equal("VALID", t));
        Assert.DoesNotContain(answers, a => (int)a.Status >= 500 && a.Status != HttpStatusCode.ServiceUnavailable);
        var busy = answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        var callerBusy = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(busy);
        Assert.NotEmpty(callerBusy);
        Assert.All(busy, a =>
        {
            Assert.Equal("2", a.RetryAfter);
            Assert.Equal("urn:elicense:problem:uploads-busy", a.Body.GetProperty("type").GetString());
            Assert.False(string.IsNullOrEmpty(a.Body.GetProperty("detailZh").GetString()));
        });
        Assert.All(callerBusy, a => Assert.Equal("urn:elicense:problem:too-many-uploads", a.Body.GetProperty("type").GetString()));
        Assert.Contains(answers, a => a.Status == HttpStatusCode.OK && a.Body.GetProperty("verdict").GetString() == "VALID");
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Upload_limits_out_of_range_stop_start_up_with_a_message_naming_each_setting()
    {
        using var verifier = new ServiceProcess("Verifier", "ELicense.Verifier", new Dictionary<string, string>
        {
            ["Verifier:Provinces:0:Region"] = "320000",
            ["Verifier:Provinces:0:TrustListUrl"] = fixture.Province.TrustListUrl,
            ["Verifier:CacheFolder"] = Directory.CreateTempSubdirectory("elicense-verifier-").FullName,
            ["Verifier:Uploads:MaxConcurrent"] = "0",
            ["Verifier:Uploads:QueueLimit"] = "-1",
        });

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(verifier.StartAsync);

        Assert.Contains("Verifier:Uploads:MaxConcurrent ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Verifier:Uploads:QueueLimit ", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>The largest growth of the Verifier's working set over its size just before, sampled every 20 ms while <paramref name="action"/> runs.</summary>
    private async Task<(long Growth, T Result)> PeakGrowthAsync<T>(Func<Task<T>> action)
    {
        var baseline = fixture.Verifier.WorkingSet;
        var peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, fixture.Verifier.WorkingSet);
                await Task.Delay(20);
            }
        });
        var result = await action();
        await Task.Delay(60);
        await stop.CancelAsync();
        await sampler;
        return (Math.Max(peak, fixture.Verifier.WorkingSet) - baseline, result);
    }

    /// <summary>A small picture once through the Verifier, so that its decoders are loaded before memory is measured
    /// (nothing large: memory a large one left committed would hide what the next one costs).</summary>
    private async Task WarmUpAsync()
    {
        await fixture.UploadAsync(FlatPng(64, 64), "small.png");
        await fixture.UploadAsync(FlatPng(640, 480), "small.png");
    }

    /// <summary>A PNG of one colour, written by hand row by row: tens of kilobytes for any size.</summary>
    private static byte[] FlatPng(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + (3 * width)];
            for (var x = 0; x < width; x++)
            {
                row[1 + (3 * x)] = 0xC8;
                row[2 + (3 * x)] = 0xD2;
                row[3 + (3 * x)] = 0xE6;
            }

            for (var y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }

        return [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", header), .. Chunk("IDAT", compressed.ToArray()), .. Chunk("IEND", [])];
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, System.IO.Hashing.Crc32.HashToUInt32(typed));
        return [.. length, .. typed, .. crc];
    }

    /// <summary>A photo-sized picture with the QR code drawn large in its middle, as a phone held close takes it.</summary>
    private static byte[] Drawn(SKBitmap code, int width, int height, SKEncodedImageFormat format)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(new SKColor(235, 235, 228));
        var side = height * 0.6f;
        using var image = SKImage.FromBitmap(code);
        surface.Canvas.DrawImage(image, SKRect.Create((width - side) / 2, (height - side) / 2, side, side), new SKSamplingOptions(SKFilterMode.Nearest));
        using var snapshot = surface.Snapshot();
        return snapshot.Encode(format, 85).ToArray();
    }

    /// <summary>PDFs of the licence as the province renders them on each request (each signed anew), at most <paramref name="count"/> distinct.</summary>
    private async Task<List<byte[]>> DistinctPdfsAsync(string qr, int count)
    {
        Assert.True(QrPayloadCodec.TryDecode(qr, DecodeLimits.Default, out var decoded, out _));
        using var client = new HttpClient { BaseAddress = fixture.Province.Process.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await fixture.Province.TokenAsync("admin"));
        var pdfs = new Dictionary<string, byte[]>();
        for (var i = 0; i < count; i++)
        {
            var pdf = await client.GetByteArrayAsync("/api/v1/licences/" + Uri.EscapeDataString(decoded!.Payload.Identifier) + "/pdf");
            pdfs.TryAdd(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(pdf)), pdf);
        }

        return [.. pdfs.Values];
    }

    /// <summary>A client of a Verifier (default: the fixture's) with a verifier token of its own subject.</summary>
    private async Task<HttpClient> ClientAsync(string subject, Uri? verifier = null)
    {
        var token = await Tokens.GetOrAdd(fixture.Province.TrustListUrl + " " + subject, async _ =>
        {
            var (code, output) = await fixture.Province.Process.RunCommandAsync("token", "--sub", subject, "--role", "verifier", "--audience", "elicense-verifier");
            return code == 0 ? output.Trim() : throw new InvalidOperationException("token failed: " + output);
        });
        var client = new HttpClient { BaseAddress = verifier ?? fixture.Verifier.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<bool> ReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health/ready");
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static async Task<(HttpStatusCode Status, string? RetryAfter, JsonElement Body)> UploadAsync(HttpClient client, byte[] file, string fileName)
    {
        using var form = new MultipartFormDataContent { { new StringContent("窗口核验"), "purpose" }, { new ByteArrayContent(file), "file", fileName } };
        using var response = await client.PostAsync("/api/v1/verify", form);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Headers.RetryAfter?.ToString(), JsonDocument.Parse(body.Length > 0 ? body : "{}").RootElement.Clone());
    }

    private static async Task<string> VerdictAsync(HttpClient client, string qr)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/verify", new { qr, purpose = "窗口核验" });
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(body).RootElement.GetProperty("verdict").GetString()! : $"{(int)response.StatusCode} {body}";
    }

    /// <summary>The latencies in milliseconds of <paramref name="count"/> QR-text verifications one after another, each
    /// VALID. Sent synchronously from a thread of their own, so that what is measured is the Verifier's answer and
    /// not this process's thread pool, busy with the flood it sends.</summary>
    private static Task<double[]> LatenciesAsync(HttpClient client, string qr, int count)
    {
        var body = JsonSerializer.Serialize(new { qr, purpose = "窗口核验" });
        return Task.Factory.StartNew(() =>
        {
            var latencies = new double[count];
            for (var i = 0; i < count; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                var started = Stopwatch.GetTimestamp();
                using var response = client.Send(request);
                var text = new StreamReader(response.Content.ReadAsStream()).ReadToEnd();
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Assert.True(response.StatusCode == HttpStatusCode.OK, text);
                Assert.Equal("VALID", JsonDocument.Parse(text).RootElement.GetProperty("verdict").GetString());
            }

            return latencies;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private static double Percentile(double[] values, double fraction)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
