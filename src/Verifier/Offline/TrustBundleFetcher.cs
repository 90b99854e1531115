using System.Text.Json;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Verifier.Configuration;
using ELicense.Verifier.Fetching;

namespace ELicense.Verifier.Offline;

/// <summary>
/// Makes a trust bundle: for each province its trust list (which must verify against the roots now), its
/// catalogue (which must verify to the same province's list signer),
/// the index of its status lists (<c>GET /api/v1/status-lists</c> on the trust list's origin) and every
/// list named there (each name must be one of the province's, each list must verify against the trust
/// list). Fetched like online (<see cref="BoundedFetch"/>: no redirects, bounded bodies). All or nothing:
/// a province that cannot be reached or whose list does not verify fails the whole fetch, so a bundle
/// is never silently partial.
/// </summary>
public static class TrustBundleFetcher
{
    private const int MaxIndexBytes = 1024 * 1024;

    public static async Task<(BundleManifest Manifest, Dictionary<string, byte[]> TrustLists, Dictionary<string, byte[]> StatusLists, Dictionary<string, byte[]> Catalogues)> FetchAsync(
        IReadOnlyList<ProvinceSource> provinces, CertificateChainValidator roots, IReadOnlyDictionary<string, IReadOnlySet<string>>? distrusted,
        BoundedFetch fetch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lists = new TrustListCollection(roots, distrusted);
        var trustLists = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var statusLists = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var catalogues = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var entries = new List<BundleProvince>();
        foreach (var province in provinces)
        {
            var url = new Uri(province.TrustListUrl);
            var bytes = await GetAsync(fetch, url, TrustListCodec.MaxBytes, province.Region, cancellationToken).ConfigureAwait(false);
            var offer = lists.Offer(province.Region, bytes, now);
            if (!offer.Taken)
            {
                throw new BundleFetchException($"the trust list of {province.Region} from {url} was refused: {offer.Error}");
            }

            trustLists[province.Region] = bytes;
            var catalogueUrl = province.EffectiveCatalogueUrl;
            var catalogue = await GetAsync(fetch, catalogueUrl, CatalogueDocumentCodec.MaxBytes, province.Region, cancellationToken).ConfigureAwait(false);
            var taken = lists.OfferCatalogue(province.Region, catalogue, now);
            if (!taken.Taken)
            {
                throw new BundleFetchException($"the catalogue of {province.Region} from {catalogueUrl} was refused: {taken.Error}");
            }

            catalogues[province.Region] = catalogue;
            var index = new Uri(url, ProvinceRoutes.StatusLists);
            StatusListNames? names;
            try
            {
                names = JsonSerializer.Deserialize<StatusListNames>(await GetAsync(fetch, index, MaxIndexBytes, province.Region, cancellationToken).ConfigureAwait(false), ApiJson.Options);
            }
            catch (JsonException e)
            {
                throw new BundleFetchException($"the status-list index of {province.Region} at {index} could not be read: {e.Message}");
            }

            var named = names?.Lists ?? [];
            if (named.Count > TrustBundle.MaxStatusLists || named.Any(n => !StatusListName.BelongsTo(n, province.Region)))
            {
                throw new BundleFetchException($"the status-list index of {province.Region} at {index} names lists that are not the province's, or too many");
            }

            var inBundle = new List<string>();
            foreach (var list in named.Distinct(StringComparer.Ordinal))
            {
                var listUrl = new Uri(url, ProvinceRoutes.StatusList(list));
                var listBytes = await GetAsync(fetch, listUrl, Status.StatusSync.MaxBytes, province.Region, cancellationToken).ConfigureAwait(false);
                if (!StatusListTokenCodec.TryVerify(listBytes, lists.Material, province.Region, list, now, null, Status.StatusSync.MaxEntries, out _, out var error))
                {
                    throw new BundleFetchException($"status list {list} of {province.Region} from {listUrl} was refused: {error}");
                }

                statusLists[list] = listBytes;
                inBundle.Add(list);
            }

            entries.Add(new BundleProvince(province.Region, province.TrustListUrl, lists.Held[province.Region].List.List.Sequence, inBundle));
        }

        return (new BundleManifest(TrustBundle.Format, now, entries), trustLists, statusLists, catalogues);
    }

    private static async Task<byte[]> GetAsync(BoundedFetch fetch, Uri url, int maxBytes, string region, CancellationToken cancellationToken)
    {
        try
        {
            return (await fetch.GetAsync(url, maxBytes, null, cancellationToken).ConfigureAwait(false)).Body!;
        }
        catch (HttpRequestException e)
        {
            throw new BundleFetchException($"{region}: {url} could not be fetched: {e.Message}");
        }
    }

    private sealed record StatusListNames(IReadOnlyList<string>? Lists);
}

/// <summary>A bundle could not be made; the message names the province and the URL.</summary>
public sealed class BundleFetchException(string message) : Exception(message);
