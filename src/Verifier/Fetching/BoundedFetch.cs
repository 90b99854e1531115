using System.Net;
using System.Net.Http.Headers;

namespace ELicense.Verifier.Fetching;

/// <summary>
/// Every fetch the Verifier makes from a province (trust lists, status lists, bundle parts), with the
/// bounds DESIGN §13 asks for: no redirect is followed (a 3xx is a failure: a province's URL is
/// configured, not discovered), the body is read up to a byte limit whatever Content-Length says
/// (chunked answers included), and the whole exchange has a timeout.
/// </summary>
public sealed class BoundedFetch(HttpClient http, TimeSpan timeout)
{
    /// <summary>A client that follows no redirect and keeps no cookies; the timeout is applied per fetch.</summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Fetches a resource; 304 when <paramref name="etag"/> still matches.</summary>
    /// <exception cref="HttpRequestException">No answer in time, a redirect or another non-success status, a body over <paramref name="maxBytes"/>, or one that broke off.</exception>
    public async Task<Fetched> GetAsync(Uri url, int maxBytes, string? etag, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
            {
                request.Headers.IfNoneMatch.Add(tag);
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return new Fetched(HttpStatusCode.NotModified, null, etag);
            }

            if ((int)response.StatusCode is >= 300 and < 400)
            {
                throw new HttpRequestException($"HTTP {(int)response.StatusCode}: redirects are not followed", null, response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"HTTP {(int)response.StatusCode}", null, response.StatusCode);
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new HttpRequestException($"the answer is larger than {maxBytes} bytes");
            }

            var body = await ReadBoundedAsync(response.Content, maxBytes, deadline.Token).ConfigureAwait(false);
            return new Fetched(response.StatusCode, body, response.Headers.ETag?.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException($"no answer within {timeout}");
        }
        catch (IOException e)
        {
            // A body cut off mid-read (HttpIOException) is a failed fetch like any other, not a crash of the caller.
            throw new HttpRequestException("the answer broke off: " + e.Message, e);
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new HttpRequestException($"the answer is larger than {maxBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>What came back: 200 with the body and its ETag, or 304 without a body.</summary>
    public sealed record Fetched(HttpStatusCode Status, byte[]? Body, string? ETag);
}
