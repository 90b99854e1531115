using System.IO.Compression;
using System.Text.Json;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.Verifier.Verification;

namespace ELicense.Verifier.Offline;

/// <summary>
/// A trust bundle for fully offline verification: one ZIP file with the provinces' signed trust lists,
/// their signed catalogues, and every status list each province publishes, exactly as fetched, and a manifest saying when and
/// from where. Nothing in it is trusted for being there: each trust list must verify against the
/// national roots the verifier was given at the time it is read (never at the manifest's unsigned date),
/// each status list against those trust lists for the province it is filed under, as online.
/// A bundle therefore answers as of its making: status lists go stale after their exp (24 h by
/// default), after which the verdict is INDETERMINATE rather than a guess.
/// </summary>
public sealed class TrustBundle : IVerificationSources
{
    public const string Format = "elicense-trust-bundle/1";
    private const string ManifestEntry = "manifest.json";

    private readonly StatusListCollection statusLists = new();

    /// <summary>The most status lists a bundle may name: a dozen provinces of 100 million licences each.</summary>
    public const int MaxStatusLists = StatusListCollection.DefaultCapacity;

    private TrustBundle(TrustListCollection lists, BundleManifest manifest)
    {
        Lists = lists;
        Manifest = manifest;
    }

    public BundleManifest Manifest { get; }

    public TrustListCollection Lists { get; }

    public TrustMaterial Trust => Lists.Material;

    public IStatusSource Status => statusLists;

    /// <summary>The status lists are in the bundle or nowhere: nothing is fetched.</summary>
    public Task EnsureStatusAsync(StatusListKey key, TrustMaterial trust, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Reads a bundle; what does not verify is left out and named in <paramref name="refused"/>.</summary>
    /// <param name="path">The bundle file.</param>
    /// <param name="roots">The national roots.</param>
    /// <param name="distrusted">Per province, the distrusted list signers (configuration).</param>
    /// <param name="now">The time of reading: lists are judged as received now.</param>
    /// <param name="refused">What was left out and why.</param>
    /// <exception cref="InvalidDataException">The file is no trust bundle.</exception>
    public static TrustBundle Read(
        string path, CertificateChainValidator roots, IReadOnlyDictionary<string, IReadOnlySet<string>>? distrusted, DateTimeOffset now, out IReadOnlyList<string> refused)
    {
        var problems = new List<string>();
        using var zip = OpenZip(path);
        var manifest = ReadManifest(zip);
        var lists = new TrustListCollection(roots, distrusted);
        foreach (var province in manifest.Provinces)
        {
            var offer = lists.Offer(province.Region, ReadEntry(zip, TrustListEntry(province.Region), TrustListCodec.MaxBytes), now);
            if (!offer.Taken)
            {
                problems.Add($"trust list of {province.Region}: {offer.Error}");
            }

            // Bundles made before catalogues were published have none: the national base still applies.
            if (zip.GetEntry(CatalogueEntry(province.Region)) is not null)
            {
                var catalogue = lists.OfferCatalogue(province.Region, ReadEntry(zip, CatalogueEntry(province.Region), CatalogueDocumentCodec.MaxBytes), now);
                if (!catalogue.Taken)
                {
                    problems.Add($"catalogue of {province.Region}: {catalogue.Error}");
                }
            }
        }

        var bundle = new TrustBundle(lists, manifest);
        foreach (var province in manifest.Provinces)
        {
            foreach (var list in province.StatusLists)
            {
                if (!StatusListName.BelongsTo(list, province.Region))
                {
                    problems.Add($"status list entry of {province.Region}: not one of its list names");
                    continue;
                }

                var bytes = ReadEntry(zip, StatusListEntry(list), MaxStatusListBytes);
                if (StatusListTokenCodec.TryVerify(bytes, lists.Material, province.Region, list, now, null, Verifier.Status.StatusSync.MaxEntries, out var token, out var error))
                {
                    bundle.statusLists.Offer(token, now);
                }
                else
                {
                    problems.Add($"status list {list}: {error}");
                }
            }
        }

        refused = problems;
        return bundle;
    }

    /// <summary>Writes a bundle to a temporary file and moves it over <paramref name="path"/>: a failed write leaves the old file.</summary>
    public static void Write(
        string path, BundleManifest manifest, IReadOnlyDictionary<string, byte[]> trustLists, IReadOnlyDictionary<string, byte[]> statusLists,
        IReadOnlyDictionary<string, byte[]>? catalogues = null)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var zip = ZipFile.Open(temporary, ZipArchiveMode.Create))
            {
                Add(zip, ManifestEntry, JsonSerializer.SerializeToUtf8Bytes(manifest, ApiJson.Options));
                foreach (var (region, bytes) in trustLists)
                {
                    Add(zip, TrustListEntry(region), bytes);
                }

                foreach (var (list, bytes) in statusLists)
                {
                    Add(zip, StatusListEntry(list), bytes);
                }

                foreach (var (region, bytes) in catalogues ?? new Dictionary<string, byte[]>())
                {
                    Add(zip, CatalogueEntry(region), bytes);
                }
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The largest status list entry read: as online.</summary>
    private const int MaxStatusListBytes = Verifier.Status.StatusSync.MaxBytes;

    private static string TrustListEntry(string region) => $"trust-lists/{region}.trust-list.cose";

    private static string CatalogueEntry(string region) => $"catalogues/{region}.catalogue.cose";

    private static string StatusListEntry(string list) => $"status-lists/{Uri.EscapeDataString(list)}.status-list.cwt";

    private static ZipArchive OpenZip(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            throw new InvalidDataException($"'{path}' is not a trust bundle (not a ZIP file).", e);
        }
    }

    private static BundleManifest ReadManifest(ZipArchive zip)
    {
        BundleManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BundleManifest>(ReadEntry(zip, ManifestEntry, 1024 * 1024), ApiJson.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("The bundle's manifest is not valid JSON: " + e.Message, e);
        }

        return manifest is { Format: Format, Provinces: not null } && manifest.Provinces.Count <= 64
               && manifest.Provinces.All(p => p.Region is not null && Core.Identifiers.RegionCode.IsProvince(p.Region) && p.StatusLists is not null)
               && manifest.Provinces.Sum(p => p.StatusLists.Count) <= MaxStatusLists
            ? manifest
            : throw new InvalidDataException($"The bundle's manifest is not of format {Format}.");
    }

    private static byte[] ReadEntry(ZipArchive zip, string name, int maxBytes)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"The bundle lacks {name}.");
        if (entry.Length > maxBytes)
        {
            throw new InvalidDataException($"{name} in the bundle is larger than {maxBytes} bytes.");
        }

        using var stream = entry.Open();
        var bytes = new byte[entry.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        stream.Write(bytes);
    }
}

/// <summary>What a bundle holds and when it was made.</summary>
public sealed record BundleManifest(string Format, DateTimeOffset CreatedAt, IReadOnlyList<BundleProvince> Provinces);

/// <summary>One province in a bundle: where its trust list came from and the status lists taken.</summary>
public sealed record BundleProvince(string Region, string TrustListUrl, long Sequence, IReadOnlyList<string> StatusLists);
