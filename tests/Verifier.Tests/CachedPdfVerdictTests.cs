using System.Net.Http.Json;
using System.Text.Json;
using ELicense.Verifier.Tests.Support;

namespace ELicense.Verifier.Tests;

/// <summary>
/// Only the printed-QR reading of a PDF is kept, never its verdict: the same PDF sent again within the
/// minute its reading is kept is judged afresh, so a licence revoked in between is INVALID REVOKED.
/// </summary>
public sealed class CachedPdfVerdictTests : IAsyncLifetime
{
    // A short status ttl, so that the Verifier learns of the revocation within the test.
    private readonly VerifierFixture fixture = new(new Dictionary<string, string> { ["Status:TimeToLive"] = "00:00:10", ["Status:ResignInterval"] = "00:00:00" }, "dept-pdf-cache");

    public Task InitializeAsync() => fixture.InitializeAsync();

    [Fact]
    public async Task The_same_PDF_sent_again_after_its_licence_was_revoked_is_INVALID_REVOKED()
    {
        var qr = await fixture.Province.IssueAsync();
        var pdf = await fixture.Province.PdfAsync(qr);
        var sent = DateTime.UtcNow;
        Assert.Equal("VALID", Verdict((await fixture.UploadAsync(pdf, "licence.pdf")).Body));

        await fixture.Province.RevokeAsync(qr);
        var end = DateTime.UtcNow.AddSeconds(30);
        while (Verdict(await TextAsync(qr)) != "INVALID:REVOKED")
        {
            Assert.True(DateTime.UtcNow < end, "the revocation did not reach the Verifier within 30 s");
            await Task.Delay(250);
        }

        var again = Verdict((await fixture.UploadAsync(pdf, "licence.pdf")).Body);
        Assert.True(DateTime.UtcNow - sent < Documents.PrintedQrReader.CacheLifetime, "the reading may have expired; the test proves nothing");
        Assert.Equal("INVALID:REVOKED", again);
    }

    public Task DisposeAsync() => fixture.DisposeAsync();

    private async Task<JsonElement> TextAsync(string qr)
    {
        using var response = await fixture.Client.PostAsJsonAsync("/api/v1/verify", new { qr, purpose = "窗口核验" });
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string Verdict(JsonElement body) =>
        body.GetProperty("verdict").GetString() + (body.GetProperty("reasons").GetArrayLength() > 0 ? ":" + body.GetProperty("reasons")[0].GetProperty("code").GetString() : "");
}
