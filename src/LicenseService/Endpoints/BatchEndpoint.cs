using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Security.Claims;
using System.Text.Json;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Storage;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Endpoints;

/// <summary>
/// <c>POST /api/v1/licences:batch</c>: NDJSON in, NDJSON out, streamed both ways. Lines are read as
/// they arrive and issued in chunks (one status allocation, one parallel signing pass and one
/// pipelined store write per chunk); each chunk's results are written and flushed before the next
/// is read, so memory stays flat however long the body is. Every line has an idempotency key —
/// its own <c>idempotencyKey</c>, else the request's Idempotency-Key and the line number — so a
/// rerun of the same file after a crash finds what was issued and issues nothing twice.
/// </summary>
public static class BatchEndpoint
{
    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Issue(HttpContext context, ClaimsPrincipal user, LicenceIssuer issuer, IOptions<IssuanceOptions> options)
    {
        var request = context.Request;
        if (!LicenceEndpoints.TryIdempotencyKey(request, out var batchKey, out var problem))
        {
            return TypedResults.Problem(problem);
        }

        if (batchKey is null)
        {
            return TypedResults.Problem(HttpProblems.Validation([new FieldError("Idempotency-Key", "required",
                "A batch needs an Idempotency-Key header, so that a rerun issues nothing twice.", "批量签发须提供 Idempotency-Key 请求头，以免重跑时重复签发。")]));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var settings = options.Value;
        var caller = Caller.From(user);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-ndjson; charset=utf-8";
        await context.Response.StartAsync(context.RequestAborted);

        // Two chunks in flight: while one is signed and stored, the next is read from the network.
        var chunk = new List<(long Number, ReadOnlyMemory<byte> Text, bool TooLong)>(settings.BatchChunkSize);
        Task<ChunkResult>? inFlight = null;
        try
        {
            await foreach (var line in BatchLines.ReadAsync(request.BodyReader, settings.MaxBatchLineBytes, context.RequestAborted))
            {
                chunk.Add(line);
                if (chunk.Count == settings.BatchChunkSize)
                {
                    await WriteChunkAsync(inFlight, context.Response.BodyWriter, context.RequestAborted);
                    inFlight = IssueChunkAsync([.. chunk], batchKey, caller, issuer);
                    chunk.Clear();
                }
            }

            await WriteChunkAsync(inFlight, context.Response.BodyWriter, context.RequestAborted);
            await WriteChunkAsync(IssueChunkAsync([.. chunk], batchKey, caller, issuer), context.Response.BodyWriter, context.RequestAborted);
        }
        catch (BatchAbortedException aborted)
        {
            // The status line is gone; the last line says why the stream ends here and what of the failing chunk is stored.
            await WriteLineAsync(context.Response.BodyWriter, new BatchLine(0, "aborted", null, null, null, [aborted.Error]));
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException or ConnectionResetException)
        {
            // The client went away; nothing is left to answer.
        }
        finally
        {
            if (inFlight is not null)
            {
                // A client that went away still gets its chunk stored whole, so a rerun finds it.
                await inFlight.ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        return TypedResults.Empty;
    }

    private static Task<ChunkResult> IssueChunkAsync(
        (long Number, ReadOnlyMemory<byte> Text, bool TooLong)[] lines, string batchKey, Caller caller, LicenceIssuer issuer) => Task.Run(async () =>
    {
        var parsed = new (long Line, IssueRequest? Request, FieldError? Error)[lines.Length];
        Parallel.For(0, lines.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => parsed[i] = BatchLines.Parse(lines[i].Number, lines[i].Text, lines[i].TooLong, batchKey));
        var requests = parsed.Where(c => c.Request is not null).Select(c => c.Request!).ToList();
        try
        {
            var results = requests.Count == 0 ? [] : await issuer.IssueAsync(requests, caller);
            return new ChunkResult(parsed, results, null);
        }
        catch (Exception e) when (e is IssueStoreException or Keys.NoSigningKeyException or Storage.UnreadableRecordException || Storage.StoreFailures.IsStoreFailure(e))
        {
            // A store failure outside the issuer's writes stored nothing of the chunk; a key revoked mid-chunk may have left some stored.
            return new ChunkResult(parsed, [], e as IssueStoreException ?? new IssueStoreException(requests.Count, new Dictionary<int, (bool?, string)>(), e, unknown: e is Keys.NoSigningKeyException or Storage.UnreadableRecordException));
        }
    });

    private static async Task WriteChunkAsync(Task<ChunkResult>? issuing, PipeWriter output, CancellationToken cancellation)
    {
        if (issuing is null)
        {
            return;
        }

        var (chunk, results, failure) = await issuing;
        if (failure is not null)
        {
            throw new BatchAbortedException(chunk, failure);
        }

        var next = 0;
        foreach (var (line, request, error) in chunk)
        {
            if (request is null)
            {
                await WriteLineAsync(output, new BatchLine(line, "invalid", null, null, null, [error!]), flush: false);
                continue;
            }

            var result = results[next++];
            await WriteLineAsync(output, new BatchLine(
                line, result.Outcome.ToString().ToLowerInvariant(), result.Licence?.Id, result.Licence?.Qr,
                result.Licence is null ? null : LicenceLinks.For(result.Licence.Id).Self, result.Errors), flush: false);
        }

        await output.FlushAsync(cancellation);
    }

    internal sealed record ChunkResult((long Line, IssueRequest? Request, FieldError? Error)[] Lines, IssueResult[] Results, IssueStoreException? Failure);

    private static async ValueTask WriteLineAsync(PipeWriter output, BatchLine line, bool flush = true)
    {
        using (var writer = new Utf8JsonWriter(output))
        {
            JsonSerializer.Serialize(writer, line, ApiJson.Options);
        }

        output.Write("\n"u8);
        if (flush)
        {
            await output.FlushAsync();
        }
    }
}

/// <summary>One line of a batch's answer.</summary>
/// <param name="Line">The input line number (1-based; 0 for a line that ends the stream early).</param>
/// <param name="Status">issued, replayed, conflict, invalid, forbidden — or aborted.</param>
public sealed record BatchLine(long Line, string Status, string? Id, string? Qr, string? Self, IReadOnlyList<FieldError> Errors);
