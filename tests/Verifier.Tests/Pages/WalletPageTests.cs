using System.Net.Http.Json;
using System.Text.Json;
using ELicense.Core.Licenses;
using ELicense.Testing;
using ELicense.Verifier.Tests.Support;
using Microsoft.Playwright;

namespace ELicense.Verifier.Tests.Pages;

/// <summary>
/// The wallet page in Debian's Chromium: the citizen signs in, opens her 居民身份证, downloads its
/// PDF and taps 出示; the QR on the screen, read from a screenshot by zbarimg, is VALID at the
/// Verifier with its seconds left, and INVALID (PRESENTATION_EXPIRED) once its lifetime (the
/// shortest a province may set, 15 s, so the test waits that long and not a minute) has passed;
/// another citizen's wallet does not list it.
/// </summary>
public sealed class WalletPageTests : IAsyncLifetime
{
    private static readonly Holder Holder = Some.Licence(BaseTypes.IdCard).Holder;

    private readonly VerifierFixture fixture = new(new Dictionary<string, string> { ["Issuance:PresentationLifetime"] = "00:00:15" }, "dept-counter-wallet");

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    [Fact]
    public async Task The_citizen_shows_a_presentation_QR_that_verifies_until_it_expires()
    {
        await fixture.Province.IssueAsync(BaseTypes.IdCard);
        var citizen = (await fixture.Province.Process.RunCommandAsync("token", "--sub", Holder.IdNumber, "--role", "citizen")).Output.Trim();
        var stranger = (await fixture.Province.Process.RunCommandAsync("token", "--sub", "11010519491231003X", "--role", "citizen")).Output.Trim();
        var folder = Directory.CreateTempSubdirectory("elicense-wallet-").FullName;
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.PageAsync(fixture.Province.Process.BaseAddress, phone: true);

        await page.GotoAsync(new Uri(fixture.Province.Process.BaseAddress, "/wallet#token=" + citizen).ToString());
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("居民身份证") }).First.ClickAsync();
        await Assertions.Expect(page.Locator("#fields")).ToContainTextAsync(Holder.Name);
        await Assertions.Expect(page.Locator("#fields")).Not.ToContainTextAsync(Holder.IdNumber);

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#pdf"));
        var pdf = Path.Combine(folder, "licence.pdf");
        await download.SaveAsAsync(pdf);
        Assert.StartsWith("%PDF-", File.ReadAllText(pdf)[..5], StringComparison.Ordinal);

        await page.ClickAsync("#present");
        await Assertions.Expect(page.Locator("#countdown")).ToContainTextAsync("动态码，剩余");
        var screenshot = Path.Combine(folder, "presentation.png");
        await page.Locator("#presentation-qr").ScreenshotAsync(new() { Path = screenshot });
        var scanned = ExternalTool.Run("zbarimg", folder, "-q", "--raw", "-Sdisable", "-Sqrcode.enable", screenshot).Output.Trim();
        Assert.StartsWith("ELP1:", scanned, StringComparison.Ordinal);

        var valid = await VerifyAsync(scanned);
        Assert.Equal("VALID", valid.GetProperty("verdict").GetString());
        Assert.InRange(valid.GetProperty("presentationSecondsLeft").GetInt32(), 1, 15);
        Assert.Equal(Core.Identifiers.CitizenIdNumber.Mask(Holder.IdNumber), valid.GetProperty("licence").GetProperty("holderIdNumber").GetString());

        var other = await browser.PageAsync(fixture.Province.Process.BaseAddress);
        await other.GotoAsync(new Uri(fixture.Province.Process.BaseAddress, "/wallet#token=" + stranger).ToString());
        await Assertions.Expect(other.Locator("#empty")).ToBeVisibleAsync();

        JsonElement expired = default;
        await Poll.UntilAsync(
            async () => (expired = await VerifyAsync(scanned)).GetProperty("verdict").GetString() != "VALID",
            TimeSpan.FromSeconds(45), () => "The presentation was still VALID 45 s after it was shown.", TimeSpan.FromSeconds(1));
        Assert.Equal("INVALID", expired.GetProperty("verdict").GetString());
        Assert.Equal("PRESENTATION_EXPIRED", expired.GetProperty("reasons")[0].GetProperty("code").GetString());
    }

    private async Task<JsonElement> VerifyAsync(string qr)
    {
        using var response = await fixture.Client.PostAsJsonAsync("/api/v1/verify", new { qr, purpose = "窗口核验" });
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
