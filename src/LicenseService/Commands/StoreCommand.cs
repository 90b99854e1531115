using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ELicense.LicenseService.Commands;

/// <summary>
/// <c>store check [--repair] [--resume] [--state FILE] [--url URL] [--token TOKEN] [--json]</c>: runs
/// <see cref="Storage.StoreCheck"/> in the running service (<c>POST /api/v1/store/checks</c>, role admin) and shows its
/// progress as a bar with the rate and the time left, then one summary line. Token and address as for <c>keys</c>
/// (<c>ELICENSE_TOKEN</c>, <c>ELICENSE_URL</c>). The position of every report is kept in the state file (default
/// <see cref="DefaultState"/> in the working directory, replaced whole each time): after a kill, a lost connection or
/// a failing store, <c>--resume</c> goes on from there with the counts so far; a finished check removes the file.
/// Exit codes: 0 the store is consistent (or was repaired whole), 4 problems remain (orphans or records of an
/// earlier version without <c>--repair</c>, or unreadable records), 1 refused, 2 service unreachable or failing, 3 usage error.
/// </summary>
public static class StoreCommand
{
    public const string Usage = "usage: store check [--repair] [--resume] [--state <file>] [--url <service>] [--token <token>] [--json]";

    public const string DefaultState = "store-check.position";

    public static async Task<int> RunAsync(string[] arguments, TextWriter output, TextWriter error)
    {
        var url = CliDefaults.Url;
        var token = CliDefaults.Token;
        var (repair, json, resume, state, verb) = (false, false, false, DefaultState, (string?)null);
        string? problem = null;
        for (var i = 0; i < arguments.Length && problem is null; i++)
        {
            switch (arguments[i])
            {
                case "--repair": repair = true; break;
                case "--json": json = true; break;
                case "--resume": resume = true; break;
                case "--state" when i + 1 < arguments.Length: state = arguments[++i]; break;
                case "--url" when i + 1 < arguments.Length: url = arguments[++i]; break;
                case "--token" when i + 1 < arguments.Length: token = arguments[++i]; break;
                case "check" when verb is null: verb = "check"; break;
                default: problem = arguments[i].StartsWith("--", StringComparison.Ordinal) ? $"unknown or incomplete option {arguments[i]}" : $"unexpected '{arguments[i]}'"; break;
            }
        }

        problem ??= verb is null ? "expected: check" : token.Length == 0 ? "a token is required: --token or ELICENSE_TOKEN" : null;
        problem ??= Uri.TryCreate(url, UriKind.Absolute, out _) ? null : $"--url {url} is not an absolute URL";
        var from = problem is null && resume ? ReadPosition(state) : null;
        problem ??= resume && from is null ? $"--resume: there is no position to go on from in {state} (the last check finished, or none ran here)" : null;
        if (problem is not null)
        {
            await error.WriteLineAsync($"error: {problem}{Environment.NewLine}{Usage}");
            return 3;
        }

        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        JsonElement? last = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/store/checks?repair={(repair ? "true" : "false")}"
                                                                         + (from is null ? "" : "&from=" + Uri.EscapeDataString(from)));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
            {
                return await CliDefaults.RefusedAsync(error, response, await response.Content.ReadAsStringAsync());
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { Length: > 0 } line)
            {
                last = JsonDocument.Parse(line).RootElement.Clone();
                if (last.Value.TryGetProperty("resume", out var position) && position.GetString() is { } at)
                {
                    WritePosition(state, at);
                }

                await output.WriteLineAsync(json ? line : Line(last.Value));
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException or TaskCanceledException or JsonException)
        {
            await error.WriteLineAsync($"error: the check at {url} did not finish: {e.Message}{GoOn(state)}");
            return 2;
        }

        if (last is not { } summary || !summary.GetProperty("done").GetBoolean())
        {
            await error.WriteLineAsync($"error: the check at {url} ended before its last report{GoOn(state)}");
            return 2;
        }

        try
        {
            File.Delete(state);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"warning: the check finished, but its state file {state} could not be removed: {e.Message}");
        }

        var left = summary.GetProperty("unreadable").GetInt64()
                   + (repair ? 0 : summary.GetProperty("orphans").GetInt64() + summary.GetProperty("plain").GetInt64() + summary.GetProperty("legacyHolderSets").GetInt64());
        if (!json)
        {
            await output.WriteLineAsync(left == 0
                ? repair ? $"consistent: everything found was repaired ({summary.GetProperty("repaired").GetInt64()})" : "consistent: nothing to repair"
                : $"problems remain: {left}" + (repair ? " unreadable records (nothing is signed from them)" : "; run again with --repair")
                  + (summary.GetProperty("unreadableIds").GetArrayLength() > 0
                      ? "; unreadable: " + string.Join(", ", summary.GetProperty("unreadableIds").EnumerateArray().Select(i => i.GetString())) : ""));
        }

        return left == 0 ? 0 : 4;
    }

    private static string GoOn(string state) => File.Exists(state)
        ? $"; what it repaired stays repaired: go on with --resume (position in {state})"
        : "; run it again (what it repaired stays repaired)";

    private static string? ReadPosition(string state)
    {
        try
        {
            return File.Exists(state) && File.ReadAllText(state).Trim() is { Length: > 0 } text ? text : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Replaces the state file whole (a kill while writing leaves the previous position, never half of one).</summary>
    private static void WritePosition(string state, string position)
    {
        var temporary = $"{state}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, position);
        File.Move(temporary, state, overwrite: true);
    }

    /// <summary><c>[#####-----] 412/1000 41% · 1200.5/s · ETA 5 s · orphans 2 · plain 0 · unreadable 0 · old holder sets 0 · repaired 2</c>.</summary>
    public static string Line(JsonElement progress)
    {
        var total = progress.GetProperty("total").GetInt64();
        var scanned = progress.GetProperty("scanned").GetInt64();
        var done = progress.GetProperty("done").GetBoolean();
        var fraction = done ? 1 : total > 0 ? Math.Min(1, (double)scanned / total) : 0;
        var left = progress.GetProperty("secondsLeft");
        var eta = done ? "done" : left.ValueKind == JsonValueKind.Number ? $"ETA {left.GetDouble():0} s" : "ETA …";
        return string.Create(CultureInfo.InvariantCulture,
            $"{CliDefaults.Bar(fraction)} {scanned}/{total} {fraction:P0} · {progress.GetProperty("ratePerSecond").GetDouble():0.0}/s · {eta}"
            + $" · orphans {progress.GetProperty("orphans").GetInt64()} · plain {progress.GetProperty("plain").GetInt64()}"
            + $" · unreadable {progress.GetProperty("unreadable").GetInt64()} · old holder sets {progress.GetProperty("legacyHolderSets").GetInt64()}"
            + $" · repaired {progress.GetProperty("repaired").GetInt64()}");
    }
}
