using System.Net;

namespace ELicense.Testing;

/// <summary>Drives an anonymous route into its rate limit and waits for it to serve again, as a test of either service does.</summary>
public static class RateLimitProbe
{
    /// <summary>Requests the route until it is refused (at most 200 times); the 429 answer is returned for its headers and body.</summary>
    /// <exception cref="InvalidOperationException">Another status than 200 before the 429, or no 429 at all.</exception>
    public static async Task<HttpResponseMessage> HammerAsync(HttpClient client, string route)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var response = await client.GetAsync(route);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return response;
            }

            using (response)
            {
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{route} answered {(int)response.StatusCode} before any 429.");
                }
            }
        }

        throw new InvalidOperationException($"{route} answered 200 requests in a row without a 429.");
    }

    /// <summary>Polls (every 250 ms) until the route answers 200 again: the bucket refilled (and, for a readiness route, the service ready).</summary>
    /// <exception cref="InvalidOperationException">Another status than 429 or 503 meanwhile, or still not served by the deadline.</exception>
    public static async Task ServedAgainAsync(HttpClient client, string route, TimeSpan deadline)
    {
        var until = DateTimeOffset.UtcNow + deadline;
        while (true)
        {
            using var response = await client.GetAsync(route);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || DateTimeOffset.UtcNow >= until)
            {
                throw new InvalidOperationException($"{route} still not served after {deadline.TotalSeconds} s (last {(int)response.StatusCode}).");
            }

            await Task.Delay(250);
        }
    }
}
