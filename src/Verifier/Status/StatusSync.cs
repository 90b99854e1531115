using System.Collections.Concurrent;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.Verifier.Configuration;
using ELicense.Verifier.Fetching;
using Microsoft.Extensions.Options;

namespace ELicense.Verifier.Status;

/// <summary>
/// Whole status lists (DESIGN §6), fetched only for a licence whose signature already verified, from
/// the signer's province, by the list name the core checked is that province's
/// (<see cref="PreparedLicence.StatusToFetch"/>): the province never learns which licence is being
/// checked, and no unsigned input costs a request, a lock or an entry. A list is held per (province,
/// name), fetched again once its ttl (at most five minutes) has passed, or at once when the trust
/// material no longer admits the held list's signer; concurrent requests for one list share one fetch;
/// a failed fetch is retried after 30 s and leaves the list held (and every other province's) as it
/// was, answering until its exp, after which the verdict is INDETERMINATE.
/// </summary>
public sealed class StatusSync
{
    /// <summary>The largest list accepted: 2²⁰ entries (256 KiB held), six times the 163,776 a province publishes; bounds the inflate and what a list may hold in memory.</summary>
    public const int MaxEntries = 1_048_576;

    /// <summary>The largest status-list answer read (bytes): a compressed list of four million entries is far smaller.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>A province's ttl is obeyed up to this; revocations reach a Verifier within it whatever a list says.</summary>
    public static readonly TimeSpan MaxTimeToLive = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private readonly VerifierOptions options;
    private readonly BoundedFetch fetch;
    private readonly TimeProvider time;
    private readonly ILogger<StatusSync> logger;
    private readonly StatusListCollection lists;
    private readonly ConcurrentDictionary<StatusListKey, Attempt> attempts = new();
    private readonly ConcurrentDictionary<StatusListKey, Lazy<Task>> inflight = new();

    public StatusSync(IOptions<VerifierOptions> options, BoundedFetch fetch, TimeProvider time, ILogger<StatusSync> logger)
    {
        this.options = options.Value;
        this.fetch = fetch;
        this.time = time;
        this.logger = logger;
        lists = new StatusListCollection(this.options.MaxStatusLists);
    }

    /// <summary>The lists held: the pipeline's status source.</summary>
    public IStatusSource Source => lists;

    /// <summary>How many lists are held.</summary>
    public int Count => lists.Count;

    /// <summary>Makes sure the list is held and fresh enough; failures leave what is held.</summary>
    /// <param name="key">The list a prepared licence names: of its signer's province.</param>
    /// <param name="trust">The trust the list's signature is checked with.</param>
    public async Task EnsureAsync(StatusListKey key, TrustMaterial trust, CancellationToken cancellationToken)
    {
        var source = options.Provinces.FirstOrDefault(p => p.Region == key.Province);
        if (source is null || IsFresh(key, trust))
        {
            return;
        }

        var shared = inflight.GetOrAdd(key, k => new Lazy<Task>(() => FetchAsync(k, source, trust)));
        try
        {
            await shared.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            inflight.TryRemove(KeyValuePair.Create(key, shared));
        }
    }

    private bool IsFresh(StatusListKey key, TrustMaterial trust)
    {
        if (!attempts.TryGetValue(key, out var last) || time.GetUtcNow() - last.At >= last.TimeToLive)
        {
            return false;
        }

        // A list whose signer the trust no longer admits (revoked since), or that was evicted, is fetched again at once;
        // after a failure, not before the retry time.
        return !last.Succeeded || (lists.Get(key.Province, key.Name) is { } held
            && SignerAdmission.Check(trust, held.SignerCertificate, SignedKind.StatusList, held.Token.IssuedAt, key.Province, held.SignerKid) is null);
    }

    private async Task FetchAsync(StatusListKey key, ProvinceSource source, TrustMaterial trust)
    {
        var url = new Uri(new Uri(source.TrustListUrl), ProvinceRoutes.StatusList(key.Name));
        var now = time.GetUtcNow();
        try
        {
            var answer = await fetch.GetAsync(url, MaxBytes, null, CancellationToken.None).ConfigureAwait(false);
            if (StatusListTokenCodec.TryVerify(answer.Body!, trust, key.Province, key.Name, now, null, MaxEntries, out var verified, out var error))
            {
                lists.Offer(verified, now, trust);
                var ttl = verified.Token.TimeToLive;
                Record(key, new Attempt(now, ttl < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : ttl > MaxTimeToLive ? MaxTimeToLive : ttl, true));
            }
            else
            {
                logger.LogWarning("Status list {List} of {Region} refused: {Error}", key.Name, key.Province, error);
                Record(key, new Attempt(now, RetryAfterFailure, false));
            }
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("Status list {List} of {Region} not fetched: {Error}; answering from the list held, if any", key.Name, key.Province, e.Message);
            Record(key, new Attempt(now, RetryAfterFailure, false));
        }
    }

    private void Record(StatusListKey key, Attempt attempt)
    {
        attempts[key] = attempt;
        if (attempts.Count > 2 * options.MaxStatusLists)
        {
            // Keys come only from licences whose signature verified, so this bound is a safety net, not a path.
            var now = time.GetUtcNow();
            foreach (var (old, value) in attempts)
            {
                if (now - value.At >= value.TimeToLive)
                {
                    attempts.TryRemove(old, out _);
                }
            }
        }
    }

    /// <summary>When a list was last fetched (or tried), how long that counts, and whether a list came of it.</summary>
    private sealed record Attempt(DateTimeOffset At, TimeSpan TimeToLive, bool Succeeded);
}
