using ELicense.Core.Licenses;
using ELicense.Verifier.Verification;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace ELicense.Verifier.Endpoints;

/// <summary>
/// Reads a verification request: JSON <c>{ "qr", "purpose" }</c>, or <c>multipart/form-data</c> with
/// a <c>purpose</c> field and either a <c>file</c> (a picture of a QR code or a licence PDF) or a
/// <c>qr</c> field. Anything else, too large or malformed, is a Problem Details answer naming the field.
/// </summary>
public static class VerifyRequestReader
{
    public const int MaxJsonBytes = 16_384;
    public const int MaxUploadBytes = 10 * 1024 * 1024;
    public const int MaxTextLength = 8_192;
    public const int MaxPurposeLength = 100;

    /// <summary>Whether the request is a form too large (or of unknown length) to be a QR text and a purpose: a
    /// picture or a PDF, as far as can be told before the body is read.</summary>
    public static bool IsUpload(HttpRequest request) =>
        request.HasFormContentType && request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true
        && request.ContentLength is not (>= 0 and <= MaxJsonBytes);

    public static async Task<(VerificationInput? Input, string Purpose, ProblemDetails? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasJsonContentType())
        {
            var (body, problem) = await RequestBody.ReadAsync<VerifyRequest>(request, MaxJsonBytes, cancellationToken);
            return problem is not null ? (null, "", problem) : Check(body!.Qr, null, body.Purpose);
        }

        if (!request.HasFormContentType || request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
        {
            return (null, "", HttpProblems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "The body must be JSON or multipart/form-data.", "请求体须为 JSON 或 multipart/form-data。",
                $"Content type '{request.ContentType}' is not accepted: send {{\"qr\", \"purpose\"}} as JSON, or a form with purpose and file.",
                $"不接受内容类型“{request.ContentType}”：请以 JSON 提交 qr 和 purpose，或以表单提交 purpose 和 file。"));
        }

        if (request.ContentLength > MaxUploadBytes)
        {
            return (null, "", HttpProblems.TooLarge(MaxUploadBytes));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxUploadBytes + 64 * 1024;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions
            {
                MultipartBodyLengthLimit = MaxUploadBytes,
                ValueCountLimit = 16,
                ValueLengthLimit = MaxTextLength,
                KeyLengthLimit = 100,
            }, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return (null, "", e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || e.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase)
                ? HttpProblems.TooLarge(MaxUploadBytes)
                : HttpProblems.Validation([new FieldError("$", "multipart", "The form is malformed: " + e.Message, "表单格式错误。")]));
        }

        var file = form.Files.GetFile("file");
        byte[]? bytes = null;
        if (file is not null)
        {
            if (file.Length > MaxUploadBytes)
            {
                return (null, "", HttpProblems.TooLarge(MaxUploadBytes));
            }

            bytes = new byte[file.Length];
            await using var stream = file.OpenReadStream();
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }

        return Check(form["qr"].FirstOrDefault(), bytes, form["purpose"].FirstOrDefault());
    }

    private static (VerificationInput? Input, string Purpose, ProblemDetails? Problem) Check(string? qr, byte[]? file, string? rawPurpose)
    {
        var errors = new List<FieldError>();
        var purpose = rawPurpose?.Trim() ?? "";
        if (purpose.Any(char.IsControl))
        {
            // The purpose goes into the usage trace: no line breaks or escape codes in a log record.
            errors.Add(new FieldError("purpose", "format", "The purpose may not contain control characters (line breaks, tabs, escapes).", "用证事由不得包含换行、制表符等控制字符。"));
        }
        else if (purpose.Length is 0 or > MaxPurposeLength)
        {
            errors.Add(new FieldError("purpose", purpose.Length == 0 ? "required" : "too_long",
                $"The purpose of the check (1 to {MaxPurposeLength} characters) is required.", $"须填写 1 至 {MaxPurposeLength} 个字的用证事由。"));
        }

        VerificationInput? input = null;
        if (file is not null && !string.IsNullOrEmpty(qr))
        {
            errors.Add(new FieldError("file", "ambiguous", "Give either a QR text or a file, not both.", "二维码内容与文件只能提供其一。"));
        }
        else if (file is not null)
        {
            input = file.Length == 0 ? null : VerificationInput.FromFile(file);
            if (input is null)
            {
                return (null, purpose, HttpProblems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-file",
                    "The file is neither a picture nor a PDF.", "文件既不是图片也不是 PDF。",
                    "Upload a photo or screenshot of the QR code (JPEG, PNG, WebP, GIF, BMP) or the licence PDF.",
                    "请上传二维码的照片或截图（JPEG、PNG、WebP、GIF、BMP）或电子证照 PDF。",
                    [new FieldError("file", "unsupported", "The file is neither a picture nor a PDF.", "文件既不是图片也不是 PDF。")]));
            }
        }
        else if (string.IsNullOrEmpty(qr) || qr.Length > MaxTextLength)
        {
            errors.Add(new FieldError("qr", string.IsNullOrEmpty(qr) ? "required" : "too_long",
                $"The QR text (1 to {MaxTextLength} characters) or a file is required.", $"须提供二维码内容（1 至 {MaxTextLength} 个字符）或文件。"));
        }
        else
        {
            input = new VerificationInput.Text(qr);
        }

        return errors.Count > 0 ? (null, purpose, HttpProblems.Validation(errors)) : (input, purpose, null);
    }
}

/// <summary>The JSON body of a verification: the scanned text and why it is checked.</summary>
public sealed record VerifyRequest(string? Qr, string? Purpose);
