using System.Collections.Concurrent;
using ELicense.Core.Identifiers;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Verifier.Configuration;
using Microsoft.Extensions.Options;

namespace ELicense.Verifier.Status;

/// <summary>
/// Whole status lists, fetched by the list a licence names and kept (DESIGN §6): the province never
/// learns which licence is being checked. A list is fetched again once its ttl has passed since the
/// last fetch; concurrent requests for one list share one fetch; when the province cannot be
/// reached the list held keeps answering until its exp, after which the verdict is INDETERMINATE.
/// </summary>
public sealed class StatusSync(IOptions<VerifierOptions> options, HttpClient http, TimeProvider time, ILogger<StatusSync> logger)
{
    /// <summary>The largest list accepted: four times the 2²⁰ entries of a large list; bounds the inflate.</summary>
    public const int MaxEntries = 4 * 1_048_576;

    private readonly StatusListCollection lists = new();
    private readonly ConcurrentDictionary<string, Fetched> fetched = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);

    /// <summary>The lists held: the pipeline's status source.</summary>
    public IStatusSource Source => lists;

    /// <summary>Makes sure the list a licence names is held and fresh enough; failures leave what is held.</summary>
    /// <param name="reference">The licence's status reference.</param>
    /// <param name="issuerRegion">The licence's issuer region; its province's service serves the list.</param>
    /// <param name="trust">The trust the list's signature is checked with.</param>
    public async Task EnsureAsync(StatusReference reference, string issuerRegion, TrustMaterial trust, CancellationToken cancellationToken)
    {
        if (!RegionCode.IsValid(issuerRegion))
        {
            return;
        }

        var province = RegionCode.ProvinceOf(issuerRegion);
        var source = options.Value.Provinces.FirstOrDefault(p => p.Region == province);
        if (source is null || IsFresh(reference.List))
        {
            return;
        }

        var gate = gates.GetOrAdd(reference.List, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsFresh(reference.List))
            {
                return;
            }

            var url = new Uri(new Uri(source.TrustListUrl), "/api/v1/status-lists/" + Uri.EscapeDataString(reference.List));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.FetchTimeout);
            var bytes = await http.GetByteArrayAsync(url, timeout.Token).ConfigureAwait(false);
            if (StatusListTokenCodec.TryVerify(bytes, trust, province, reference.List, MaxEntries, out var token, out var error))
            {
                lists.Offer(token!);
                fetched[reference.List] = new Fetched(time.GetUtcNow(), token!.TimeToLive);
            }
            else
            {
                logger.LogWarning("Status list {List} from {Url} refused: {Error}", reference.List, url, error);
                fetched[reference.List] = new Fetched(time.GetUtcNow(), TimeSpan.FromSeconds(30));
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Status list {List} not fetched: {Error}; answering from the list held, if any", reference.List, e.Message);
            fetched[reference.List] = new Fetched(time.GetUtcNow(), TimeSpan.FromSeconds(30));
        }
        finally
        {
            gate.Release();
        }
    }

    private bool IsFresh(string list) => fetched.TryGetValue(list, out var last) && time.GetUtcNow() - last.At < last.TimeToLive;

    /// <summary>When a list was last fetched (or tried) and how long that counts.</summary>
    private sealed record Fetched(DateTimeOffset At, TimeSpan TimeToLive);
}
