using System.Security.Claims;
using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Catalogue;
using ELicense.LicenseService.Issuance;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ELicense.LicenseService.Endpoints;

/// <summary>
/// The province's issuing authorities (DESIGN §12, docs/catalogue.md): listed for issuers and admins, registered by admins.
/// A registration that cannot be made answers 400 with every field error and stores nothing.
/// </summary>
public static class AuthorityEndpoints
{
    public static IEndpointRouteBuilder MapAuthorityEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/authorities").WithTags("Authorities");
        group.MapGet("", List).RequireAuthorization(AuthSetup.ReaderPolicy).WithSummary("The province's issuing authorities (发证机关)");
        group.MapPost("", Add).RequireAuthorization(AuthSetup.AdminPolicy).WithSummary("Register an issuing authority (登记发证机关)")
            .ProducesProblem(400).ProducesProblem(413);
        return app;
    }

    private static async Task<Ok<List<IssuingAuthority>>> List(AuthorityRegistry registry)
        => TypedResults.Ok((await registry.GetAsync()).Values.OrderBy(a => a.Code == registry.Default.Code ? 0 : 1).ThenBy(a => a.Region).ThenBy(a => a.Code).ToList());

    private static async Task<Results<Created<IssuingAuthority>, Ok<IssuingAuthority>, ProblemHttpResult>> Add(HttpRequest request, ClaimsPrincipal user, AuthorityRegistry registry)
    {
        var (body, problem) = await RequestBody.ReadAsync<IssuingAuthority>(request, 8_192, request.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return TypedResults.Problem(problem);
        }

        var (created, errors) = await registry.AddAsync(body!, Caller.From(user).Subject);
        if (errors.Count > 0)
        {
            return TypedResults.Problem(HttpProblems.Validation(errors));
        }

        return created ? TypedResults.Created($"/api/v1/authorities/{body!.Code}", body) : TypedResults.Ok(body);
    }
}
