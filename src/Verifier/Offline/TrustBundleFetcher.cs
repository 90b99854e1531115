using System.Net.Http.Json;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Verifier.Configuration;

namespace ELicense.Verifier.Offline;

/// <summary>
/// Makes a trust bundle: for each province its trust list (which must verify against the roots), the
/// index of its status lists (<c>GET /api/v1/status-lists</c> on the trust list's origin) and every
/// list named there (each must verify against the trust list). All or nothing: a province that cannot
/// be reached or whose list does not verify fails the whole fetch, so a bundle is never silently partial.
/// </summary>
public static class TrustBundleFetcher
{
    public static async Task<(BundleManifest Manifest, Dictionary<string, byte[]> TrustLists, Dictionary<string, byte[]> StatusLists)> FetchAsync(
        IReadOnlyList<ProvinceSource> provinces, CertificateChainValidator roots, HttpClient http, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lists = new TrustListCollection(roots);
        var trustLists = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var statusLists = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var entries = new List<BundleProvince>();
        foreach (var province in provinces)
        {
            var url = new Uri(province.TrustListUrl);
            var bytes = await GetAsync(http, url, province.Region, cancellationToken).ConfigureAwait(false);
            var offer = lists.Offer(province.Region, bytes, now);
            if (!offer.Taken)
            {
                throw new BundleFetchException($"the trust list of {province.Region} from {url} was refused: {offer.Error}");
            }

            trustLists[province.Region] = bytes;
            var index = new Uri(url, "/api/v1/status-lists");
            StatusListNames? names;
            try
            {
                names = await http.GetFromJsonAsync<StatusListNames>(index, ApiJson.Options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new BundleFetchException($"the status-list index of {province.Region} at {index} could not be read: {e.Message}");
            }

            var taken = new List<string>();
            foreach (var list in names?.Lists ?? [])
            {
                var listUrl = new Uri(url, "/api/v1/status-lists/" + Uri.EscapeDataString(list));
                var listBytes = await GetAsync(http, listUrl, province.Region, cancellationToken).ConfigureAwait(false);
                if (!StatusListTokenCodec.TryVerify(listBytes, lists.Material, province.Region, list, Status.StatusSync.MaxEntries, out _, out var error))
                {
                    throw new BundleFetchException($"status list {list} of {province.Region} from {listUrl} was refused: {error}");
                }

                statusLists[list] = listBytes;
                taken.Add(list);
            }

            entries.Add(new BundleProvince(province.Region, province.TrustListUrl, lists.Held[province.Region].List.List.Sequence, taken));
        }

        return (new BundleManifest(TrustBundle.Format, now, entries), trustLists, statusLists);
    }

    private static async Task<byte[]> GetAsync(HttpClient http, Uri url, string region, CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetByteArrayAsync(url, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new BundleFetchException($"{region}: {url} could not be fetched: {e.Message}");
        }
    }

    private sealed record StatusListNames(IReadOnlyList<string>? Lists);
}

/// <summary>A bundle could not be made; the message names the province and the URL.</summary>
public sealed class BundleFetchException(string message) : Exception(message);
