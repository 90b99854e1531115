using System.Security.Claims;
using System.Text.Json;
using ELicense.Core.Licenses;
using ELicense.Hosting;
using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService.Endpoints;

/// <summary>
/// <c>POST /api/v1/store/checks[?repair=true][&amp;from=POSITION]</c> (role admin): runs <see cref="StoreCheck"/> and
/// streams its reports as NDJSON, one line about every second (<c>Storage:CheckReportMilliseconds</c>), the last with <c>done: true</c>. The run is in the
/// audit log with the administrator's subject. A client that goes away stops the check; everything it
/// repaired stays repaired, and a rerun with the <c>resume</c> of its last report goes on from there (400 with a
/// field error on <c>from</c> for a position this store's service did not hand out, or of the other mode).
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

    private static async Task Check(HttpContext context, ClaimsPrincipal user, StoreCheck check, AuditLog audit, TimeProvider time, bool repair = false, string? from = null)
    {
        StoreCheckPosition? position = null;
        if (from is not null && !check.TryResume(from, repair, out position, out var reason))
        {
            await TypedResults.Problem(HttpProblems.Validation([new FieldError("from", "invalid_position",
                $"from: {reason}. Use the 'resume' of a report of this store's checks, or start over without from.",
                "from 不是本库数据检查给出的续查位置（被改动、不完整或来自其他库，或检查模式不同）。请使用本库检查报告中的 resume，或不带 from 重新开始。")])).ExecuteAsync(context);
            return;
        }

        if (position is not null && await check.StaleAsync(position) is { } stale)
        {
            await TypedResults.Problem(HttpProblems.Create(StatusCodes.Status409Conflict, "position-stale", "The position is stale.", "续查位置已失效。",
                $"from: {stale}.", "自该位置以来存储主节点已变化（故障切换、槽迁移或重启），游标已失效；请从头重新运行检查。",
                [new FieldError("from", "stale", $"from: {stale}.", "续查位置已失效，请从头重新运行检查。")])).ExecuteAsync(context);
            return;
        }

        var caller = Caller.From(user);
        await audit.AppendAsync(new AuditRecord(time.GetUtcNow(), caller.Subject, "store-check", (repair ? "repair" : "report") + (position is null ? "" : " resumed"), position?.ToString() ?? ""));
        context.Response.ContentType = "application/x-ndjson; charset=utf-8";
        await foreach (var progress in check.RunAsync(repair, position, context.RequestAborted))
        {
            await JsonSerializer.SerializeAsync(context.Response.Body, progress, ApiJson.Options, context.RequestAborted);
            await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }
}
