using ELicense.Core.Licenses;
using ELicense.LicenseService.Issuance;
using ELicense.LicenseService.Storage;

namespace ELicense.LicenseService.Endpoints;

/// <summary>The store failed under a chunk: what its last line tells the client, with the line ranges actually stored.</summary>
internal sealed class BatchAbortedException((long Line, IssueRequest? Request, FieldError? Error)[] chunk, IssueStoreException failure) : Exception(failure.Message, failure)
{
    public FieldError Error
    {
        get
        {
            var (stored, missing, unknown) = (new List<long>(), new List<long>(), new List<long>());
            var request = 0;
            foreach (var (line, parsed, _) in chunk.Where(c => c.Request is not null))
            {
                (failure.Stored(request++) switch { true => stored, false => missing, null => unknown }).Add(line);
            }

            var (first, last) = (chunk[0].Line, chunk[^1].Line);
            var keyless = failure.InnerException is Keys.NoSigningKeyException;
            var en = (keyless ? "No signing key is active at this moment (a revoked key is being replaced)." : "The store failed.") + $" Lines before {first} are answered above. Of lines {first}–{last}, which were being stored: "
                     + $"stored {LineRanges.Format(stored)}; not stored {LineRanges.Format(missing)}"
                     + (unknown.Count > 0 ? $"; not known {LineRanges.Format(unknown)}" : "")
                     + $". No line after {last} was issued. Rerun the same file with the same Idempotency-Key: stored lines come back as replayed, the rest are issued, none twice.";
            var zh = (keyless ? "当前没有可用的签名密钥（被吊销的密钥正在替换）。" : "证照库故障。") + $"第 {first} 行之前的各行已在上文答复。正在存储的第 {first}–{last} 行中：已存储 {LineRanges.Format(stored)}；未存储 {LineRanges.Format(missing)}"
                     + (unknown.Count > 0 ? $"；无法确定 {LineRanges.Format(unknown)}" : "")
                     + $"。第 {last} 行之后均未签发。请使用相同的幂等键重跑同一文件：已存储的行返回 replayed，其余行签发，不会重复。";
            return new FieldError("$", keyless ? "no-signing-key" : "store-unavailable", en, zh);
        }
    }
}

/// <summary>Line numbers as ranges, e.g. <c>1–3, 7</c>; <c>none</c> for none.</summary>
internal static class LineRanges
{
    public static string Format(IReadOnlyList<long> lines)
    {
        if (lines.Count == 0)
        {
            return "none";
        }

        var parts = new List<string>();
        var start = lines[0];
        for (var i = 1; i <= lines.Count; i++)
        {
            if (i == lines.Count || lines[i] != lines[i - 1] + 1)
            {
                parts.Add(start == lines[i - 1] ? $"{start}" : $"{start}–{lines[i - 1]}");
                start = i < lines.Count ? lines[i] : 0;
            }
        }

        return string.Join(", ", parts);
    }
}
