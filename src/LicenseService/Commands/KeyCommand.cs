using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ELicense.LicenseService.Commands;

/// <summary>
/// <c>keys list | rotate --family SM2|RSA [--at TIME] | revoke KID --reason TEXT [--compromised-at TIME] | audit [--count N]
/// | reissue-status [KID] [--watch]</c>,
/// each with <c>[--url URL] [--token TOKEN] [--json]</c>: key administration through the running
/// service's admin API, so that the CLI goes through the same authorisation, validation and audit
/// log as any administrator (the audit records the token's subject). The token comes from
/// <c>--token</c> or <c>ELICENSE_TOKEN</c>, the address from <c>--url</c> or <c>ELICENSE_URL</c>
/// (default http://127.0.0.1:5080). Exit codes: 0 done, 1 refused by the service (one line, English
/// and Chinese), 2 service unreachable or failing, 3 usage error.
/// </summary>
public static class KeyCommand
{
    public const string Usage =
        "usage: keys list | rotate --family SM2|RSA [--at <ISO time>] | revoke <kid> --reason <text> [--compromised-at <ISO time>] | audit [--count <n>]"
        + " | reissue-status [<kid>] [--watch]"
        + "  [--url <service>] [--token <admin token>] [--json]";

    public static async Task<int> RunAsync(string[] arguments, TextWriter output, TextWriter error, HttpMessageHandler? handler = null)
    {
        Parsed parsed;
        try
        {
            parsed = Parse(arguments);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"error: {e.Message}{Environment.NewLine}{Usage}");
            return 3;
        }

        using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.BaseAddress = parsed.Url;
        client.Timeout = TimeSpan.FromSeconds(120);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", parsed.Token);
        if (parsed.Verb == "reissue-status")
        {
            return await ReissueProgress.RunAsync(client, parsed.Url, parsed.Kid, parsed.Watch, parsed.Json, output, error);
        }

        HttpResponseMessage response;
        try
        {
            response = parsed.Verb switch
            {
                "list" => await client.GetAsync("/api/v1/keys"),
                "audit" => await client.GetAsync($"/api/v1/keys/audit?count={parsed.Count}"),
                "rotate" => await client.PostAsJsonAsync("/api/v1/keys/rotations", new { family = parsed.Family, activateAt = parsed.At }),
                _ => await client.PostAsJsonAsync($"/api/v1/keys/{Uri.EscapeDataString(parsed.Kid!)}/revoke", new { reason = parsed.Reason, compromisedAt = parsed.At }),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"error: cannot reach LicenseService at {parsed.Url}: {e.Message}");
            return 2;
        }

        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            return await CliDefaults.RefusedAsync(error, response, body);
        }

        await output.WriteLineAsync(parsed.Json ? body : Describe(parsed.Verb, body));
        return 0;
    }

    private static string Describe(string verb, string body)
    {
        var root = JsonDocument.Parse(body).RootElement;
        static string Time(JsonElement key, string name) =>
            key.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
        static string Line(JsonElement k) =>
            $"{k.GetProperty("kid").GetString()}  {k.GetProperty("family").GetString(),-3}  {k.GetProperty("purpose").GetString(),-17}  {k.GetProperty("state").GetString(),-8}"
            + $"  created {Time(k, "createdAt")}  signs {(k.GetProperty("state").GetString() == "pending" ? "from " + Time(k, "activateAt") : Time(k, "activatedAt") + " to " + Time(k, "retiredAt"))}"
            + $"  certificate until {Time(k, "notAfter")}"
            + (k.GetProperty("state").GetString() == "revoked" ? $"  compromised {Time(k, "compromisedAt")}  reason {k.GetProperty("revocationReason").GetString()}" : "");
        return verb switch
        {
            "list" => string.Join(Environment.NewLine, root.GetProperty("keys").EnumerateArray().Select(Line).Prepend($"key set {root.GetProperty("sequence").GetInt64()}")),
            "audit" => string.Join(Environment.NewLine, root.EnumerateArray().Select(a =>
                $"{Time(a, "at")}  {a.GetProperty("action").GetString(),-10} {a.GetProperty("kid").GetString()}  {a.GetProperty("family").GetString(),-3}  by {a.GetProperty("by").GetString()}: {a.GetProperty("detail").GetString()}")),
            _ => Line(root),
        };
    }

    private static Parsed Parse(string[] arguments)
    {
        if (arguments.Length == 0 || arguments[0] is not ("list" or "rotate" or "revoke" or "audit" or "reissue-status"))
        {
            throw new ArgumentException("a command is required: list, rotate, revoke, audit or reissue-status.");
        }

        var parsed = new Parsed
        {
            Verb = arguments[0],
            Url = new Uri(CliDefaults.Url),
            Token = CliDefaults.Token,
        };
        var i = 1;
        if (parsed.Verb == "revoke")
        {
            parsed.Kid = i < arguments.Length && !arguments[i].StartsWith("--", StringComparison.Ordinal) ? arguments[i++] : throw new ArgumentException("revoke needs the kid of the key.");
        }
        else if (parsed.Verb == "reissue-status" && i < arguments.Length && !arguments[i].StartsWith("--", StringComparison.Ordinal))
        {
            parsed.Kid = arguments[i++];
        }

        for (; i < arguments.Length; i++)
        {
            if (arguments[i] == "--json")
            {
                parsed.Json = true;
                continue;
            }

            if (arguments[i] == "--watch" && parsed.Verb == "reissue-status")
            {
                parsed.Watch = true;
                continue;
            }

            var value = i + 1 < arguments.Length ? arguments[++i] : throw new ArgumentException($"{arguments[i]} needs a value.");
            switch (arguments[i - 1])
            {
                case "--url" when Uri.TryCreate(value, UriKind.Absolute, out var uri): parsed.Url = uri; break;
                case "--token": parsed.Token = value; break;
                case "--family" when parsed.Verb == "rotate": parsed.Family = value; break;
                case "--reason" when parsed.Verb == "revoke": parsed.Reason = value; break;
                case "--at" when parsed.Verb == "rotate":
                case "--compromised-at" when parsed.Verb == "revoke":
                    parsed.At = DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                        ? at : throw new ArgumentException($"{arguments[i - 1]} '{value}' is not a time (e.g. 2026-12-01T08:00:00+08:00).");
                    break;
                case "--count" when parsed.Verb == "audit" && int.TryParse(value, out var count): parsed.Count = count; break;
                default: throw new ArgumentException($"unknown or bad option {arguments[i - 1]} {value} for {parsed.Verb}.");
            }
        }

        if (parsed.Token.Length == 0)
        {
            throw new ArgumentException("an admin token is required: --token or ELICENSE_TOKEN.");
        }

        return parsed.Verb switch
        {
            "rotate" when parsed.Family is null => throw new ArgumentException("rotate needs --family SM2 or RSA."),
            "revoke" when parsed.Reason is null => throw new ArgumentException("revoke needs --reason."),
            _ => parsed,
        };
    }

    private sealed class Parsed
    {
        public required string Verb { get; init; }

        public required Uri Url { get; set; }

        public required string Token { get; set; }

        public bool Json { get; set; }

        public bool Watch { get; set; }

        public string? Kid { get; set; }

        public string? Family { get; set; }

        public string? Reason { get; set; }

        public DateTimeOffset? At { get; set; }

        public int Count { get; set; } = 100;
    }
}
