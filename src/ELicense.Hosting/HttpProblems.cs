using ELicense.Core.Licenses;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ELicense.Hosting;

/// <summary>
/// RFC 9457 Problem Details as both services answer them: <c>type</c> <c>urn:elicense:problem:&lt;code&gt;</c>,
/// an English <c>title</c>/<c>detail</c>, their Chinese <c>titleZh</c>/<c>detailZh</c>, and for bad
/// input the list of every bad field (<c>errors</c>: field, code, message, messageZh).
/// </summary>
public static class HttpProblems
{
    private const string TypeBase = "urn:elicense:problem:";

    public static ProblemDetails Create(int status, string code, string title, string titleZh, string detail, string detailZh, IReadOnlyList<FieldError>? errors = null)
    {
        var problem = new ProblemDetails
        {
            Type = TypeBase + code,
            Status = status,
            Title = title,
            Detail = detail,
        };
        problem.Extensions["titleZh"] = titleZh;
        problem.Extensions["detailZh"] = detailZh;
        if (errors is { Count: > 0 })
        {
            problem.Extensions["errors"] = errors.Select(e => new Dictionary<string, string>
            {
                ["field"] = e.Field, ["code"] = e.Code, ["message"] = e.Message, ["messageZh"] = e.MessageZh,
            }).ToList();
        }

        return problem;
    }

    public static ProblemDetails Validation(IReadOnlyList<FieldError> errors) => Create(
        StatusCodes.Status400BadRequest, "validation", "The request has invalid fields.", "请求中有字段不合规。",
        $"{errors.Count} field(s) are invalid; see errors.", $"共 {errors.Count} 处字段有误，见 errors。", errors);

    public static ProblemDetails Forbidden(IReadOnlyList<FieldError> errors) => Create(
        StatusCodes.Status403Forbidden, "forbidden", "The token does not allow this.", "令牌无此权限。",
        errors.Count > 0 ? errors[0].Message : "The token's roles do not allow this request.", errors.Count > 0 ? errors[0].MessageZh : "令牌的角色不允许此操作。", errors);

    public static ProblemDetails Unauthorized(string detail) => Create(
        StatusCodes.Status401Unauthorized, "unauthorized", "A valid bearer token is required.", "需要有效的访问令牌。",
        detail, "令牌缺失、已过期或签名无效。");

    public static ProblemDetails TooLarge(long limit) => Create(
        StatusCodes.Status413PayloadTooLarge, "too-large", "The request body is too large.", "请求体过大。",
        $"The body may have at most {limit} bytes.", $"请求体不得超过 {limit} 字节。");
}
