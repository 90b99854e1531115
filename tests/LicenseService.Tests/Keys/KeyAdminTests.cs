using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Xunit;

namespace ELicense.LicenseService.Tests.Keys;

/// <summary>The admin API: what it lists, and that every bad request gets a clear 4xx and changes nothing.</summary>
public abstract class KeyAdminTests(ServiceHost host)
{
    [Fact]
    public async Task The_list_shows_one_active_key_per_algorithm_with_dates_and_never_key_material()
    {
        var response = await host.Client(Tokens.Admin()).GetAsync("/api/v1/keys");
        var text = await response.Content.ReadAsStringAsync();
        var keys = JsonDocument.Parse(text).RootElement.GetProperty("keys").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var family in new[] { "SM2", "RSA" })
        {
            var active = Assert.Single(keys, k => k.GetProperty("family").GetString() == family && k.GetProperty("purpose").GetString() == "document-signer"
                                                  && k.GetProperty("state").GetString() == "active");
            Assert.Matches("^[0-9a-f]{16}$", active.GetProperty("kid").GetString());
            Assert.True(active.GetProperty("notAfter").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddYears(20));
        }

        Assert.Single(keys, k => k.GetProperty("purpose").GetString() == "trust-list-signer");
        Assert.DoesNotContain("\"privateKey\"", text, StringComparison.OrdinalIgnoreCase);
        Assert.All(keys.Where(k => k.GetProperty("state").GetString() is "active" or "pending"), k => Assert.True(k.GetProperty("privateKeyHeld").GetBoolean()));
        Assert.DoesNotContain("ELK1", text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, object?, HttpStatusCode, string?> BadRequests => new()
    {
        { "issuer token lists keys", "GET /api/v1/keys", null, HttpStatusCode.Forbidden, null },
        { "issuer token rotates", "POST /api/v1/keys/rotations", new { family = "SM2" }, HttpStatusCode.Forbidden, null },
        { "issuer token revokes", "POST /api/v1/keys/{active}/revoke", new { reason = "x" }, HttpStatusCode.Forbidden, null },
        { "citizen token revokes", "POST /api/v1/keys/{active}/revoke", new { reason = "x" }, HttpStatusCode.Forbidden, null },
        { "no token", "POST /api/v1/keys/{active}/revoke", new { reason = "x" }, HttpStatusCode.Unauthorized, null },
        { "unknown kid", "POST /api/v1/keys/0011223344556677/revoke", new { reason = "lost" }, HttpStatusCode.NotFound, "kid" },
        { "future compromise time", "POST /api/v1/keys/{active}/revoke", new { reason = "lost", compromisedAt = DateTimeOffset.UtcNow.AddDays(1) }, HttpStatusCode.BadRequest, "compromisedAt" },
        { "no reason", "POST /api/v1/keys/{active}/revoke", new { compromisedAt = DateTimeOffset.UtcNow.AddDays(-1) }, HttpStatusCode.BadRequest, "reason" },
        { "reason too long", "POST /api/v1/keys/{active}/revoke", new { reason = new string('泄', 201) }, HttpStatusCode.BadRequest, "reason" },
        { "malformed time", "POST /api/v1/keys/{active}/revoke", "{\"reason\":\"x\",\"compromisedAt\":\"yesterday\"}", HttpStatusCode.BadRequest, null },
        { "unknown family", "POST /api/v1/keys/rotations", new { family = "ECDSA" }, HttpStatusCode.BadRequest, "family" },
        { "activation inside the propagation time", "POST /api/v1/keys/rotations", new { family = "SM2", activateAt = DateTimeOffset.UtcNow.AddHours(1) }, HttpStatusCode.BadRequest, "activateAt" },
        { "activation after the active key's interval", "POST /api/v1/keys/rotations", new { family = "SM2", activateAt = DateTimeOffset.UtcNow.AddDays(400) }, HttpStatusCode.BadRequest, "activateAt" },
        { "revoking the trust-list signer", "POST /api/v1/keys/{list-signer}/revoke", new { reason = "x" }, HttpStatusCode.NotFound, "kid" },
        { "issuer token reads re-issue jobs", "GET /api/v1/keys/reissues", null, HttpStatusCode.Forbidden, null },
        { "no re-issue job for a key not revoked", "GET /api/v1/keys/{active}/reissue", null, HttpStatusCode.NotFound, null },
        { "re-issue job of an unknown kid", "GET /api/v1/keys/0011223344556677/reissue", null, HttpStatusCode.NotFound, null },
        { "re-issue job of a kid that is no kid", "GET /api/v1/keys/" + new string('z', 300) + "/reissue", null, HttpStatusCode.NotFound, null },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_admin_request_gets_a_clear_4xx_and_changes_nothing(string why, string request, object? body, HttpStatusCode expected, string? field)
    {
        var admin = host.Client(Tokens.Admin());
        var keys = await KeyDrillTests.Keys(admin);
        var before = await Snapshot(admin);
        var active = keys.First(k => k.GetProperty("state").GetString() == "active" && k.GetProperty("purpose").GetString() == "document-signer").GetProperty("kid").GetString()!;
        var listSigner = keys.Single(k => k.GetProperty("purpose").GetString() == "trust-list-signer").GetProperty("kid").GetString()!;
        var token = why switch
        {
            _ when why.StartsWith("issuer", StringComparison.Ordinal) => Tokens.IssuerOf("business-licence"),
            _ when why.StartsWith("citizen", StringComparison.Ordinal) => Tokens.Citizen(Some.CitizenId()),
            "no token" => null,
            _ => Tokens.Admin(),
        };
        var parts = request.Split(' ');
        var message = new HttpRequestMessage(new HttpMethod(parts[0]), parts[1].Replace("{active}", active).Replace("{list-signer}", listSigner));
        if (body is not null)
        {
            message.Content = body is string raw ? new StringContent(raw, System.Text.Encoding.UTF8, "application/json") : JsonContent.Create(body);
        }

        var response = await host.Client(token).SendAsync(message);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Requests.JsonAsync(response);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detailZh").GetString()));
        if (field is not null)
        {
            Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        }

        Assert.Equal(before, await Snapshot(admin));
    }

    [Fact]
    public async Task Revoking_a_key_twice_is_refused_with_409_and_the_first_revocation_stands()
    {
        var admin = host.Client(Tokens.Admin());
        var made = await admin.PostAsJsonAsync("/api/v1/keys/rotations", new { family = "RSA", activateAt = DateTimeOffset.UtcNow.AddDays(3) });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var kid = (await Requests.JsonAsync(made)).GetProperty("kid").GetString()!;
        var second = await admin.PostAsJsonAsync("/api/v1/keys/rotations", new { family = "RSA" });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);

        var first = await admin.PostAsJsonAsync($"/api/v1/keys/{kid}/revoke", new { reason = "made by mistake" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var before = await Snapshot(admin);
        var again = await admin.PostAsJsonAsync($"/api/v1/keys/{kid}/revoke", new { reason = "again", compromisedAt = DateTimeOffset.UtcNow.AddDays(-5) });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(before, await Snapshot(admin));
        var key = await KeyDrillTests.Key(admin, kid);
        Assert.Equal("revoked", key.GetProperty("state").GetString());
        Assert.Equal("made by mistake", key.GetProperty("revocationReason").GetString());
        Assert.Equal(JsonValueKind.Null, key.GetProperty("compromisedAt").ValueKind);
    }

    /// <summary>The key list and the audit log as text: equal before and after means nothing changed.</summary>
    private static async Task<string> Snapshot(HttpClient admin) =>
        await admin.GetStringAsync("/api/v1/keys") + await admin.GetStringAsync("/api/v1/keys/audit?count=10000");
}

public sealed class GarnetKeyAdminTests(GarnetServiceFixture fixture) : KeyAdminTests(fixture.Host), IClassFixture<GarnetServiceFixture>;

public sealed class RedisKeyAdminTests(RedisServiceFixture fixture) : KeyAdminTests(fixture.Host), IClassFixture<RedisServiceFixture>;

public sealed class ClusterKeyAdminTests(ClusterServiceFixture fixture) : KeyAdminTests(fixture.Host), IClassFixture<ClusterServiceFixture>;
