using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ELicense.Verifier.Tests.Support;

/// <summary>
/// A province's address as a Verifier sees it, inside the test process: forwards every GET to a real
/// LicenseService and counts the requests per path, and can be told to answer its trust-list path
/// badly — a redirect to the genuine list, or a 50 MB chunked body without Content-Length — the way
/// a hijacked or broken front end of a province would, or to answer every status list with bytes of
/// the test's choosing (a stale cache, or a thief holding a signing key).
/// </summary>
public sealed class FakeProvince : IAsyncDisposable
{
    /// <summary>How many bytes a flood answer sends when nobody hangs up.</summary>
    public const long FloodBytes = 50L * 1024 * 1024;

    private const string TrustListPath = "/.well-known/elicense/trust-list";
    private const string StatusListsPath = "/api/v1/status-lists/";
    private static readonly string[] ForwardedResponseHeaders = ["ETag", "Cache-Control", "Last-Modified"];

    private readonly Uri upstream;
    private readonly HttpClient forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);
    private int floods;
    private WebApplication? app;
    private volatile TrustListAnswer answer = TrustListAnswer.Forward;
    private volatile byte[]? statusListBody;

    /// <param name="upstream">The real LicenseService every forwarded request goes to.</param>
    public FakeProvince(Uri upstream) => this.upstream = upstream;

    /// <summary>How the trust-list path is answered; every other path is always forwarded.</summary>
    public enum TrustListAnswer
    {
        /// <summary>The genuine list, forwarded (conditional requests included).</summary>
        Forward,

        /// <summary>302 to the real service's trust list: the same bytes, one hop away.</summary>
        Redirect,

        /// <summary>200 with <see cref="FloodBytes"/> of chunked filler and no Content-Length.</summary>
        Flood,
    }

    public Uri BaseAddress { get; private set; } = null!;

    public string TrustListUrl => new Uri(BaseAddress, TrustListPath).ToString();

    public TrustListAnswer Answer
    {
        get => answer;
        set => answer = value;
    }

    /// <summary>When set, the body of every status-list answer (200) instead of the province's; null forwards again.</summary>
    public byte[]? StatusListBody
    {
        get => statusListBody;
        set => statusListBody = value;
    }

    /// <summary>How many flood answers were begun. (How much of each got out is not told: Kestrel may take writes
    /// silently after the client has gone, so only the client's memory shows whether it stopped reading.)</summary>
    public int Floods => Volatile.Read(ref floods);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
    }

    /// <summary>Requests seen so far whose path starts with <paramref name="prefix"/>.</summary>
    public int Count(string prefix) => counts.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(c => c.Value);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        counts.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (statusListBody is { } substitute && path.StartsWith(StatusListsPath, StringComparison.Ordinal))
        {
            context.Response.ContentType = "application/statuslist+cwt";
            await context.Response.Body.WriteAsync(substitute, context.RequestAborted);
            return;
        }

        var mode = path == TrustListPath ? answer : TrustListAnswer.Forward;
        switch (mode)
        {
            case TrustListAnswer.Redirect:
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = new Uri(upstream, TrustListPath).ToString();
                return;
            case TrustListAnswer.Flood:
                await FloodAsync(context);
                return;
            default:
                await ForwardAsync(context, path);
                return;
        }
    }

    private async Task ForwardAsync(HttpContext context, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(upstream, path + context.Request.QueryString));
        if (context.Request.Headers.IfNoneMatch.Count > 0)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", context.Request.Headers.IfNoneMatch.ToString());
        }

        using var response = await forward.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var name in ForwardedResponseHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (response.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        var body = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        if (body.Length > 0)
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private async Task FloodAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/cose";
        Interlocked.Increment(ref floods);
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)0xA5);
        long sent = 0;
        try
        {
            await context.Response.StartAsync(context.RequestAborted);
            while (sent < FloodBytes && !context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                sent += chunk.Length;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The client hung up mid-body: what a bounded reader is expected to do.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        forward.Dispose();
    }
}
