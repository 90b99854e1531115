using System.Security.Claims;
using System.Text.Json;
using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService.Endpoints;

/// <summary>
/// <c>POST /api/v1/store/checks[?repair=true]</c> (role admin): runs <see cref="StoreCheck"/> and streams its
/// reports as NDJSON, one line at least every second, the last with <c>done: true</c>. The run is in the
/// audit log with the administrator's subject. A client that goes away stops the check; everything it
/// repaired stays repaired, and a rerun goes on.
/// </summary>
public static class StoreEndpoints
{
    public static IEndpointRouteBuilder MapStoreEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/store/checks", Check).WithTags("Store").RequireAuthorization(AuthSetup.AdminPolicy)
            .WithSummary("Check every licence record and its index entries; repair orphans and records of earlier versions with repair=true (数据检查)")
            .Produces(200, contentType: "application/x-ndjson");
        return app;
    }

    private static async Task Check(HttpContext context, ClaimsPrincipal user, StoreCheck check, AuditLog audit, TimeProvider time, bool repair = false)
    {
        var caller = Caller.From(user);
        await audit.AppendAsync(new AuditRecord(time.GetUtcNow(), caller.Subject, "store-check", repair ? "repair" : "report", ""));
        context.Response.ContentType = "application/x-ndjson; charset=utf-8";
        await foreach (var progress in check.RunAsync(repair, context.RequestAborted))
        {
            await JsonSerializer.SerializeAsync(context.Response.Body, progress, ApiJson.Options, context.RequestAborted);
            await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }
}
