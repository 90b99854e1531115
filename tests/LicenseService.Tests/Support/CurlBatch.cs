using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ELicense.Testing;

namespace ELicense.LicenseService.Tests.Support;

/// <summary>
/// Sends an NDJSON batch through <c>curl</c>, which uploads and downloads at the same time on
/// HTTP/1.1 (HttpClient waits for the whole upload first). Lines are written to curl as they are
/// produced, so neither side ever holds the whole body; curl can be killed midway, as a crashing
/// client would be.
/// </summary>
public static class CurlBatch
{
    public sealed record Outcome(List<JsonElement> Results, long SentWhenFirstResultArrived);

    /// <summary>
    /// Sends <paramref name="lines"/>. With <paramref name="kill"/>, stops after <c>After</c> lines and kills curl, as a
    /// client that crashes mid-batch, once <c>When</c> holds (at most 20 s, else it fails): curl reads no answer while
    /// it waits for more of its input, so the condition is read from the service's side.
    /// </summary>
    public static async Task<Outcome> RunAsync(Uri baseAddress, string token, string idempotencyKey, IEnumerable<string> lines, (int After, Func<Task<bool>> When)? kill = null)
    {
        var start = new ProcessStartInfo("curl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "-s", "-N", "-T", "-", "-X", "POST", new Uri(baseAddress, "/api/v1/licences:batch").ToString(),
                     "-H", "Authorization: Bearer " + token, "-H", "Idempotency-Key: " + idempotencyKey, "-H", "Content-Type: application/x-ndjson",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var curl = Process.Start(start) ?? throw new InvalidOperationException("curl did not start.");
        long sent = 0;
        long sentWhenFirst = -1;
        var results = new List<JsonElement>();
        var reading = Task.Run(async () =>
        {
            while (await curl.StandardOutput.ReadLineAsync() is { } line)
            {
                if (sentWhenFirst < 0)
                {
                    sentWhenFirst = Interlocked.Read(ref sent);
                }

                results.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
        });

        var input = curl.StandardInput.BaseStream;
        try
        {
            foreach (var line in lines)
            {
                if (kill is { } crash && sent == crash.After)
                {
                    await input.FlushAsync();
                    try
                    {
                        await Poll.UntilAsync(crash.When, TimeSpan.FromSeconds(20),
                            () => $"The service did not start on the batch within 20 s of {sent} lines sent.");
                    }
                    finally
                    {
                        curl.Kill();
                    }

                    break;
                }

                await input.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
                Interlocked.Increment(ref sent);
            }

            input.Close();
        }
        catch (IOException) when (kill is not null)
        {
            // curl is gone.
        }

        await reading;
        await curl.WaitForExitAsync();
        return new Outcome(results, sentWhenFirst);
    }

    /// <summary>
    /// What <paramref name="count"/> says once it has stopped changing (the same over a second, read every quarter of one):
    /// after a client was killed, the server finishes storing the chunk it was working on.
    /// </summary>
    public static async Task<int> SettledAsync(Func<Task<int>> count)
    {
        var last = await count();
        var same = 0;
        // Five equal readings a quarter of a second apart after the first: the same over a second.
        await Poll.UntilAsync(async () =>
        {
            await Task.Delay(250);
            var now = await count();
            same = now == last ? same + 1 : 0;
            last = now;
            return same >= 4;
        }, TimeSpan.FromSeconds(30), () => $"The count still changed after 30 s (last {last}).", TimeSpan.Zero);
        return last;
    }
}
