using ELicense.Testing;
using System.Net.Http.Json;
using System.Text.Json;
using ELicense.Verifier.Tests.Support;
using Microsoft.Playwright;

namespace ELicense.Verifier.Tests.Pages;

/// <summary>
/// The counter page in Debian's Chromium: the fake camera films a licence QR and the page shows
/// VALID with the holder's name; the licence PDF uploaded shows VALID; a tampered code pasted (as a
/// keyboard-wedge scanner types it, Enter at the end) shows INVALID with its reason in Chinese.
/// </summary>
public sealed class CounterPageTests(VerifierFixture fixture) : IClassFixture<VerifierFixture>
{
    private static readonly string Holder = ELicense.Testing.Some.Licence(ELicense.Testing.BaseTypes.BusinessLicence).Holder.Name;

    [Fact]
    public async Task The_camera_the_PDF_upload_and_a_pasted_tampered_code_each_get_their_verdict_card()
    {
        var qr = await fixture.Province.IssueAsync();
        var folder = Directory.CreateTempSubdirectory("elicense-counter-").FullName;
        var camera = FakeCamera.Write(await fixture.Province.QrPngAsync(qr), folder);
        var pdf = Path.Combine(folder, "licence.pdf");
        await File.WriteAllBytesAsync(pdf, await fixture.Province.PdfAsync(qr));
        await using var browser = await Browser.LaunchAsync(camera);
        var page = await browser.PageAsync(fixture.Verifier.BaseAddress);
        await page.GotoAsync(new Uri(fixture.Verifier.BaseAddress, "/#token=" + fixture.Token).ToString());

        await page.ClickAsync("#scan");
        await Assertions.Expect(page.Locator("#card")).ToHaveClassAsync("card valid", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#verdict")).ToHaveTextAsync("有效");
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync(Holder);

        await page.Locator("#file").SetInputFilesAsync(pdf);
        await Assertions.Expect(page.Locator("#details")).ToContainTextAsync("\"kind\": \"pdf\"", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#card")).ToHaveClassAsync("card valid");

        var tampered = qr[..^6] + (qr[^6] == 'A' ? 'B' : 'A') + qr[^5..];
        await page.FillAsync("#text", tampered);
        await page.PressAsync("#text", "Enter");
        await Assertions.Expect(page.Locator("#card")).ToHaveClassAsync("card invalid", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#verdict")).ToHaveTextAsync("无效");
        using var api = await fixture.Client.PostAsJsonAsync("/api/v1/verify", new { qr = tampered, purpose = "测试" });
        var reason = JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement.GetProperty("reasons")[0].GetProperty("messageZh").GetString()!;
        await Assertions.Expect(page.Locator("#reason")).ToHaveTextAsync(reason);
    }
}
