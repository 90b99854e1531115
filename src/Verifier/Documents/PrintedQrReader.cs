using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using ELicense.Core.Documents;

namespace ELicense.Verifier.Documents;

/// <summary>
/// Reads the QR code printed on the first page of a PDF as a scanner would see it: the page is
/// rendered by poppler's <c>pdftoppm</c> (scripts/install-deps.sh installs poppler-utils) into a
/// grey picture and read with <see cref="QrImageDecoder"/>. Renderings are bounded in time here and in
/// number by the caller (the verify API's <see cref="UploadLimiter"/>); only PDFs whose signature a
/// trusted signer made get here. The same PDF sent again within <see cref="CacheLifetime"/> is not
/// rendered again: the reading (only the printed text, never a verdict — status and time are always
/// judged afresh) is kept under the SHA-256 of the file's bytes, for at most <see cref="CacheEntries"/> files.
/// </summary>
public sealed class PrintedQrReader(string renderer = "pdftoppm", int resolution = 150, TimeProvider? time = null)
{
    /// <summary>How long a reading is kept. A minute: a clerk who submits the same PDF twice, or a gateway retrying,
    /// gets the second answer without a rendering; a changed file is another key.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(60);

    /// <summary>The most readings kept (each a few hundred bytes); past it the oldest goes.</summary>
    public const int CacheEntries = 256;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly ReadingCache cache = new(CacheEntries, CacheLifetime, time ?? TimeProvider.System);

    /// <summary>The outcome: the QR text; or null text and the reason the page could not be checked.</summary>
    public async Task<PrintedQrReading> ReadAsync(byte[] pdf, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(SHA256.HashData(pdf));
        if (cache.TryGet(key, out var cached))
        {
            return cached;
        }

        var reading = await RenderAndReadAsync(pdf, cancellationToken).ConfigureAwait(false);
        if (reading.Rendered)
        {
            // Only what the page says is kept: a failure to render (a timeout under load, no renderer) is tried again.
            cache.Add(key, reading);
        }

        return reading;
    }

    private async Task<PrintedQrReading> RenderAndReadAsync(byte[] pdf, CancellationToken cancellationToken)
    {
        try
        {
            var page = await RenderAsync(pdf, cancellationToken).ConfigureAwait(false);
            if (page is null)
            {
                return new PrintedQrReading(null, false, $"{renderer} could not render the page");
            }

            // Reading the page is a tenth of a second of one core: on a thread of its own at the uploads' priority.
            var (pixels, width, height) = page.Value;
            var text = await UploadLimiter.RunAsync(() => Task.FromResult(QrImageDecoder.ReadGrey(pixels, width, height)), cancellationToken).ConfigureAwait(false);
            return new PrintedQrReading(text, true, text is null ? "no QR code found on the first page" : null);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return new PrintedQrReading(null, false, $"{renderer} is not available: {e.Message}");
        }
    }

    private async Task<(byte[] Pixels, int Width, int Height)?> RenderAsync(byte[] pdf, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(renderer)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The longest side is fixed (that of an A4 page at the resolution), whatever size the page claims: a huge MediaBox cannot make a huge rendering.
        var longestSide = (int)Math.Round(resolution * 297 / 25.4);
        foreach (var argument in new[] { "-scale-to", longestSide.ToString(CultureInfo.InvariantCulture), "-gray", "-f", "1", "-l", "1", "-singlefile", "-" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
        try
        {
            // Started from an upload's thread it has nice 10 already; from any other, it gets it here.
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or PlatformNotSupportedException)
        {
            // It has exited already, or the system does not allow it: it renders at the priority it has.
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var output = new MemoryStream();
            var reading = CopyBoundedAsync(process.StandardOutput.BaseStream, output, MaxRenderingBytes, timeout);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.BaseStream.WriteAsync(pdf, timeout.Token).ConfigureAwait(false);
            process.StandardInput.Close();
            await reading.ConfigureAwait(false);
            await errors.ConfigureAwait(false);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return process.ExitCode == 0 ? Pgm.Parse(output.GetBuffer().AsSpan(0, (int)output.Length)) : null;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return null;
        }
    }

    /// <summary>The most a rendering may write: a grey A4 page at the resolution is about 2 MB.</summary>
    private const int MaxRenderingBytes = 16 * 1024 * 1024;

    /// <summary>Copies the renderer's output up to a bound; past it the rendering is cancelled (and the renderer killed).</summary>
    private static async Task CopyBoundedAsync(Stream from, MemoryStream to, int maxBytes, CancellationTokenSource cancel)
    {
        var buffer = new byte[81_920];
        int read;
        while ((read = await from.ReadAsync(buffer, cancel.Token).ConfigureAwait(false)) > 0)
        {
            if (to.Length + read > maxBytes)
            {
                await cancel.CancelAsync().ConfigureAwait(false);
                cancel.Token.ThrowIfCancellationRequested();
            }

            to.Write(buffer, 0, read);
        }
    }

    /// <summary>Binary PGM (P5, 8 bits) as pdftoppm writes it.</summary>
    internal static class Pgm
    {
        public static (byte[] Pixels, int Width, int Height)? Parse(ReadOnlySpan<byte> data)
        {
            var at = 0;
            var fields = new List<string>(4);
            while (fields.Count < 4)
            {
                while (at < data.Length && char.IsWhiteSpace((char)data[at]))
                {
                    at++;
                }

                var start = at;
                while (at < data.Length && !char.IsWhiteSpace((char)data[at]))
                {
                    at++;
                }

                if (start == at)
                {
                    return null;
                }

                fields.Add(System.Text.Encoding.ASCII.GetString(data[start..at]));
            }

            at++;
            if (fields[0] != "P5" || !int.TryParse(fields[1], out var width) || !int.TryParse(fields[2], out var height) || fields[3] != "255"
                || width <= 0 || height <= 0 || (long)width * height != data.Length - at)
            {
                return null;
            }

            return (data[at..].ToArray(), width, height);
        }
    }

    /// <summary>Readings by key, each for a fixed lifetime, at most <c>capacity</c> of them; thread-safe.</summary>
    private sealed class ReadingCache(int capacity, TimeSpan lifetime, TimeProvider time)
    {
        private readonly Dictionary<string, (PrintedQrReading Reading, DateTimeOffset Expires)> entries = new(StringComparer.Ordinal);
        private readonly Queue<string> order = new();

        public bool TryGet(string key, out PrintedQrReading reading)
        {
            lock (entries)
            {
                if (entries.TryGetValue(key, out var entry) && entry.Expires > time.GetUtcNow())
                {
                    reading = entry.Reading;
                    return true;
                }
            }

            reading = null!;
            return false;
        }

        public void Add(string key, PrintedQrReading reading)
        {
            var now = time.GetUtcNow();
            lock (entries)
            {
                // All live as long, so the oldest entry is the first to expire: drop from the front.
                while (order.Count > 0 && (entries[order.Peek()].Expires <= now || order.Count >= capacity))
                {
                    entries.Remove(order.Dequeue());
                }

                if (entries.TryAdd(key, (reading, now + lifetime)))
                {
                    order.Enqueue(key);
                }
            }
        }
    }
}
