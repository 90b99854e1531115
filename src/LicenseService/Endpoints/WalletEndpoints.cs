using System.Security.Claims;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Status;
using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Catalogue;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Signing;
using ELicense.LicenseService.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ELicense.LicenseService.Endpoints;

/// <summary>
/// The citizen's wallet (role citizen; the token's subject is her citizen identity number): her
/// licences, and presentations of one — the dynamic <c>ELP1:</c> QR of DESIGN §4, signed by the
/// province's current key, valid <see cref="Configuration.IssuanceOptions.PresentationLifetime"/> (60 s), showing only the fields she chose (by default the
/// type's <see cref="LicenceType.PresentedByDefault"/>) and her identity number masked. Another
/// holder's licence is answered 404, as if it did not exist; a revoked or suspended one cannot be
/// presented (409).
/// </summary>
public static class WalletEndpoints
{
    public static IEndpointRouteBuilder MapWalletEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/wallet/licences").WithTags("Wallet").RequireAuthorization(AuthSetup.CitizenPolicy);
        group.MapGet("", List).WithSummary("The citizen's own licences (我的证照)").ProducesProblem(401).ProducesProblem(403);
        group.MapPost("{id}/presentations", Present).WithSummary("A 60-second presentation QR of one of her licences (出示)")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(503);
        return app;
    }

    private static async Task<Ok<List<WalletLicence>>> List(ClaimsPrincipal user, LicenceStore store, HolderKeys holders, StatusListStore statusLists, ProvinceCatalogue catalogue)
    {
        var types = await catalogue.GetAsync();
        var subject = user.FindFirst("sub")?.Value ?? "";
        var records = await store.ForHolderAsync(holders.For(HolderIdType.CitizenId, subject));
        var licences = new List<WalletLicence>(records.Count);
        // The newest version of each licence only: a re-issued one is listed as its successor (a true one, not any link).
        var superseded = records.Where(r => records.Any(n => LicenceStore.IsSuccessor(r, n))).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var record in records.Where(r => !superseded.Contains(r.Id)).OrderByDescending(r => r.IssuedAt))
        {
            if (QrPayloadCodec.TryDecode(record.Qr, DecodeLimits.Default, out var decoded, out _)
                && string.Equals(decoded.Payload.Holder.IdNumber, subject, StringComparison.OrdinalIgnoreCase)
                && types.Find(decoded.Payload.TypeCode, decoded.Payload.TypeVersion) is { } type && type.Key == record.Type)
            {
                var status = await statusLists.GetAsync(decoded.Payload.Status);
                licences.Add(new WalletLicence(record.Id, type.Key, type.NameZh, type.NameEn, StatusName(status), decoded.Payload.Issuer.AuthorityName,
                    decoded.Payload.ValidFrom, decoded.Payload.ValidUntil, type.PresentedByDefault, type.Fields.Where(f => decoded.Payload.Fields.ContainsKey(f.Key)).Select(f => new WalletField(f.Key, f.LabelZh, f.NameEn)).ToList(),
                    LicenceLinks.For(record.Id)));
            }
        }

        return TypedResults.Ok(licences);
    }

    private static string StatusName(LicenceStatus status) => status switch
    {
        LicenceStatus.Revoked => "revoked",
        LicenceStatus.Suspended => "suspended",
        _ => "valid",
    };

    private static async Task<Results<Created<Presentation>, ProblemHttpResult>> Present(string id, HttpRequest request, ClaimsPrincipal user, PresentationIssuer presentations)
    {
        var (body, problem) = request.ContentLength is null or 0 && !request.HasJsonContentType()
            ? (new PresentationRequest(null), null)
            : await RequestBody.ReadAsync<PresentationRequest>(request, 4_096, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return TypedResults.Problem(problem);
        }

        var (presentation, refused) = await presentations.PresentAsync(id, user.FindFirst("sub")?.Value ?? "", body!.Fields);
        return presentation is not null ? TypedResults.Created((string?)null, presentation) : TypedResults.Problem(refused!);
    }
}

/// <summary>Which fields to show; absent: the type's default.</summary>
public sealed record PresentationRequest(IReadOnlyList<string>? Fields);

/// <summary>A licence as the wallet lists it (no ID number, no field values: the list is a table of contents).</summary>
public sealed record WalletLicence(
    string Id, string Type, string TypeName, string TypeNameEn, string Status, string Authority, DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil,
    IReadOnlyList<string> PresentedByDefault, IReadOnlyList<WalletField> Fields, LicenceLinks Links);

/// <summary>A field the licence has, with its labels (the wallet shows values from the licence itself).</summary>
public sealed record WalletField(string Key, string LabelZh, string LabelEn);
