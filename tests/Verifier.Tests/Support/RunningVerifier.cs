using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ELicense.Testing;

namespace ELicense.Verifier.Tests.Support;

/// <summary>
/// A Verifier process trusting the development roots and the given provinces' trust-list URLs, with a
/// client carrying a verifier token, started and waited for until it holds every province's list.
/// </summary>
public sealed class RunningVerifier : IDisposable
{
    private RunningVerifier(ServiceProcess process, HttpClient client)
    {
        Process = process;
        Client = client;
    }

    public ServiceProcess Process { get; }

    public HttpClient Client { get; }

    /// <param name="tokens">A province whose <c>token</c> command makes the verifier token.</param>
    /// <param name="provinces">Region and trust-list URL of every province the Verifier accepts.</param>
    /// <param name="extra">Further Verifier settings (e.g. <c>Verifier:TrustRefreshInterval</c>).</param>
    public static async Task<RunningVerifier> StartAsync(
        Province tokens, IReadOnlyList<(string Region, string TrustListUrl)> provinces, IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string> { ["Verifier:CacheFolder"] = Directory.CreateTempSubdirectory("elicense-verifier-").FullName };
        for (var i = 0; i < provinces.Count; i++)
        {
            settings[$"Verifier:Provinces:{i}:Region"] = provinces[i].Region;
            settings[$"Verifier:Provinces:{i}:TrustListUrl"] = provinces[i].TrustListUrl;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var process = new ServiceProcess("Verifier", "ELicense.Verifier", settings);
        await process.StartAsync();
        var client = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
        var token = (await tokens.Process.RunCommandAsync("token", "--sub", "dept-attack-drill", "--role", "verifier", "--audience", "elicense-verifier")).Output.Trim();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var verifier = new RunningVerifier(process, client);
        await Poll.UntilAsync(async () => (await verifier.TrustListsAsync()).All(p => p.GetProperty("sequence").ValueKind == JsonValueKind.Number),
            TimeSpan.FromSeconds(60), () => "the Verifier did not hold every province's trust list in 60 s:\n" + process.Output);
        return verifier;
    }

    /// <summary>
    /// The verdict on a QR text. A 429 (a sweep of a thousand licences as fast as the machine goes reaches the client's rate
    /// limit) is waited out as a department system must: after its Retry-After, for at most 30 s in all.
    /// </summary>
    public async Task<JsonElement> VerifyAsync(string qr)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            using var response = await Client.PostAsJsonAsync("/api/v1/verify", new { qr, purpose = "攻击演练核验" });
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta is { } after && after <= TimeSpan.FromSeconds(1) ? after : TimeSpan.FromSeconds(1));
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    /// <summary>What GET /api/v1/trust-lists says of each configured province.</summary>
    public async Task<List<JsonElement>> TrustListsAsync() =>
        [.. JsonDocument.Parse(await Client.GetStringAsync("/api/v1/trust-lists")).RootElement.Clone().EnumerateArray()];

    /// <summary>What GET /api/v1/trust-lists says of one province.</summary>
    public async Task<JsonElement> TrustListAsync(string region) =>
        (await TrustListsAsync()).Single(p => p.GetProperty("region").GetString() == region);

    /// <summary>The verdict word and the first reason code of a verdict, as "INVALID REVOKED".</summary>
    public static string Describe(JsonElement verdict)
    {
        var reasons = verdict.GetProperty("reasons");
        return verdict.GetProperty("verdict").GetString() + (reasons.GetArrayLength() > 0 ? " " + reasons[0].GetProperty("code").GetString() : "");
    }

    public void Dispose()
    {
        Client.Dispose();
        Process.Dispose();
    }
}
