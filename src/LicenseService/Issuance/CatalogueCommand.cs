using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ELicense.LicenseService.Issuance;

/// <summary>
/// <c>catalogue list | show KEY | add FILE</c>, each with <c>[--url URL] [--token TOKEN] [--json]</c>: the catalogue
/// through the running service's API (docs/catalogue.md), so the CLI goes through the same authorisation, validation
/// and audit as the API. Token and address as for <c>keys</c> (<c>ELICENSE_TOKEN</c>, <c>ELICENSE_URL</c>). Exit codes:
/// 0 done, 1 refused by the service (one line, English and Chinese, the first field error), 2 service unreachable or
/// failing, 3 usage error or unreadable file.
/// </summary>
public static class CatalogueCommand
{
    public const string Usage = "usage: catalogue list | show <key> | add <definition.json>  [--url <service>] [--token <token>] [--json]";

    public static async Task<int> RunAsync(string[] arguments, TextWriter output, TextWriter error)
    {
        var (verb, operand, url, token, json, problem) = Parse(arguments);
        byte[]? body = null;
        if (problem is null && verb == "add")
        {
            try
            {
                body = await File.ReadAllBytesAsync(operand!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem = $"cannot read {operand}: {e.Message}";
            }
        }

        if (problem is not null)
        {
            await error.WriteLineAsync($"error: {problem}{Environment.NewLine}{Usage}");
            return 3;
        }

        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = verb switch
            {
                "list" => await client.GetAsync("/api/v1/catalogue/types"),
                "show" => await client.GetAsync($"/api/v1/catalogue/types/{Uri.EscapeDataString(operand!)}"),
                _ => await client.PostAsync("/api/v1/catalogue/types", new ByteArrayContent(body!) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"error: cannot reach LicenseService at {url}: {e.Message}");
            return 2;
        }

        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            await error.WriteLineAsync("error: " + Keys.KeyCommand.Refusal((int)response.StatusCode, text));
            return (int)response.StatusCode is >= 400 and < 500 ? 1 : 2;
        }

        await output.WriteLineAsync(json ? text : Describe(verb, text, response.StatusCode == System.Net.HttpStatusCode.Created));
        return 0;
    }

    private static string Describe(string verb, string body, bool created)
    {
        var root = JsonDocument.Parse(body).RootElement;
        if (verb == "add")
        {
            return $"{(created ? "added" : "already there")}: {Line(root)}";
        }

        var lines = new StringBuilder();
        foreach (var type in root.GetProperty("types").EnumerateArray())
        {
            lines.AppendLine(Line(type));
        }

        return lines.ToString().TrimEnd();
    }

    private static string Line(JsonElement type) =>
        $"{type.GetProperty("key").GetString(),-28} {type.GetProperty("code").GetString()} v{type.GetProperty("version").GetInt32(),-3} "
        + $"{type.GetProperty("name").GetProperty("zh").GetString()} ({type.GetProperty("name").GetProperty("en").GetString()}), {type.GetProperty("fields").GetArrayLength()} fields";

    private static (string Verb, string? Operand, Uri Url, string Token, bool Json, string? Problem) Parse(string[] arguments)
    {
        var url = Environment.GetEnvironmentVariable("ELICENSE_URL") is { Length: > 0 } configured ? configured : "http://127.0.0.1:5080";
        var token = Environment.GetEnvironmentVariable("ELICENSE_TOKEN") ?? "";
        var json = false;
        var positional = new List<string>();
        for (var i = 0; i < arguments.Length; i++)
        {
            switch (arguments[i])
            {
                case "--json": json = true; break;
                case "--url" when i + 1 < arguments.Length: url = arguments[++i]; break;
                case "--token" when i + 1 < arguments.Length: token = arguments[++i]; break;
                case var option when option.StartsWith("--", StringComparison.Ordinal): return ("", null, new Uri("http://127.0.0.1"), "", false, $"unknown or incomplete option {option}");
                default: positional.Add(arguments[i]); break;
            }
        }

        var verb = positional.FirstOrDefault() ?? "";
        string? problem = (verb, positional.Count) switch
        {
            ("list", 1) => null,
            ("show" or "add", 2) => null,
            _ => "expected one of: list, show <key>, add <file>",
        };
        problem ??= token.Length == 0 ? "a token is required: --token or ELICENSE_TOKEN" : null;
        problem ??= Uri.TryCreate(url, UriKind.Absolute, out _) ? null : $"--url {url} is not an absolute URL";
        return (verb, positional.ElementAtOrDefault(1), problem is null ? new Uri(url) : new Uri("http://127.0.0.1"), token, json, problem);
    }
}
