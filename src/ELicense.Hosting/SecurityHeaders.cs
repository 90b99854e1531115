using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ELicense.Hosting;

/// <summary>
/// The browser-facing headers of every response of both services: a Content-Security-Policy that lets
/// the pages load only their own scripts, styles and API (so an injected script or a framing page gets
/// nothing), <c>X-Content-Type-Options: nosniff</c> and <c>Referrer-Policy: no-referrer</c> (a token in a
/// page's fragment or a licence id in a path never leaks to another site).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The policy of the pages and the API. <c>img-src blob:</c> is what the wallet needs: it shows the
    /// presentation QR from an SVG made into a blob URL. The counter's camera is a MediaStream given to
    /// the video element directly, which no source list governs.
    /// </summary>
    public const string PagePolicy = "default-src 'self'; img-src 'self' blob:; frame-ancestors 'none'";

    /// <summary>
    /// The policy of the API browser (Scalar): its page starts it with an inline module script and it
    /// sets styles at run time, so inline scripts and styles are allowed there and only there. Every
    /// source is still this service: the host turns off Scalar's CDN fonts, telemetry and agent.
    /// </summary>
    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

    /// <summary>Adds the headers to every response, also to errors written later in the pipeline; put it first.</summary>
    /// <param name="app">The application.</param>
    /// <param name="apiReferencePath">Where the API browser is (e.g. <c>/docs</c>), which gets <see cref="ApiReferencePolicy"/>; null when there is none.</param>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, string? apiReferencePath = null) =>
        app.Use((context, next) =>
        {
            var policy = apiReferencePath is not null && context.Request.Path.StartsWithSegments(apiReferencePath, StringComparison.OrdinalIgnoreCase)
                ? ApiReferencePolicy
                : PagePolicy;
            context.Response.OnStarting(() =>
            {
                // Set when the response starts: the exception handler clears the headers of a failed response.
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
