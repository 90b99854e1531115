using System.Globalization;
using System.Text.Json;

namespace ELicense.LicenseService.Commands;

/// <summary>
/// <c>keys reissue-status [KID] [--watch]</c>: the re-issue jobs of compromised keys as progress bars
/// with the rate and the estimated time left; <c>--watch</c> shows them every second until every job
/// is done. Exit 0 when all shown jobs are done (or none exist), 4 while one is still running
/// (without <c>--watch</c>), 1 refused, 2 unreachable.
/// </summary>
public static class ReissueProgress
{
    public static async Task<int> RunAsync(HttpClient client, Uri url, string? kid, bool watch, bool json, TextWriter output, TextWriter error)
    {
        var path = kid is null ? "/api/v1/keys/reissues" : $"/api/v1/keys/{Uri.EscapeDataString(kid)}/reissue";
        while (true)
        {
            string body;
            try
            {
                using var response = await client.GetAsync(path);
                body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode)
                {
                    return await CliDefaults.RefusedAsync(error, response, body);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await error.WriteLineAsync($"error: cannot reach LicenseService at {url}: {e.Message}");
                return 2;
            }

            var root = JsonDocument.Parse(body).RootElement;
            var jobs = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
            await output.WriteLineAsync(json ? body : jobs.Count == 0 ? "no re-issue jobs" : string.Join(Environment.NewLine, jobs.Select(Line)));
            var running = jobs.Any(j => j.GetProperty("state").GetString() == "running");
            if (!running)
            {
                return 0;
            }

            if (!watch)
            {
                return 4;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>One job: <c>kid [#####-----] 412/1000 41% · 120.5/s · ETA 5 s · re-issued 400 · already 12 · unaffected 0 · refused 0</c>.</summary>
    public static string Line(JsonElement job)
    {
        var total = job.GetProperty("total").GetInt64();
        var examined = job.GetProperty("examined").GetInt64();
        var done = job.GetProperty("state").GetString() == "done";
        var fraction = done ? 1 : total > 0 ? Math.Min(1, (double)examined / total) : 0;
        var left = job.GetProperty("secondsLeft");
        var eta = done ? "done" : job.GetProperty("state").GetString() == "refused" ? "refused: the key is not revoked" : left.ValueKind == JsonValueKind.Number ? $"ETA {Seconds(left.GetDouble())}" : "waiting for replicas to stop signing";
        return string.Create(CultureInfo.InvariantCulture,
            $"{job.GetProperty("kid").GetString()} {CliDefaults.Bar(fraction)} {examined}/{total} {fraction:P0}"
            + $" · {job.GetProperty("ratePerSecond").GetDouble():0.0}/s · {eta} · re-issued {job.GetProperty("reissued").GetInt64()}"
            + $" · already {job.GetProperty("already").GetInt64()} · unaffected {job.GetProperty("unaffected").GetInt64()} · refused {job.GetProperty("refused").GetInt64()}");
    }

    private static string Seconds(double seconds) => seconds < 90
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s")
        : TimeSpan.FromSeconds(seconds).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);
}
