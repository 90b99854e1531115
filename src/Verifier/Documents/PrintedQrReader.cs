using System.Diagnostics;
using System.Globalization;

namespace ELicense.Verifier.Documents;

/// <summary>
/// Reads the QR code printed on the first page of a PDF as a scanner would see it: the page is
/// rendered by poppler's <c>pdftoppm</c> (scripts/install-deps.sh installs poppler-utils) into a
/// grey picture and read with <see cref="QrImageDecoder"/>. Renderings are bounded in number and
/// time; only PDFs whose signature a trusted signer made get here.
/// </summary>
public sealed class PrintedQrReader(string renderer = "pdftoppm", int resolution = 150)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly SemaphoreSlim gate = new(Math.Max(1, Environment.ProcessorCount));

    /// <summary>The outcome: the QR text; or null text and the reason the page could not be checked.</summary>
    public sealed record Reading(string? Text, bool Rendered, string? Error);

    public async Task<Reading> ReadAsync(byte[] pdf, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var page = await RenderAsync(pdf, cancellationToken).ConfigureAwait(false);
            if (page is null)
            {
                return new Reading(null, false, $"{renderer} could not render the page");
            }

            var text = QrImageDecoder.ReadGrey(page.Value.Pixels, page.Value.Width, page.Value.Height);
            return new Reading(text, true, text is null ? "no QR code found on the first page" : null);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return new Reading(null, false, $"{renderer} is not available: {e.Message}");
        }
        finally
        {
            gate.Release();
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
        foreach (var argument in new[] { "-r", resolution.ToString(CultureInfo.InvariantCulture), "-gray", "-f", "1", "-l", "1", "-singlefile", "-" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var output = new MemoryStream();
            var reading = process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token);
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
}
