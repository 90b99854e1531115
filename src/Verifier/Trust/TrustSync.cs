using System.Collections.Concurrent;
using System.Net;
using ELicense.Core.Trust;
using ELicense.Verifier.Configuration;
using ELicense.Verifier.Fetching;
using Microsoft.Extensions.Options;

namespace ELicense.Verifier.Trust;

/// <summary>
/// Keeps the configured provinces' trust lists (DESIGN §7): reads the last good copies from disk at
/// start, fetches each list on a timer (conditionally, by ETag), takes it only when it verifies
/// against the national roots at the time it is received and is not older than the one held
/// (<see cref="TrustListCollection"/>), and writes what it took back to disk. A 304 offers the held
/// list again, so it is judged at every refresh as if it had just arrived. A province that cannot be reached keeps being verified
/// from the list held; the verdict's trust-list age says how old that is.
/// </summary>
public sealed class TrustSync
{
    private readonly VerifierOptions options;
    private readonly BoundedFetch fetch;
    private readonly TimeProvider time;
    private readonly ILogger<TrustSync> logger;
    private readonly ConcurrentDictionary<string, ProvinceSyncState> states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?> catalogueETags = new(StringComparer.Ordinal);

    public TrustSync(IOptions<VerifierOptions> options, IHostEnvironment environment, BoundedFetch fetch, TimeProvider time, ILogger<TrustSync> logger)
    {
        this.options = options.Value;
        this.fetch = fetch;
        this.time = time;
        this.logger = logger;
        Lists = new TrustListCollection(RootCertificates.Validator(this.options.RootCertificates, environment), this.options.DistrustedListSigners());
        Cache = new TrustListCache(ContentPaths.Resolve(environment, this.options.CacheFolder));
    }

    /// <summary>The lists held and the trust material over them.</summary>
    public TrustListCollection Lists { get; }

    public TrustListCache Cache { get; }

    /// <summary>How the last fetch of each configured province went.</summary>
    public IReadOnlyDictionary<string, ProvinceSyncState> States =>
        options.Provinces.ToDictionary(p => p.Region, p => states.GetValueOrDefault(p.Region, ProvinceSyncState.Never));

    /// <summary>Takes the cached lists from disk; each must verify like a fetched one.</summary>
    public void LoadCache()
    {
        foreach (var province in options.Provinces)
        {
            if (Cache.Read(province.Region) is not { } cached)
            {
                continue;
            }

            var offer = Lists.Offer(province.Region, cached.Bytes, time.GetUtcNow());
            if (offer.Taken)
            {
                logger.LogInformation("Trust list of {Region} loaded from {Folder}", province.Region, Cache.Folder);
            }
            else
            {
                logger.LogWarning("Cached trust list of {Region} not used: {Error}", province.Region, offer.Error);
            }
        }

        foreach (var province in options.Provinces)
        {
            if (Cache.Read(province.Region, TrustListCache.Catalogue) is { } cached)
            {
                var offer = Lists.OfferCatalogue(province.Region, cached.Bytes, time.GetUtcNow());
                if (!offer.Taken)
                {
                    logger.LogWarning("Cached catalogue of {Region} not used: {Error}", province.Region, offer.Error);
                }
            }
        }
    }

    /// <summary>Fetches every province's list once, in parallel.</summary>
    public Task RefreshAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(options.Provinces.Select(p => RefreshAsync(p, cancellationToken)));

    /// <summary>Fetches one province's list; failures are recorded and logged, never thrown.</summary>
    public async Task RefreshAsync(ProvinceSource province, CancellationToken cancellationToken)
    {
        var state = states.GetValueOrDefault(province.Region, ProvinceSyncState.Never);
        var now = time.GetUtcNow();
        string? error;
        try
        {
            var held = Lists.Held.GetValueOrDefault(province.Region);
            var answer = await fetch.GetAsync(new Uri(province.TrustListUrl), TrustListCodec.MaxBytes, held is null ? null : state.ETag, cancellationToken)
                .ConfigureAwait(false);
            var bytes = answer.Status == HttpStatusCode.NotModified
                ? held?.Bytes ?? throw new HttpRequestException("HTTP 304 to an unconditional request")
                : answer.Body!;
            var offer = Lists.Offer(province.Region, bytes, now);
            error = offer.Taken ? null : $"refused: {offer.Error}";
            if (offer.Result == TrustOfferResult.Accepted)
            {
                Cache.Write(province.Region, bytes);
                logger.LogInformation("Trust list of {Region} taken: sequence {Sequence}, {Signers} signers",
                    province.Region, Lists.Held[province.Region].List.List.Sequence, Lists.Held[province.Region].List.Signers.Count);
            }

            states[province.Region] = new ProvinceSyncState(now, offer.Taken ? now : state.LastSuccessAt, error,
                offer.Taken ? answer.ETag ?? state.ETag : state.ETag, error is null ? null : SyncFailure.Refused);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException)
        {
            error = e.Message;
            states[province.Region] = state with { LastAttemptAt = now, LastError = error, Failure = e is HttpRequestException ? SyncFailure.Unreachable : SyncFailure.Cache };
        }

        if (error is not null)
        {
            logger.LogWarning("Trust list of {Region} from {Url} not updated: {Error}; verifying from the list held", province.Region, province.TrustListUrl, error);
        }

        await RefreshCatalogueAsync(province, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fetches one province's catalogue (after its trust list, so that a new list signer is known); taken like a trust list
    /// (<see cref="TrustListCollection.OfferCatalogue"/>) and cached. Failures keep the catalogue held; they are logged, never thrown.
    /// </summary>
    private async Task RefreshCatalogueAsync(ProvinceSource province, CancellationToken cancellationToken)
    {
        string? error;
        try
        {
            var held = Lists.Catalogues.GetValueOrDefault(province.Region);
            var answer = await fetch.GetAsync(province.EffectiveCatalogueUrl, CatalogueDocumentCodec.MaxBytes,
                held is null ? null : catalogueETags.GetValueOrDefault(province.Region), cancellationToken).ConfigureAwait(false);
            var bytes = answer.Status == HttpStatusCode.NotModified
                ? held?.Bytes ?? throw new HttpRequestException("HTTP 304 to an unconditional request")
                : answer.Body!;
            var offer = Lists.OfferCatalogue(province.Region, bytes, time.GetUtcNow());
            error = offer.Taken ? null : $"refused: {offer.Error}";
            if (offer.Taken)
            {
                catalogueETags[province.Region] = answer.ETag ?? catalogueETags.GetValueOrDefault(province.Region);
            }

            if (offer.Result == TrustOfferResult.Accepted)
            {
                Cache.Write(province.Region, bytes, TrustListCache.Catalogue);
                logger.LogInformation("Catalogue of {Region} taken: sequence {Sequence}, {Types} definitions",
                    province.Region, Lists.Catalogues[province.Region].Document.Sequence, Lists.Catalogues[province.Region].Document.Types.Count);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException)
        {
            error = e.Message;
        }

        if (error is not null)
        {
            logger.LogWarning("Catalogue of {Region} not updated: {Error}; checking content against the catalogue held", province.Region, error);
        }
    }
}
