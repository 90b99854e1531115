using System.Net.Http.Headers;
using System.Net.Http.Json;
using ELicense.Testing;
using ELicense.Verifier.Tests.Support;
using Microsoft.Playwright;

namespace ELicense.Verifier.Tests.Pages;

/// <summary>
/// After a key compromise the province re-issues what the key signed: a clerk shown the old version
/// sees INVALID with the reason and the advice to ask for the new version (该证照已换发，请出示新版本);
/// a licence refused for another reason carries no such advice.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class ReissuedLicencePageTests
{
    [Fact]
    public async Task An_old_version_of_a_licence_whose_key_was_revoked_tells_the_clerk_to_ask_for_the_new_version()
    {
        using var province = new Province();
        await province.Process.StartAsync();
        using var verifier = await RunningVerifier.StartAsync(province, [("320000", province.TrustListUrl)],
            new Dictionary<string, string> { ["Verifier:TrustRefreshInterval"] = "00:00:02" });
        var old = await province.IssueAsync();
        using (var client = new HttpClient { BaseAddress = province.Process.BaseAddress })
        {
            using var revoke = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/keys/{Convert.ToHexStringLower(GarbageQr.KidOf(old))}/revoke")
            {
                Content = JsonContent.Create(new { reason = "演练 drill", compromisedAt = DateTimeOffset.UtcNow.AddHours(-1) }),
            };
            revoke.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await province.TokenAsync("admin"));
            Assert.True((await client.SendAsync(revoke)).IsSuccessStatusCode);
        }

        await Poll.UntilAsync(async () => RunningVerifier.Describe(await verifier.VerifyAsync(old)) == "INVALID KEY_REVOKED", TimeSpan.FromSeconds(30),
            () => "the Verifier did not learn of the revocation");
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.PageAsync(verifier.Process.BaseAddress);
        await page.GotoAsync(new Uri(verifier.Process.BaseAddress, "/#token=" + verifier.Client.DefaultRequestHeaders.Authorization!.Parameter).ToString());

        await page.FillAsync("#text", old);
        await page.PressAsync("#text", "Enter");
        await Assertions.Expect(page.Locator("#card")).ToHaveClassAsync("card invalid", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#advice")).ToHaveTextAsync("该证照已换发，请出示新版本。");
        await Assertions.Expect(page.Locator("#advice")).ToBeVisibleAsync();

        var tampered = old[..^6] + (old[^6] == 'A' ? 'B' : 'A') + old[^5..];
        await page.FillAsync("#text", tampered);
        await page.PressAsync("#text", "Enter");
        await Assertions.Expect(page.Locator("#details")).Not.ToContainTextAsync("KEY_REVOKED", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#advice")).ToBeHiddenAsync();
    }
}
