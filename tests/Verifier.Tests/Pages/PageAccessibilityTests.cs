using ELicense.Core.Licenses;
using ELicense.Testing;
using ELicense.Verifier.Tests.Support;
using Microsoft.Playwright;

namespace ELicense.Verifier.Tests.Pages;

/// <summary>
/// axe-core (from npm, scripts/web-deps.sh) inside Chromium finds no serious or critical
/// accessibility violation on the counter page and the wallet page, in each of their states, at a
/// phone's and a desktop's width. With <c>ELICENSE_SCREENSHOTS</c> set to a folder, the same run
/// writes the screenshots of docs/screenshots (scripts/screenshots.sh).
/// </summary>
public sealed class PageAccessibilityTests(VerifierFixture fixture) : IClassFixture<VerifierFixture>
{
    private static readonly string Axe = Path.Combine(RepositoryPaths.Root, "tests", "web", "node_modules", "axe-core", "axe.min.js");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Both_pages_have_no_serious_or_critical_violation(bool phone)
    {
        Assert.True(File.Exists(Axe), $"{Axe} is missing: run scripts/web-deps.sh");
        var width = phone ? "phone" : "desktop";
        var qr = await fixture.Province.IssueAsync(BaseTypes.IdCard);
        var citizen = (await fixture.Province.Process.RunCommandAsync("token", "--sub", Some.Licence(BaseTypes.IdCard).Holder.IdNumber, "--role", "citizen")).Output.Trim();
        await using var browser = await Browser.LaunchAsync();

        var counter = await browser.PageAsync(fixture.Verifier.BaseAddress, phone);
        await counter.GotoAsync(fixture.Verifier.BaseAddress.ToString());
        await AssertAccessibleAsync(counter, $"counter sign-in, {width}");
        await counter.GotoAsync(new Uri(fixture.Verifier.BaseAddress, "/#token=" + fixture.Token).ToString());
        await counter.ReloadAsync(); // only the fragment changed: load the page again to sign in with it
        await counter.FillAsync("#text", qr);
        await counter.PressAsync("#text", "Enter");
        await Assertions.Expect(counter.Locator("#card")).ToHaveClassAsync("card valid", new() { Timeout = 15_000 });
        await AssertAccessibleAsync(counter, $"counter with a VALID card, {width}");
        await ScreenshotAsync(counter, $"counter-{width}.png");
        await counter.ClickAsync("#language");
        await Assertions.Expect(counter.Locator("#verdict")).ToHaveTextAsync("VALID");
        await AssertAccessibleAsync(counter, $"counter in English, {width}");

        var wallet = await browser.PageAsync(fixture.Province.Process.BaseAddress, phone);
        await wallet.GotoAsync(new Uri(fixture.Province.Process.BaseAddress, "/wallet/").ToString());
        await AssertAccessibleAsync(wallet, $"wallet sign-in, {width}");
        await wallet.GotoAsync(new Uri(fixture.Province.Process.BaseAddress, "/wallet/#token=" + citizen).ToString());
        await wallet.ReloadAsync();
        await Assertions.Expect(wallet.Locator("#licences li").First).ToBeVisibleAsync();
        await AssertAccessibleAsync(wallet, $"wallet list, {width}");
        await wallet.Locator("#licences button").First.ClickAsync();
        await wallet.ClickAsync("#present");
        await Assertions.Expect(wallet.Locator("#countdown")).ToContainTextAsync("动态码");
        await AssertAccessibleAsync(wallet, $"wallet presenting, {width}");
        await ScreenshotAsync(wallet, $"wallet-{width}.png");
    }

    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        // Evaluated rather than added as a script tag: the pages' Content-Security-Policy refuses inline scripts.
        await page.EvaluateAsync(await File.ReadAllTextAsync(Axe));
        var violations = await page.EvaluateAsync<string[]>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations" +
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join('; '))");
        Assert.True(violations.Length == 0, $"{what}:\n" + string.Join('\n', violations));
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("ELICENSE_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = true });
        }
    }
}
