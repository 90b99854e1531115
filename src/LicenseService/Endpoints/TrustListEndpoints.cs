using ELicense.Core.Crypto;
using ELicense.Core.Trust;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Keys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace ELicense.LicenseService.Endpoints;

/// <summary>
/// The province's trust list for verifiers, anonymous and cacheable: the signed list
/// (<see cref="TrustListCodec"/>) and an unsigned JWKS view of the same keys for tools that speak
/// JOSE. The signed list is the authority; the JWKS carries no revocation semantics a JOSE library
/// would act on, so it states each key's state in extra members.
/// </summary>
public static class TrustListEndpoints
{
    public const string MediaType = TrustListCodec.Type;

    public static IEndpointRouteBuilder MapTrustListEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(ProvinceRoutes.TrustList, GetList).WithTags("Trust").AllowAnonymous().RequireRateLimiting(RateLimits.AnonymousPolicy)
            .WithSummary("The province's signed trust list (信任列表)").Produces(200, contentType: MediaType).Produces(304).ProducesProblem(429);
        app.MapGet(ProvinceRoutes.Jwks, GetJwks).WithTags("Trust").AllowAnonymous().RequireRateLimiting(RateLimits.AnonymousPolicy)
            .WithSummary("The document-signer keys as a JSON Web Key Set").Produces<JsonWebKeySet>(contentType: "application/jwk-set+json").ProducesProblem(429);
        return app;
    }

    private static Results<FileContentHttpResult, StatusCodeHttpResult> GetList(HttpContext context, TrustListPublisher publisher, IOptions<KeyOptions> options)
    {
        var published = publisher.Get();
        return SignedDocument(context, published.Bytes, published.ETag, published.List.IssuedAt, MediaType, options.Value.TrustListTimeToLive);
    }

    /// <summary>
    /// A signed document for anonymous verifiers (trust list, catalogue): cacheable for <paramref name="timeToLive"/>, by ETag
    /// (304 to a matching If-None-Match), Last-Modified its signing time.
    /// </summary>
    internal static Results<FileContentHttpResult, StatusCodeHttpResult> SignedDocument(HttpContext context, byte[] bytes, string etag, DateTimeOffset issuedAt, string mediaType, TimeSpan timeToLive)
    {
        var headers = context.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = $"public, max-age={(int)timeToLive.TotalSeconds}";
        headers.LastModified = issuedAt.ToString("R");
        return context.Request.Headers.IfNoneMatch == etag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(bytes, mediaType);
    }

    private static JsonHttpResult<JsonWebKeySet> GetJwks(HttpContext context, TrustListPublisher publisher, IOptions<KeyOptions> options)
    {
        var published = publisher.Get();
        context.Response.Headers.CacheControl = $"public, max-age={(int)options.Value.TrustListTimeToLive.TotalSeconds}";
        return TypedResults.Json(new JsonWebKeySet([.. published.List.Entries.Select(Jwk)]), contentType: "application/jwk-set+json");
    }

    private static Dictionary<string, object> Jwk(TrustListEntry entry)
    {
        var kid = Kid.Compute(entry.Certificate);
        var certificate = new Org.BouncyCastle.X509.X509Certificate(entry.Certificate);
        var jwk = new Dictionary<string, object>
        {
            ["kid"] = Base64Url(kid),
            ["use"] = "sig",
            ["x5c"] = new[] { Convert.ToBase64String(entry.Certificate) },
            ["x5t#S256"] = Base64Url(System.Security.Cryptography.SHA256.HashData(entry.Certificate)),
            ["elicense_state"] = entry.State.ToString().ToLowerInvariant(),
            ["elicense_not_before"] = entry.Validity.NotBefore.ToString("O"),
            ["elicense_not_after"] = entry.Validity.NotAfter.ToString("O"),
        };
        if (entry.CompromisedAt is { } compromised)
        {
            jwk["elicense_compromised_at"] = compromised.ToString("O");
        }

        switch (PublicKeyFactory.CreateKey(certificate.CertificateStructure.SubjectPublicKeyInfo))
        {
            case RsaKeyParameters rsa:
                jwk["kty"] = "RSA";
                jwk["alg"] = "PS256";
                jwk["n"] = Base64Url(rsa.Modulus.ToByteArrayUnsigned());
                jwk["e"] = Base64Url(rsa.Exponent.ToByteArrayUnsigned());
                break;
            case ECPublicKeyParameters ec:
                // JOSE registers no SM2 curve; "SM2" is the name Chinese JOSE libraries use.
                jwk["kty"] = "EC";
                jwk["crv"] = "SM2";
                jwk["alg"] = "SM2";
                jwk["x"] = Base64Url(ec.Q.Normalize().AffineXCoord.GetEncoded());
                jwk["y"] = Base64Url(ec.Q.Normalize().AffineYCoord.GetEncoded());
                break;
        }

        return jwk;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A JSON Web Key Set (RFC 7517 §5): each key's members as <see cref="TrustListEndpoints"/> writes them.</summary>
/// <param name="Keys">The keys, each a JWK object.</param>
public sealed record JsonWebKeySet(IReadOnlyList<Dictionary<string, object>> Keys);
