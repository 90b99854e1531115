using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ELicense.LicenseService.Tests.Support;

/// <summary>
/// A batch sent by a client that sends slowly: HTTP/1.1 over a socket of its own, the body chunked, stopped after
/// <c>holdAfter</c> lines with the body still open until <c>answersWhileHeld</c> answer lines have come back, then
/// finished. Neither curl (it blocks reading its standard input) nor .NET's HTTP/1.1 handler (it reads the answer only
/// after the whole body) reads while its upload stalls, so neither can play this client.
/// </summary>
public static class HeldBatch
{
    public static async Task<List<JsonElement>> RunAsync(Uri baseAddress, string token, string idempotencyKey, IReadOnlyList<string> lines, int holdAfter, int answersWhileHeld)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/v1/licences:batch HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            $"Idempotency-Key: {idempotencyKey}\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"));
        await SendAsync(stream, lines.Take(holdAfter));

        var answer = new ChunkedAnswer(stream);
        var results = new List<JsonElement>();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            try
            {
                while (results.Count < answersWhileHeld && await answer.ReadLineAsync(deadline.Token) is { } line)
                {
                    results.Add(JsonDocument.Parse(line).RootElement.Clone());
                }
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{results.Count} answer lines within 20 s of {holdAfter} lines sent with the body open; {answersWhileHeld} were stored and not answered.");
            }
        }

        await SendAsync(stream, lines.Skip(holdAfter));
        await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (await answer.ReadLineAsync(deadline.Token) is { } line)
            {
                results.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
        }

        return results;
    }

    private static async Task SendAsync(NetworkStream stream, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"));
            await stream.WriteAsync(bytes);
            await stream.WriteAsync("\r\n"u8.ToArray());
        }

        await stream.FlushAsync();
    }

    /// <summary>The answer's status line and headers, then its chunked body as lines; null at the body's end.</summary>
    private sealed class ChunkedAnswer(NetworkStream stream)
    {
        private readonly byte[] buffer = new byte[64 * 1024];
        private readonly MemoryStream body = new();
        private int start;
        private int end;
        private bool headersRead;
        private bool finished;

        public async Task<string?> ReadLineAsync(CancellationToken cancellation)
        {
            if (!headersRead)
            {
                var status = await ReadHeaderLineAsync(cancellation);
                if (!status.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("The batch was answered " + status);
                }

                while ((await ReadHeaderLineAsync(cancellation)).Length > 0)
                {
                }

                headersRead = true;
            }

            while (true)
            {
                var text = body.GetBuffer().AsSpan(0, (int)body.Length);
                var newline = text.IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var line = Encoding.UTF8.GetString(text[..newline]);
                    var rest = text[(newline + 1)..].ToArray();
                    body.SetLength(0);
                    body.Write(rest);
                    return line;
                }

                if (finished)
                {
                    return null;
                }

                var size = Convert.ToInt32((await ReadHeaderLineAsync(cancellation)).Split(';')[0], 16);
                if (size == 0)
                {
                    finished = true;
                    continue;
                }

                var data = new byte[size + 2];
                for (var read = 0; read < data.Length; read++)
                {
                    data[read] = await ReadByteAsync(cancellation);
                }

                body.Write(data, 0, size);
            }
        }

        private async Task<string> ReadHeaderLineAsync(CancellationToken cancellation)
        {
            var line = new StringBuilder();
            while (true)
            {
                var b = await ReadByteAsync(cancellation);
                if (b == '\n')
                {
                    return line.ToString().TrimEnd('\r');
                }

                line.Append((char)b);
            }
        }

        private async ValueTask<byte> ReadByteAsync(CancellationToken cancellation)
        {
            if (start == end)
            {
                end = await stream.ReadAsync(buffer, cancellation);
                start = 0;
                if (end == 0)
                {
                    throw new IOException("The service closed the connection mid-answer.");
                }
            }

            return buffer[start++];
        }
    }
}
