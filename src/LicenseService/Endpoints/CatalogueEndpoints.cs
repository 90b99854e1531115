using System.Security.Claims;
using ELicense.Core.Licenses;
using ELicense.Core.Trust;
using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Catalogue;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Keys;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Endpoints;

/// <summary>
/// The catalogue (DESIGN §12, docs/catalogue.md): the signed catalogue document for verifiers,
/// anonymous and cacheable beside the trust list; the definitions as JSON for department systems;
/// and, for administrators, adding a province type or a new version of one. A definition that
/// cannot be added answers 400 with every field error and stores nothing.
/// </summary>
public static class CatalogueEndpoints
{
    /// <summary>The largest definition accepted (bytes).</summary>
    public const int MaxDefinitionBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapCatalogueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(ProvinceRoutes.Catalogue, GetDocument).WithTags("Catalogue").AllowAnonymous().RequireRateLimiting(RateLimits.AnonymousPolicy)
            .WithSummary("The province's signed catalogue of licence types (证照目录)").Produces(200, contentType: CatalogueDocumentCodec.Type).Produces(304).ProducesProblem(429);
        var types = app.MapGroup("/api/v1/catalogue/types").WithTags("Catalogue");
        types.MapGet("", List).RequireAuthorization(AuthSetup.ReaderPolicy).WithSummary("Every licence-type definition, every version (证照类型)");
        types.MapGet("/{key}", Versions).RequireAuthorization(AuthSetup.ReaderPolicy).WithSummary("Every version of one licence type").ProducesProblem(404);
        types.MapPost("", Add).RequireAuthorization(AuthSetup.AdminPolicy)
            .WithSummary("Add a province licence type, or the next version of one (新增证照类型)").Accepts<object>("application/json")
            .ProducesProblem(400).ProducesProblem(413);
        return app;
    }

    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult>> GetDocument(HttpContext context, CataloguePublisher publisher, IOptions<KeyOptions> options)
    {
        var published = await publisher.GetAsync();
        return TrustListEndpoints.SignedDocument(context, published.Bytes, published.ETag, published.Document.IssuedAt, CatalogueDocumentCodec.Type,
            options.Value.TrustListTimeToLive);
    }

    private static async Task<FileContentHttpResult> List(ProvinceCatalogue catalogue)
        => Json((await catalogue.GetAsync()).All);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Versions(string key, ProvinceCatalogue catalogue)
    {
        var current = await catalogue.GetAsync();
        var code = current.Find(key)?.Code;
        return code is null
            ? TypedResults.Problem(HttpProblems.Create(StatusCodes.Status404NotFound, "type-not-found", "No such licence type.", "没有该证照类型。",
                $"No licence type is named '{key}'.", $"没有名为“{key}”的证照类型。"))
            : Json(current.All.Where(t => t.Code == code));
    }

    private static async Task<Results<Created<System.Text.Json.JsonElement>, Ok<System.Text.Json.JsonElement>, ProblemHttpResult>> Add(
        HttpRequest request, ClaimsPrincipal user, ProvinceCatalogue catalogue)
    {
        var (body, problem) = await RequestBody.ReadBytesAsync(request, MaxDefinitionBytes, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return TypedResults.Problem(problem);
        }

        if (!CatalogueJson.TryReadType(body, out var type, out var errors))
        {
            return TypedResults.Problem(HttpProblems.Validation(errors));
        }

        var (created, refused) = await catalogue.AddAsync(type, Caller.From(user).Subject);
        if (refused.Count > 0)
        {
            return TypedResults.Problem(HttpProblems.Validation(refused));
        }

        var written = System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(CatalogueJson.WriteType(type));
        return created ? TypedResults.Created($"/api/v1/catalogue/types/{type.Key}", written) : TypedResults.Ok(written);
    }

    private static FileContentHttpResult Json(IEnumerable<LicenceType> types) => TypedResults.Bytes(CatalogueJson.Write(types), "application/json");
}
