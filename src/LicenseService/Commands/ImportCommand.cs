// Over 250 lines: one command — reading the stock file, resuming from the result file, streaming chunks to the batch API, the progress bar — whose steps share its state.
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ELicense.LicenseService.Commands;

/// <summary>
/// <c>import FILE.ndjson [--authority CODE] [--resume] [--result FILE] [--lines-per-request N] [--url URL] [--token TOKEN]</c>:
/// a province's stock of licences, one issue request per line, streamed into the batch API with a progress bar
/// (lines/s, time left, refusals so far). Every line gets the idempotency key <c>import-{SHA-256 of the file}:{line}</c>
/// unless it has its own, so a rerun of the same file, from any line, issues nothing twice. Each answer goes to the
/// result file (default <c>FILE.result.ndjson</c>: a first line naming the import, then line, status, identifier, errors) as it arrives; <c>--resume</c> after a
/// kill continues after the last answer there (a line cut in half by the kill is dropped and asked again).
/// Exit codes: 0 every line issued (or issued before), 1 some lines refused (see the result file), 2 the service is
/// unreachable or its store failed (run again with --resume), 3 usage error or unreadable file.
/// </summary>
public static class ImportCommand
{
    public const string Usage = "usage: import <file.ndjson> [--authority <credit code>] [--resume] [--result <file>] [--lines-per-request <n>]  [--url <service>] [--token <token>]";

    public static async Task<int> RunAsync(string[] arguments, TextWriter output, TextWriter error)
    {
        var (options, problem) = ImportOptions.Parse(arguments);
        if (problem is null && !File.Exists(options.File))
        {
            problem = $"cannot read {options.File}: no such file";
        }

        var resultPath = options.Result ?? options.File + ".result.ndjson";
        if (problem is null && File.Exists(resultPath) && !options.Resume)
        {
            problem = $"{resultPath} exists: add --resume to continue that import, or remove it";
        }

        if (problem is not null)
        {
            await error.WriteLineAsync($"error: {problem}{Environment.NewLine}{Usage}");
            return 3;
        }

        string importKey;
        long total;
        try
        {
            await using (var hashed = File.OpenRead(options.File))
            {
                importKey = "import-" + Convert.ToHexStringLower(await SHA256.HashDataAsync(hashed)).AsSpan(0, 32).ToString();
            }

            total = File.ReadLines(options.File).LongCount();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: cannot read {options.File}: {e.Message}");
            return 3;
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long done;
        try
        {
            done = options.Resume ? Earlier(resultPath, importKey, counts) : 0;
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            await error.WriteLineAsync($"error: {resultPath} cannot be resumed from: {e.Message}");
            return 3;
        }

        using var client = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        await using var results = new StreamWriter(resultPath, append: true, new UTF8Encoding(false));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var startedAt = done;
        var refused = counts.Where(c => c.Key is not ("issued" or "replayed")).Sum(c => c.Value);
        if (results.BaseStream.Length == 0)
        {
            await results.WriteLineAsync(JsonSerializer.Serialize(new { import = importKey, file = Path.GetFileName(options.File), lines = total }));
        }

        if (done > 0)
        {
            await output.WriteLineAsync($"resuming after line {done:N0} of {total:N0}");
        }

        var pending = new List<(long Line, string Text)>(options.LinesPerRequest);
        long number = 0;
        foreach (var text in File.ReadLines(options.File))
        {
            if (++number <= done || string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            pending.Add((number, Keyed(text, importKey, number, options.Authority)));
            if (pending.Count == options.LinesPerRequest && await SendAsync() is { } failed)
            {
                return failed;
            }
        }

        if (pending.Count > 0 && await SendAsync() is { } last)
        {
            return last;
        }

        await output.WriteLineAsync($"done: {string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value:N0}"))}; answers in {resultPath}");
        return refused == 0 ? 0 : 1;

        async Task<int?> SendAsync()
        {
            var body = string.Join('\n', pending.Select(p => p.Text)) + "\n";
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/licences:batch") { Content = new StringContent(body, Encoding.UTF8, "application/x-ndjson") };
                request.Headers.Add("Idempotency-Key", $"{importKey}:{pending[0].Line}");
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                if (!response.IsSuccessStatusCode)
                {
                    return await CliDefaults.RefusedAsync(error, response, await response.Content.ReadAsStringAsync());
                }

                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
                while (await reader.ReadLineAsync() is { Length: > 0 } answer)
                {
                    var root = JsonDocument.Parse(answer).RootElement;
                    var status = root.GetProperty("status").GetString()!;
                    var line = root.GetProperty("line").GetInt64();
                    if (status == "aborted" || line < 1 || line > pending.Count)
                    {
                        await results.FlushAsync();
                        await error.WriteLineAsync($"error: the service stopped the import after line {done:N0}: {root.GetProperty("errors")[0].GetProperty("message").GetString()} Run again with --resume.");
                        return 2;
                    }

                    var fileLine = pending[(int)line - 1].Line;
                    await results.WriteLineAsync(JsonSerializer.Serialize(new
                    {
                        line = fileLine,
                        status,
                        id = root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
                        errors = root.GetProperty("errors"),
                    }));
                    counts[status] = counts.GetValueOrDefault(status) + 1;
                    refused += status is "issued" or "replayed" ? 0 : 1;
                    done = fileLine;
                }

                await results.FlushAsync();
                if (done < pending[^1].Line)
                {
                    await error.WriteLineAsync($"error: the service answered up to line {done:N0} of a request that ended at line {pending[^1].Line:N0}. Run again with --resume.");
                    return 2;
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or JsonException)
            {
                await results.FlushAsync();
                await error.WriteLineAsync($"error: the import stopped after line {done:N0}: {e.Message} Run again with --resume.");
                return 2;
            }

            pending.Clear();
            await output.WriteLineAsync(Bar(done, total, startedAt, started, refused));
            return null;
        }
    }

    /// <summary><c>[###-----] 50,000/100,000 50 % · 2,431.2 lines/s · ETA 21 s · refused 0</c>.</summary>
    private static string Bar(long done, long total, long startedAt, long started, long refused)
    {
        var fraction = total > 0 ? Math.Min(1, (double)done / total) : 1;
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        var rate = seconds > 0 ? (done - startedAt) / seconds : 0;
        var eta = rate > 0 ? $"ETA {(total - done) / rate:0} s" : "ETA …";
        return string.Create(CultureInfo.InvariantCulture,
            $"{CliDefaults.Bar(fraction)} {done:N0}/{total:N0} {fraction:P0} · {rate:N1} lines/s · {eta} · refused {refused:N0}");
    }

    /// <summary>The line with its import idempotency key and authority, unless it has them; a line that is not a JSON object goes as it is (the service refuses it).</summary>
    private static string Keyed(string text, string importKey, long number, string? authority)
    {
        try
        {
            // The service reads member names case-insensitively: a line's own key or authority under any casing stays the one used.
            if (JsonNode.Parse(text) is JsonObject request)
            {
                // A member that is null is absent (as the service reads it): "idempotencyKey": null, which serialisers write for an unset
                // property, must not pass for the line's own key, or the service keys the line by its place in the request, which a
                // resume from the middle of a request changes, and the lines the killed run had stored are issued again.
                foreach (var name in request.Where(m => m.Value is null && m.Key.ToLowerInvariant() is "idempotencykey" or "authority").Select(m => m.Key).ToList())
                {
                    request.Remove(name);
                }

                if (!request.Any(m => m.Key.Equals("idempotencyKey", StringComparison.OrdinalIgnoreCase)))
                {
                    request["idempotencyKey"] = $"{importKey}:{number}";
                }

                if (authority is not null && !request.Any(m => m.Key.Equals("authority", StringComparison.OrdinalIgnoreCase)))
                {
                    request["authority"] = authority;
                }

                return request.ToJsonString();
            }
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            // Sent as it is: the service answers this line "invalid" with the reason.
        }

        return text;
    }

    /// <summary>
    /// The last file line answered in a result file of this import (its first line names the import), with the answers so far
    /// counted into <paramref name="counts"/>; a last line cut by a kill is removed.
    /// </summary>
    /// <exception cref="InvalidDataException">The result file belongs to another file, or to this file before it was changed.</exception>
    private static long Earlier(string resultPath, string importKey, Dictionary<string, long> counts)
    {
        if (!File.Exists(resultPath))
        {
            return 0;
        }

        var bytes = File.ReadAllBytes(resultPath);
        var end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (end < bytes.Length)
        {
            using var truncate = new FileStream(resultPath, FileMode.Open);
            truncate.SetLength(end);
        }

        var lines = Encoding.UTF8.GetString(bytes, 0, end).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            return 0;
        }

        if (!JsonDocument.Parse(lines[0]).RootElement.TryGetProperty("import", out var key) || key.GetString() != importKey)
        {
            throw new InvalidDataException("it was written for another file, or for this one before it changed; a resume would skip or repeat lines");
        }

        long last = 0;
        foreach (var line in lines.Skip(1))
        {
            var answer = JsonDocument.Parse(line).RootElement;
            var status = answer.GetProperty("status").GetString()!;
            counts[status] = counts.GetValueOrDefault(status) + 1;
            last = answer.GetProperty("line").GetInt64();
        }

        return last;
    }
}
