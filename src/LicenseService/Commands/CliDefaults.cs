using System.Text.Json;

namespace ELicense.LicenseService.Commands;

/// <summary>What the commands that talk to a running service share: its address and token from the environment, the progress bar, and the one line and exit code of a refused answer.</summary>
public static class CliDefaults
{
    /// <summary><c>ELICENSE_URL</c>, else the development address.</summary>
    public static string Url => Environment.GetEnvironmentVariable("ELICENSE_URL") is { Length: > 0 } configured ? configured : "http://127.0.0.1:5080";

    /// <summary><c>ELICENSE_TOKEN</c>, else empty (the command then asks for <c>--token</c>).</summary>
    public static string Token => Environment.GetEnvironmentVariable("ELICENSE_TOKEN") ?? "";

    /// <summary>A 30-character bar for a fraction from 0 to 1: <c>[#########---------------------]</c>.</summary>
    public static string Bar(double fraction)
    {
        const int width = 30;
        var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * width);
        return $"[{new string('#', filled)}{new string('-', width - filled)}]";
    }

    /// <summary>
    /// Writes a refused answer as one <c>error:</c> line and returns the exit code: 1 for a refusal of the request (4xx),
    /// 2 for a failure of the service.
    /// </summary>
    public static async Task<int> RefusedAsync(TextWriter error, HttpResponseMessage response, string body)
    {
        await error.WriteLineAsync("error: " + Refusal((int)response.StatusCode, body));
        return (int)response.StatusCode is >= 400 and < 500 ? 1 : 2;
    }

    /// <summary>One line from a Problem Details answer: the detail, its Chinese, and the first field error.</summary>
    private static string Refusal(int status, string body)
    {
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : problem.GetProperty("title").GetString();
            var zh = problem.TryGetProperty("detailZh", out var z) ? " " + z.GetString() : "";
            var field = problem.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0
                ? $" [{errors[0].GetProperty("field").GetString()}: {errors[0].GetProperty("message").GetString()}]"
                : "";
            return $"{status} {detail}{zh}{field}";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"{status} (no details given)";
        }
    }
}
