using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ELicense.Core.Encoding;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.Testing;

namespace ELicense.Verifier.Tests.Support;

/// <summary>
/// A province's LicenseService as its own process (development configuration, its own embedded
/// store in a temporary folder), with what a test needs of it: tokens, issuing, status lists.
/// </summary>
public sealed class Province : IDisposable
{
    private readonly HttpClient client = new() { Timeout = TimeSpan.FromMinutes(1) };

    public Province(IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Storage:DataFolder"] = Directory.CreateTempSubdirectory("elicense-province-").FullName,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        Process = new ServiceProcess("LicenseService", "ELicense.LicenseService", settings);
        client.BaseAddress = Process.BaseAddress;
    }

    public ServiceProcess Process { get; }

    public string TrustListUrl => new Uri(Process.BaseAddress, "/.well-known/elicense/trust-list").ToString();

    /// <summary>
    /// A development token from the service's own <c>token</c> command, made once per role and types for this province
    /// (it lasts an hour, longer than any test): each run of the command is a process start, about a second of CPU.
    /// </summary>
    public async Task<string> TokenAsync(string role, string? types = null)
    {
        var key = (role, types);
        if (tokens.TryGetValue(key, out var made))
        {
            return made;
        }

        string[] arguments = types is null ? ["token", "--sub", "test-" + role, "--role", role] : ["token", "--sub", "test-" + role, "--role", role, "--types", types];
        var (code, output) = await Process.RunCommandAsync(arguments);
        return code == 0 ? tokens[key] = output.Trim() : throw new InvalidOperationException("token failed: " + output);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Role, string? Types), string> tokens = new();

    /// <summary>Issues a licence of the type (default 营业执照) to the sample holder and returns its QR text.</summary>
    public async Task<string> IssueAsync(Core.Licenses.LicenceType? type = null)
    {
        type ??= ELicense.Testing.BaseTypes.BusinessLicence;
        var sample = Some.Licence(type);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/licences")
        {
            Content = JsonContent.Create(new
            {
                type = type.Key,
                holder = new { name = sample.Holder.Name, idNumber = sample.Holder.IdNumber },
                fields = sample.Fields,
                validUntil = type.LongestValidity is null ? (DateTimeOffset?)null : DateTimeOffset.UtcNow.AddYears(4).AddDays(-1),
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("issuer", type.Key));
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(body).RootElement.GetProperty("qr").GetString()!
            : throw new InvalidOperationException($"issuing answered {(int)response.StatusCode}: {body}");
    }

    /// <summary>The signed PDF of the licence of a QR text, as the service renders it.</summary>
    public Task<byte[]> PdfAsync(string qr) => GetLicenceAsync(qr, "/pdf");

    /// <summary>The PNG of the QR of the licence of a QR text, as the service draws it.</summary>
    public Task<byte[]> QrPngAsync(string qr) => GetLicenceAsync(qr, "/qr?format=png");

    private async Task<byte[]> GetLicenceAsync(string qr, string suffix)
    {
        Assert.True(QrPayloadCodec.TryDecode(qr, DecodeLimits.Default, out var decoded, out _));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/licences/" + Uri.EscapeDataString(decoded!.Payload.Identifier) + suffix);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("admin"));
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Revokes the 营业执照 of a QR text, as its issuing department would.</summary>
    public async Task RevokeAsync(string qr)
    {
        Assert.True(QrPayloadCodec.TryDecode(qr, DecodeLimits.Default, out var decoded, out _));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/licences/" + Uri.EscapeDataString(decoded!.Payload.Identifier) + "/revoke")
        {
            Content = JsonContent.Create(new { reason = "test revocation" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("issuer", ELicense.Testing.BaseTypes.BusinessLicence.Key));
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Verifies a QR text with the given trust, fetching the licence's status list from this province.</summary>
    public async Task<Verdict> VerifyAsync(string qr, TrustMaterial trust, DateTimeOffset now)
    {
        var statuses = new StatusListCollection();
        var pipeline = new VerificationPipeline();
        var prepared = pipeline.Prepare(qr, trust, now);
        if (prepared.StatusToFetch is { } key)
        {
            try
            {
                var token = await client.GetByteArrayAsync("/api/v1/status-lists/" + key.Name);
                if (StatusListTokenCodec.TryVerify(token, trust, key.Province, key.Name, DateTimeOffset.UtcNow, null, 1 << 20, out var verified, out _))
                {
                    statuses.Offer(verified!, DateTimeOffset.UtcNow);
                }
            }
            catch (HttpRequestException)
            {
                // The province is down: no status, the verdict says so.
            }
        }

        return pipeline.Complete(prepared, statuses, now);
    }

    public void Dispose()
    {
        Process.Dispose();
        client.Dispose();
    }
}
