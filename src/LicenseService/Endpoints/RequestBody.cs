using System.Text.Json;
using ELicense.LicenseService.Problems;
using Microsoft.AspNetCore.Mvc;

namespace ELicense.LicenseService.Endpoints;

/// <summary>Reads a bounded JSON body: too large → 413, malformed → 400 naming the JSON path.</summary>
public static class RequestBody
{
    public static async Task<(T? Value, ProblemDetails? Problem)> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellation)
        where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.Problems.TooLarge(maxBytes));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, Problems.Problems.TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public static (T? Value, ProblemDetails? Problem) Parse<T>(ReadOnlySpan<byte> json)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(json, ApiJson.Options);
            return value is null ? (null, Problems.Problems.MalformedJson("$", "The body is empty or null.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Problems.MalformedJson(e.Path, e.Message.Split(" Path:")[0]));
        }
    }
}
