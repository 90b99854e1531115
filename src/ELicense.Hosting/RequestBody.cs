using ELicense.Core.Licenses;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ELicense.Hosting;

/// <summary>Reads a bounded JSON body: too large → 413, malformed → 400 naming the JSON path.</summary>
public static class RequestBody
{
    /// <summary>The longest reason a status or key change may give.</summary>
    public const int MaxReasonLength = 200;

    /// <summary>The reason of a status or key change, trimmed: 1 to <see cref="MaxReasonLength"/> characters, else a 400 problem.</summary>
    public static ProblemDetails? CheckReason(string? raw, out string reason)
    {
        reason = raw?.Trim() ?? "";
        return reason.Length is > 0 and <= MaxReasonLength ? null : HttpProblems.Validation([new FieldError("reason", reason.Length == 0 ? "required" : "too_long",
            $"A reason of 1 to {MaxReasonLength} characters is required.", $"须填写 1 至 {MaxReasonLength} 个字的原因。")]);
    }

    public static async Task<(T? Value, ProblemDetails? Problem)> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellation)
        where T : class
    {
        var (body, problem) = await ReadBytesAsync(request, maxBytes, cancellation);
        if (problem is not null)
        {
            return (null, problem);
        }

        var (value, error) = Parse<T>(body);
        return (value, error is null ? null : HttpProblems.Validation([error]));
    }

    /// <summary>The request body, at most <paramref name="maxBytes"/> long; a 413 problem beyond that.</summary>
    public static async Task<(byte[] Body, ProblemDetails? Problem)> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken cancellation)
    {
        if (request.ContentLength > maxBytes)
        {
            return ([], HttpProblems.TooLarge(maxBytes));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return ([], HttpProblems.TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
    }

    /// <summary>Parses one JSON value; a malformed one gives the field error naming its JSON path.</summary>
    public static (T? Value, FieldError? Error) Parse<T>(ReadOnlySpan<byte> json)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(json, ApiJson.Options);
            return value is null ? (null, Malformed("$", "The body is empty or null.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Malformed(e.Path, e.Message.Split(" Path:")[0]));
        }
    }

    private static FieldError Malformed(string? path, string message) => new(
        string.IsNullOrEmpty(path) ? "$" : path, "json", "The body is not valid JSON of the expected shape: " + message, "请求体不是格式正确的 JSON。");
}
