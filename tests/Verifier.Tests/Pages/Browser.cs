using Microsoft.Playwright;

namespace ELicense.Verifier.Tests.Pages;

/// <summary>
/// Debian's Chromium (installed by scripts/install-deps.sh) driven by Playwright, headless, with a
/// fake camera that films a given video file; nothing is downloaded.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright playwright;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Instance = browser;
    }

    public IBrowser Instance { get; }

    /// <param name="camera">A .y4m or .mjpeg file the fake camera shows; null for none.</param>
    public static async Task<Browser> LaunchAsync(string? camera = null)
    {
        var playwright = await Playwright.CreateAsync();
        List<string> arguments = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"];
        if (camera is not null)
        {
            arguments.Add("--use-file-for-fake-video-capture=" + camera);
        }

        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = arguments });
        return new Browser(playwright, browser);
    }

    /// <summary>A page of a new context at a phone's or a desktop's width, allowed to use the camera.</summary>
    public async Task<IPage> PageAsync(Uri origin, bool phone = false)
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = phone ? 2 : 1,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
        });
        await context.GrantPermissionsAsync(["camera"], new BrowserContextGrantPermissionsOptions { Origin = origin.GetLeftPart(UriPartial.Authority) });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Instance.DisposeAsync();
        playwright.Dispose();
    }
}
