using ELicense.Core.Licenses;
using ELicense.Testing;
using ELicense.Verifier.Tests.Support;
using Microsoft.Playwright;

namespace ELicense.Verifier.Tests.Pages;

/// <summary>
/// The pages under the services' Content-Security-Policy in Debian's Chromium: the counter page, the
/// wallet showing a presentation QR (a blob URL image) and the API browser at <c>/docs</c> all work, and
/// the browser reports no refused script, style, image, font or request; a script injected into a page
/// is refused.
/// </summary>
public sealed class ContentSecurityPolicyPageTests(VerifierFixture fixture) : IClassFixture<VerifierFixture>
{
    [Fact]
    public async Task The_counter_the_wallet_and_the_API_browser_work_with_nothing_refused_by_the_policy()
    {
        await fixture.Province.IssueAsync(BaseTypes.IdCard);
        var citizen = (await fixture.Province.Process.RunCommandAsync("token", "--sub", Some.Licence(BaseTypes.IdCard).Holder.IdNumber, "--role", "citizen")).Output.Trim();
        await using var browser = await Browser.LaunchAsync();
        var refused = new List<string>();
        string[] Refused()
        {
            lock (refused)
            {
                return [.. refused];
            }
        }

        var counter = Watched(await browser.PageAsync(fixture.Verifier.BaseAddress), refused);
        await counter.GotoAsync(new Uri(fixture.Verifier.BaseAddress, "/#token=" + fixture.Token).ToString());
        await counter.FillAsync("#text", "ELC1:NOTHING");
        await counter.PressAsync("#text", "Enter");
        await Assertions.Expect(counter.Locator("#card")).ToHaveClassAsync("card invalid", new() { Timeout = 15_000 });

        var wallet = Watched(await browser.PageAsync(fixture.Province.Process.BaseAddress), refused);
        await wallet.GotoAsync(new Uri(fixture.Province.Process.BaseAddress, "/wallet/#token=" + citizen).ToString());
        await wallet.Locator("#licences button").First.ClickAsync();
        await wallet.ClickAsync("#present");
        await Assertions.Expect(wallet.Locator("#countdown")).ToContainTextAsync("动态码");
        // The QR image is a blob URL: it shows only if img-src allows blob:.
        await wallet.WaitForFunctionAsync("() => { const image = document.getElementById('presentation-qr'); return image.complete && image.naturalWidth > 0; }");

        var docs = Watched(await browser.PageAsync(fixture.Province.Process.BaseAddress), refused);
        await docs.GotoAsync(new Uri(fixture.Province.Process.BaseAddress, "/docs/").ToString());
        await Assertions.Expect(docs.GetByText("/api/v1/licences/{id}/pdf").First).ToBeAttachedAsync(new() { Timeout = 30_000 });

        Assert.True(Refused().Length == 0, string.Join('\n', Refused()));

        // And the policy holds: a script injected into the page does not run, and the browser says so.
        await counter.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = true'; document.head.append(s); }");
        Assert.False(await counter.EvaluateAsync<bool>("() => window.injected === true"));
        var end = DateTime.UtcNow.AddSeconds(10);
        while (Refused().Length == 0 && DateTime.UtcNow < end)
        {
            await Task.Delay(100);
        }

        Assert.Contains(Refused(), r => r.Contains("inline script", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Collects what the browser reports about the policy on the page.</summary>
    private static IPage Watched(IPage page, List<string> refused)
    {
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (refused)
                {
                    refused.Add($"{page.Url}: {message.Text}");
                }
            }
        };
        return page;
    }
}
