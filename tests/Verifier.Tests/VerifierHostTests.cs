using System.Net;
using System.Text.Json;
using ELicense.Testing;
using ELicense.Verifier.Endpoints;
using ELicense.Verifier.Tests.Support;
using ELicense.Verifier.Trust;

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

    [Fact]
    public async Task Outside_Development_the_development_roots_token_issuer_and_plain_http_lists_stop_start_up_naming_each_setting()
    {
        var copied = Path.Combine(Directory.CreateTempSubdirectory("elicense-copied-root-").FullName, "national-root.crt.pem");
        File.Copy(Path.Combine(RepositoryPaths.DevCertificates, "dev-root-rsa.crt.pem"), copied);
        // The development settings, which Production does not read from appsettings.Development.json; the RSA root copied under another name.
        var settings = DevelopmentSettings.Of("Verifier");
        settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        settings["Verifier:RootCertificates:1"] = copied;
        settings["Verifier:Provinces:0:TrustListUrl"] = "http://trust.js.example/.well-known/elicense/trust-list";
        var verifier = Verifier(settings);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(verifier.StartAsync);

        Assert.Matches("exited with -?[1-9]", error.Message);
        Assert.Contains("Verifier:RootCertificates:0 '../../certs/dev/dev-root-sm2.crt.pem' is a development root", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Verifier:RootCertificates:1 '{copied}' is a development root", error.Message, StringComparison.Ordinal);
        Assert.Contains("Verifier:Provinces:0:TrustListUrl 'http://trust.js.example/.well-known/elicense/trust-list' uses plain http", error.Message, StringComparison.Ordinal);
        Assert.Contains("Auth:SigningCertificates:0 '../../certs/dev/dev-token-issuer-rsa.crt.pem' is the development token issuer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_Development_a_Verifier_with_its_own_roots_and_token_issuer_and_loopback_http_lists_starts()
    {
        var verifier = Verifier(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Verifier:RootCertificates:0"] = UnmarkedCertificates.WriteRoot(Core.Crypto.KeyFamily.Sm2),
            ["Verifier:RootCertificates:1"] = UnmarkedCertificates.WriteRoot(Core.Crypto.KeyFamily.Rsa),
            // Provinces:0 is the province's http://127.0.0.1 URL.
            ["Verifier:Provinces:1:Region"] = "310000",
            ["Verifier:Provinces:1:TrustListUrl"] = "http://localhost:9/.well-known/elicense/trust-list",
            ["Verifier:Provinces:2:Region"] = "330000",
            ["Verifier:Provinces:2:TrustListUrl"] = "http://[::1]:9/.well-known/elicense/trust-list",
            ["Auth:Issuer"] = "https://id.example.gov.cn",
            ["Auth:Audience"] = "elicense-verifier",
            ["Auth:SigningCertificates:0"] = UnmarkedCertificates.WriteTokenIssuer(),
        });

        await verifier.StartAsync();

        using var client = new HttpClient { BaseAddress = verifier.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task The_counter_page_carries_the_content_security_policy_nosniff_and_no_referrer()
    {
        var verifier = Verifier(new Dictionary<string, string>());
        await verifier.StartAsync();
        using var client = new HttpClient { BaseAddress = verifier.BaseAddress };

        using var page = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("default-src 'self'; img-src 'self' blob:; frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        // The same shared assets the wallet loads, from the same embedded copy.
        using var shared = await client.GetAsync("/shared/page.js");
        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        Assert.Contains("function startPage(", await shared.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("\"/shared/page.js\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_admin_sees_the_hosts_in_a_failed_fetch_and_with_a_management_role_only_it_reads_metrics()
    {
        // The province is never started: every fetch of its list is refused at its port on 127.0.0.1.
        var verifier = Verifier(new Dictionary<string, string> { ["Management:RequireRole"] = "admin" });
        await verifier.StartAsync();
        using var client = new HttpClient { BaseAddress = verifier.BaseAddress };
        var admin = await TokenAsync("admin");
        var clerk = await TokenAsync("verifier");
        async Task<HttpResponseMessage> Get(string path, string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = token is null ? null : new("Bearer", token);
            return await client.SendAsync(request);
        }

        async Task<string> LastError(string? token) =>
            JsonDocument.Parse(await (await Get("/api/v1/trust-lists", token)).Content.ReadAsStringAsync()).RootElement[0].GetProperty("lastError").GetString()!;

        await Until(client, p => p.GetProperty("lastError").ValueKind == JsonValueKind.String);
        var port = province.Process.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TrustEndpoints.FailureDescription(SyncFailure.Unreachable), await LastError(null));
        Assert.Equal(TrustEndpoints.FailureDescription(SyncFailure.Unreachable), await LastError(clerk));
        Assert.DoesNotContain("127.0.0.1", await LastError(clerk), StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:" + port, await LastError(admin), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Get("/metrics", null)).StatusCode);
        var forbidden = await Get("/metrics", clerk);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
        var metrics = await Get("/metrics", admin);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("http_server_request_duration", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> TokenAsync(string role)
    {
        var (code, output) = await province.Process.RunCommandAsync("token", "--sub", "test-" + role, "--role", role, "--audience", "elicense-verifier");
        Assert.True(code == 0, output);
        return output.Trim();
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
