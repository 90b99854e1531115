using System.Diagnostics;
using System.Text;
using System.Text.Json;

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

    public static async Task<Outcome> RunAsync(Uri baseAddress, string token, string idempotencyKey, IEnumerable<string> lines, int? killAfter = null)
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
                if (sent == killAfter)
                {
                    await input.FlushAsync();
                    await Task.Delay(1_500);
                    curl.Kill();
                    break;
                }

                await input.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
                Interlocked.Increment(ref sent);
            }

            input.Close();
        }
        catch (IOException) when (killAfter is not null)
        {
            // curl is gone.
        }

        await reading;
        await curl.WaitForExitAsync();
        if (killAfter is not null)
        {
            // The server finishes storing the chunk it was working on when the client vanished.
            await Task.Delay(1_000);
        }

        return new Outcome(results, sentWhenFirst);
    }
}
