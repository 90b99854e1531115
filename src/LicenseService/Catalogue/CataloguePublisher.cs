using System.Security.Cryptography;
using ELicense.Core.Trust;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Keys;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Catalogue;

/// <summary>
/// The province's signed catalogue (DESIGN §12, docs/adr/0008): the national base and the province's
/// own definitions, signed by the trust-list signer with the catalogue content type. Signed again
/// only when a definition was added, the list signer changed, or half its lifetime has passed;
/// requests get the cached bytes (anonymous requests never make the service sign per request).
/// </summary>
public sealed class CataloguePublisher(
    ProvinceCatalogue catalogue, KeyManager keys, ICertificateAuthority ca, IOptions<KeyOptions> options, IOptions<ProvinceOptions> province, TimeProvider time,
    ILogger<CataloguePublisher> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Published? cached;
    private (Core.Licenses.LicenceCatalogue Catalogue, byte[] Digest)? digested;

    /// <summary>The current signed document.</summary>
    public async Task<Published> GetAsync()
    {
        var current = await catalogue.GetAsync().ConfigureAwait(false);
        var signer = keys.ListSigner;
        var now = time.GetUtcNow();
        var content = Digest(current);
        if (Fresh(cached, content, signer.Certificate, now) is { } last)
        {
            return last;
        }

        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Fresh(cached, content, signer.Certificate, now) is { } again)
            {
                return again;
            }

            // Never publish fewer definitions than this replica published before: verifiers refuse a document that drops a
            // version they hold, so a definition lost from the store (deleted by whoever can write it) keeps the last document.
            if (cached is { } before && before.Document.Types.Any(t => current.Find(t.Code, t.Version) is not { } same || !Core.Licenses.CatalogueJson.SameDefinition(t, same)))
            {
                logger.LogError("The catalogue in the store lacks or changed definitions this replica published; the last catalogue stays published");
                return before;
            }

            byte[][] chain = [signer.Certificate, .. ca.Families.Order().Select(ca.CaCertificate)];
            var document = new CatalogueDocument(province.Value.RegionCode, current.All.Count - Core.Licenses.LicenceCatalogue.NationalBase.All.Count,
                now, now + options.Value.TrustListLifetime, chain, current.All);
            var bytes = CatalogueDocumentCodec.Sign(document, signer);
            cached = new Published(document, bytes, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16)) + "\"", content, signer.Certificate);
            return cached;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The catalogue's content digest, computed once per catalogue read from the store (not per request).</summary>
    private byte[] Digest(Core.Licenses.LicenceCatalogue current)
    {
        var last = digested;
        if (last is not null && ReferenceEquals(last.Value.Catalogue, current))
        {
            return last.Value.Digest;
        }

        var digest = SHA256.HashData(Core.Licenses.CatalogueJson.Write(current.All));
        digested = (current, digest);
        return digest;
    }

    private Published? Fresh(Published? last, byte[] content, byte[] signer, DateTimeOffset now)
        => last is not null && last.Content.AsSpan().SequenceEqual(content) && last.Signer.AsSpan().SequenceEqual(signer)
           && now - last.Document.IssuedAt < options.Value.TrustListLifetime / 2 ? last : null;

    /// <summary>A signed document and what HTTP caching needs of it.</summary>
    public sealed record Published(CatalogueDocument Document, byte[] Bytes, string ETag, byte[] Content, byte[] Signer);
}
