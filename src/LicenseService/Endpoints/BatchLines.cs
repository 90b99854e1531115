using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Issuance;

namespace ELicense.LicenseService.Endpoints;

/// <summary>
/// The lines of an NDJSON batch body, read as they arrive: numbered from 1, blank lines skipped (but
/// counted), a line over the limit reported as too long without holding its bytes, and each line
/// parsed into an issue request with its idempotency key.
/// </summary>
public static class BatchLines
{
    /// <summary>Parses line <paramref name="number"/>: its request (its own idempotency key, else the batch key and the number) or its error.</summary>
    public static (long, IssueRequest?, FieldError?) Parse(long number, ReadOnlyMemory<byte> text, bool tooLong, string batchKey)
    {
        var lineKey = batchKey + ":" + number.ToString(CultureInfo.InvariantCulture);
        if (tooLong)
        {
            return (number, null, new FieldError("$", "too_long", "The line is longer than the limit.", "该行超过长度上限。"));
        }

        var (value, error) = RequestBody.Parse<IssueRequest>(text.Span);
        if (error is not null)
        {
            return (number, null, error);
        }

        return (number, value! with { IdempotencyKey = value.IdempotencyKey ?? lineKey }, null);
    }

    /// <summary>The lines of <paramref name="reader"/>, each with its number, its bytes and whether it was over <paramref name="maxLineBytes"/>.</summary>
    public static async IAsyncEnumerable<(long Number, ReadOnlyMemory<byte> Text, bool TooLong)> ReadAsync(
        PipeReader reader, int maxLineBytes, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        long number = 0;
        var skipping = false;
        while (true)
        {
            var read = await reader.ReadAsync(cancellation);
            var buffer = read.Buffer;
            var lines = new List<(long, ReadOnlyMemory<byte>, bool)>();
            while (buffer.PositionOf((byte)'\n') is { } end)
            {
                var text = buffer.Slice(0, end);
                buffer = buffer.Slice(buffer.GetPosition(1, end));
                number++;
                if (skipping)
                {
                    skipping = false;
                    lines.Add((number, ReadOnlyMemory<byte>.Empty, true));
                }
                else if (!IsBlank(text))
                {
                    lines.Add((number, text.Length > maxLineBytes ? ReadOnlyMemory<byte>.Empty : text.ToArray(), text.Length > maxLineBytes));
                }
            }

            if (!skipping && buffer.Length > maxLineBytes)
            {
                // A line without end beyond the limit: drop its bytes as they come and report it once its newline arrives.
                skipping = true;
            }

            var rest = skipping ? ReadOnlySequence<byte>.Empty : buffer;
            var last = read.IsCompleted && !skipping && !IsBlank(rest) ? rest.ToArray() : null;
            reader.AdvanceTo(skipping ? buffer.End : buffer.Start, buffer.End);
            foreach (var line in lines)
            {
                yield return line;
            }

            if (read.IsCompleted)
            {
                if (last is not null)
                {
                    yield return (number + 1, last, false);
                }
                else if (skipping)
                {
                    yield return (number + 1, ReadOnlyMemory<byte>.Empty, true);
                }

                await reader.CompleteAsync();
                yield break;
            }
        }
    }

    private static bool IsBlank(ReadOnlySequence<byte> text)
    {
        foreach (var segment in text)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\r' or (byte)'\t'))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
