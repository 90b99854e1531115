using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace ELicense.Hosting;

/// <summary>
/// The rate limits both services share (DESIGN §13: anonymous routes are rate limited): a token-bucket
/// policy for anonymous routes, one bucket per client network, and the one 429 answer every limiter of
/// either service gives — RFC 9457 Problem Details in English and Chinese with <c>Retry-After</c>.
/// </summary>
public static class RateLimits
{
    /// <summary>The policy name for <c>RequireRateLimiting</c> on anonymous routes.</summary>
    public const string AnonymousPolicy = "anonymous";

    /// <summary>
    /// Adds <see cref="AnonymousPolicy"/>: each client network (see <see cref="ClientNetwork"/>) gets a
    /// bucket of <paramref name="burst"/> requests refilled by <paramref name="perSecond"/> a second; beyond
    /// it requests are refused at once, never queued. Partitions are created on a client's first request
    /// and dropped by the framework once their bucket is full again, so their number is bounded by the
    /// clients of the last <paramref name="burst"/>/<paramref name="perSecond"/> seconds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="perSecond"/> is below 1 or <paramref name="burst"/> below it.</exception>
    public static RateLimiterOptions AddAnonymousPolicy(this RateLimiterOptions limiter, int perSecond, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, perSecond);
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        return limiter.AddPolicy(AnonymousPolicy, context =>
            RateLimitPartition.GetTokenBucketLimiter(ClientNetwork(context.Connection.RemoteIpAddress), _ => bucket));
    }

    /// <summary>
    /// The partition of a client address: an IPv4 address itself (also when it arrives IPv4-mapped), an
    /// IPv6 address by its /64, since one host is routinely handed a whole /64 and could otherwise take a
    /// fresh bucket per request; <c>-</c> when there is no address (a test server, a Unix socket).
    /// </summary>
    public static string ClientNetwork(IPAddress? address)
    {
        if (address is null)
        {
            return "-";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    /// <summary>
    /// The answer to a request a limiter refused, for <see cref="RateLimiterOptions.OnRejected"/>: 429,
    /// <c>Retry-After</c> from the lease's <see cref="MetadataName.RetryAfter"/> rounded up to whole
    /// seconds (1 s when the limiter gives none), and Problem Details <c>rate-limited</c>.
    /// </summary>
    public static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = RetryAfterSeconds(context.Lease);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.ContentType = "application/problem+json";
        var problem = HttpProblems.Create(StatusCodes.Status429TooManyRequests, "rate-limited",
            "Too many requests from this client.", "该客户端请求过于频繁。",
            $"The client's rate limit is reached; retry after {seconds} s.", $"已达到调用频率上限，请 {seconds} 秒后重试。");
        await JsonSerializer.SerializeAsync(response.Body, problem, ApiJson.Options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The whole seconds a refused client should wait: the limiter's own estimate rounded up, at least 1.</summary>
    public static int RetryAfterSeconds(RateLimitLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Clamp(Math.Ceiling(retryAfter.TotalSeconds), 1, int.MaxValue)
            : 1;
    }
}
