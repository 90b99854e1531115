using System.Net.Http.Json;
using System.Text.Json;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Issuance;
using ELicense.Testing;

namespace ELicense.LicenseService.Tests.Support;

/// <summary>Valid issue requests of every type, built from the shared sample licences.</summary>
public static class Requests
{
    public static IssueRequest For(LicenceType type)
    {
        var sample = Some.Licence(type);
        return new IssueRequest(
            type.Key,
            new HolderRequest(sample.Holder.Name, sample.Holder.IdType, sample.Holder.IdNumber),
            sample.Fields.ToDictionary(),
            null,
            type.LongestValidity is null ? null : DateTimeOffset.UtcNow.AddYears(type == BaseTypes.IdCard ? 20 : 4).AddDays(-1));
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, object body, string? idempotencyKey = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/licences") { Content = JsonContent.Create(body, options: ApiJson.Options) };
        if (idempotencyKey is not null)
        {
            message.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(message);
    }

    /// <summary>Sends NDJSON lines as one batch and returns the answer's lines (the whole body is sent before the answer is read).</summary>
    public static async Task<List<JsonElement>> BatchAsync(HttpClient client, string body, string idempotencyKey)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/licences:batch") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-ndjson") };
        message.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await client.SendAsync(message);
        Xunit.Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    /// <summary>One batch line of a request.</summary>
    public static string Line(IssueRequest request) => JsonSerializer.Serialize(request, ApiJson.Options);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
