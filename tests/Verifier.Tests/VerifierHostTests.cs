using System.Net;
using System.Text.Json;
using ELicense.Testing;
using ELicense.Verifier.Tests.Support;

namespace ELicense.Verifier.Tests;

/// <summary>The Verifier as its own process next to a province's LicenseService process.</summary>
public sealed class VerifierHostTests : IDisposable
{
    private readonly Province province = new();
    private readonly List<ServiceProcess> verifiers = [];

    [Fact]
    public async Task The_Verifier_fetches_the_province_s_list_reports_it_and_keeps_it_when_the_province_goes_down()
    {
        await province.Process.StartAsync();
        var verifier = Verifier(new Dictionary<string, string> { ["Verifier:TrustRefreshInterval"] = "00:00:01" });
        await verifier.StartAsync();
        using var client = new HttpClient { BaseAddress = verifier.BaseAddress };

        var held = await Until(client, p => p.GetProperty("sequence").ValueKind == JsonValueKind.Number);
        Assert.Equal("320000", held.GetProperty("region").GetString());
        Assert.True(held.GetProperty("signers").GetInt32() >= 2);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        province.Process.Stop();
        var down = await Until(client, p => p.GetProperty("lastError").ValueKind == JsonValueKind.String);

        Assert.Equal(held.GetProperty("sequence").GetInt64(), down.GetProperty("sequence").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task A_caller_over_its_rate_gets_429_while_another_caller_is_served_and_metrics_count_the_verdicts()
    {
        await province.Process.StartAsync();
        var verifier = Verifier(new Dictionary<string, string> { ["Verifier:RateLimitPerSecond"] = "2", ["Verifier:RateLimitBurst"] = "2" });
        await verifier.StartAsync();
        using var client = new HttpClient { BaseAddress = verifier.BaseAddress };
        async Task<HttpResponseMessage> Verify(string caller) => await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify")
        {
            Content = new StringContent("{\"qr\":\"ELC1:NOTHING\",\"purpose\":\"rate test\"}", System.Text.Encoding.UTF8, "application/json"),
            Headers = { Authorization = new("Bearer", (await province.Process.RunCommandAsync("token", "--sub", caller, "--role", "verifier", "--audience", "elicense-verifier")).Output.Trim()) },
        });
        var tokenA = (await province.Process.RunCommandAsync("token", "--sub", "caller-a", "--role", "verifier", "--audience", "elicense-verifier")).Output.Trim();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify")
            {
                Content = new StringContent("{\"qr\":\"ELC1:NOTHING\",\"purpose\":\"rate test\"}", System.Text.Encoding.UTF8, "application/json"),
                Headers = { Authorization = new("Bearer", tokenA) },
            }));
        }

        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal("application/problem+json", limited[0].Content.Headers.ContentType?.MediaType);
        Assert.NotNull(limited[0].Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await Verify("caller-b")).StatusCode);
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("elicense_verifications_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("verdict=\"invalid\"", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Verifier:Provinces:0:Region", "999999", "Verifier:Provinces:0:Region")]
    [InlineData("Verifier:Provinces:0:TrustListUrl", "ftp://example/list", "Verifier:Provinces:0:TrustListUrl")]
    [InlineData("Verifier:RootCertificates:0", "/nonexistent/root.pem", "Verifier:RootCertificates")]
    [InlineData("Verifier:RootCertificates:0", "../../certs/dev/dev-ds-320000-sm2.crt.pem", "cannot be an anchor")]
    [InlineData("Verifier:TrustRefreshInterval", "00:00:00", "Verifier:TrustRefreshInterval")]
    [InlineData("Verifier:RateLimitPerSecond", "0", "Verifier:RateLimitPerSecond")]
    public async Task A_bad_setting_stops_start_up_with_a_message_naming_it(string key, string value, string expected)
    {
        var verifier = Verifier(new Dictionary<string, string> { [key] = value });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(verifier.StartAsync);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private ServiceProcess Verifier(Dictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["Verifier:Provinces:0:Region"] = "320000",
            ["Verifier:Provinces:0:TrustListUrl"] = province.TrustListUrl,
            ["Verifier:CacheFolder"] = Directory.CreateTempSubdirectory("elicense-verifier-").FullName,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var process = new ServiceProcess("Verifier", "ELicense.Verifier", settings);
        verifiers.Add(process);
        return process;
    }

    private static async Task<JsonElement> Until(HttpClient client, Func<JsonElement, bool> condition)
    {
        var end = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var province = JsonDocument.Parse(await client.GetStringAsync("/api/v1/trust-lists")).RootElement.EnumerateArray().Single();
            if (condition(province))
            {
                return province.Clone();
            }

            Assert.True(DateTime.UtcNow < end, "not reached in 30 s: " + province);
            await Task.Delay(200);
        }
    }

    public void Dispose()
    {
        verifiers.ForEach(v => v.Dispose());
        province.Dispose();
    }
}
