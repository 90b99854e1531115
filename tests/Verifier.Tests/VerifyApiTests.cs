using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ELicense.Testing;
using ELicense.Verifier.Tests.Support;

namespace ELicense.Verifier.Tests;

/// <summary>POST /api/v1/verify on a Verifier process next to a province's LicenseService process.</summary>
public sealed class VerifyApiTests : IAsyncLifetime
{
    // A short status ttl, so that the Verifier fetches a list again within the test.
    private readonly VerifierFixture fixture = new(new Dictionary<string, string> { ["Status:TimeToLive"] = "00:00:10", ["Status:ResignInterval"] = "00:00:00" }, "dept-counter-7");

    public Task InitializeAsync() => fixture.InitializeAsync();

    [Fact]
    public async Task A_licence_of_the_province_is_VALID_with_its_details_and_ages_and_the_call_leaves_a_usage_trace()
    {
        var qr = await fixture.Province.IssueAsync();

        var response = await fixture.Client.PostAsJsonAsync("/api/v1/verify", new { qr, purpose = "企业开办窗口核验" });
        var verdict = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("VALID", verdict.GetProperty("verdict").GetString());
        Assert.StartsWith("32", verdict.GetProperty("issuer").GetProperty("regionCode").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("PT", verdict.GetProperty("trustListAge").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("PT", verdict.GetProperty("statusAge").GetString(), StringComparison.Ordinal);
        var identifier = verdict.GetProperty("licence").GetProperty("identifier").GetString()!;
        bool Traced(string l) => l.Contains("Usage:", StringComparison.Ordinal) && l.Contains(identifier, StringComparison.Ordinal);
        await Poll.UntilAsync(() => Task.FromResult(fixture.Verifier.Output.Split('\n').Any(Traced)), TimeSpan.FromSeconds(10), () => "No usage trace of the call: " + fixture.Verifier.Output);
        var trace = fixture.Verifier.Output.Split('\n').Single(Traced);
        Assert.Contains("dept-counter-7", trace, StringComparison.Ordinal);
        Assert.Contains("企业开办窗口核验", trace, StringComparison.Ordinal);
        Assert.Contains("VALID", trace, StringComparison.Ordinal);
        var holder = Some.Licence(ELicense.Testing.BaseTypes.BusinessLicence).Holder;
        Assert.DoesNotContain(holder.Name, fixture.Verifier.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(holder.IdNumber, fixture.Verifier.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_licence_is_INVALID_with_its_reason_and_a_revoked_one_after_the_status_list_says_so()
    {
        var qr = await fixture.Province.IssueAsync();
        var tampered = qr[..^6] + (qr[^6] == 'A' ? 'B' : 'A') + qr[^5..];

        var verdict = await VerifyAsync(tampered);

        Assert.Equal("INVALID", verdict.GetProperty("verdict").GetString());
        Assert.False(string.IsNullOrEmpty(verdict.GetProperty("reasons")[0].GetProperty("messageZh").GetString()));

        Assert.Equal("VALID", (await VerifyAsync(qr)).GetProperty("verdict").GetString());
        await fixture.Province.RevokeAsync(qr);
        // The Verifier keeps the list for its ttl (10 s here, the least a province may set) and then fetches it again.
        JsonElement revoked = default;
        await Poll.UntilAsync(async () => (revoked = await VerifyAsync(qr)).GetProperty("verdict").GetString() != "VALID", TimeSpan.FromSeconds(30), () => "Still VALID 30 s after the revocation.", TimeSpan.FromSeconds(1));
        Assert.Equal("INVALID", revoked.GetProperty("verdict").GetString());
        Assert.Equal("REVOKED", revoked.GetProperty("reasons")[0].GetProperty("code").GetString());
    }

    public static TheoryData<string, string?, string, HttpStatusCode, string?> BadRequests => new()
    {
        { "no purpose", "verifier", "{\"qr\":\"ELC1:ABC\"}", HttpStatusCode.BadRequest, "purpose" },
        { "no qr", "verifier", "{\"purpose\":\"x\"}", HttpStatusCode.BadRequest, "qr" },
        { "purpose too long", "verifier", "{\"qr\":\"ELC1:ABC\",\"purpose\":\"" + new string('因', 101) + "\"}", HttpStatusCode.BadRequest, "purpose" },
        { "malformed json", "verifier", "{\"qr\":", HttpStatusCode.BadRequest, null },
        { "body too large", "verifier", "{\"qr\":\"" + new string('A', 20_000) + "\",\"purpose\":\"x\"}", HttpStatusCode.RequestEntityTooLarge, null },
        { "purpose with a line break", "verifier", "{\"qr\":\"ELC1:ABC\",\"purpose\":\"窗口\\nUsage: forged\"}", HttpStatusCode.BadRequest, "purpose" },
        { "no token", null, "{\"qr\":\"ELC1:ABC\",\"purpose\":\"x\"}", HttpStatusCode.Unauthorized, null },
        { "issuer token", "issuer", "{\"qr\":\"ELC1:ABC\",\"purpose\":\"x\"}", HttpStatusCode.Forbidden, null },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_gets_a_clear_4xx_never_a_5xx(string why, string? role, string body, HttpStatusCode expected, string? field)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = role switch
        {
            null => null,
            "verifier" => new AuthenticationHeaderValue("Bearer", fixture.Token),
            _ => new AuthenticationHeaderValue("Bearer", (await fixture.Province.Process.RunCommandAsync("token", "--sub", "x", "--role", role, "--audience", "elicense-verifier")).Output.Trim()),
        };
        using var anonymous = new HttpClient { BaseAddress = fixture.Verifier.BaseAddress };

        var response = await anonymous.SendAsync(request);

        Assert.True(expected == response.StatusCode, $"{why}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.TryGetProperty("detailZh", out _), why);
        if (field is not null)
        {
            Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        }
    }

    [Fact]
    public async Task Text_that_is_no_licence_at_all_gets_a_verdict_not_an_error()
    {
        foreach (var text in new[] { "hello", "ELC1:", "ELP1:%%%", "https://example.com/?q=1", new string('Z', 8_000) })
        {
            var verdict = await VerifyAsync(text);
            Assert.Equal("INVALID", verdict.GetProperty("verdict").GetString());
        }
    }

    private async Task<JsonElement> VerifyAsync(string qr)
    {
        var response = await fixture.Client.PostAsJsonAsync("/api/v1/verify", new { qr, purpose = "测试" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public Task DisposeAsync() => fixture.DisposeAsync();
}
