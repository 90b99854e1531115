using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ELicense.LicenseService.Commands;

/// <summary>
/// <c>catalogue list | show KEY | add FILE</c> and <c>authorities list | add FILE</c>, each with <c>[--url URL] [--token TOKEN] [--json]</c>: the catalogue
/// and the issuing authorities through the running service's API (docs/catalogue.md), so the CLI goes through the same authorisation, validation
/// and audit as the API. Token and address as for <c>keys</c> (<c>ELICENSE_TOKEN</c>, <c>ELICENSE_URL</c>). Exit codes:
/// 0 done, 1 refused by the service (one line, English and Chinese, the first field error), 2 service unreachable or
/// failing, 3 usage error or unreadable file.
/// </summary>
public static class CatalogueCommand
{
    public const string Usage = "usage: catalogue list | show <key> | add <definition.json>  [--url <service>] [--token <token>] [--json]";

    public const string AuthoritiesUsage = "usage: authorities list | add <authority.json>  [--url <service>] [--token <token>] [--json]";

    /// <param name="arguments">The arguments after the command word.</param>
    /// <param name="output">Where answers go.</param>
    /// <param name="error">Where refusals go.</param>
    /// <param name="authorities">The <c>authorities</c> command rather than <c>catalogue</c>.</param>
    public static async Task<int> RunAsync(string[] arguments, TextWriter output, TextWriter error, bool authorities = false)
    {
        var route = authorities ? "/api/v1/authorities" : "/api/v1/catalogue/types";
        var usage = authorities ? AuthoritiesUsage : Usage;
        var (verb, operand, url, token, json, problem) = Parse(arguments);
        problem ??= authorities && verb == "show" ? "expected one of: list, add <file>" : null;
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
            await error.WriteLineAsync($"error: {problem}{Environment.NewLine}{usage}");
            return 3;
        }

        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = verb switch
            {
                "list" => await client.GetAsync(route),
                "show" => await client.GetAsync($"{route}/{Uri.EscapeDataString(operand!)}"),
                _ => await client.PostAsync(route, new ByteArrayContent(body!) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }),
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
            return await CliDefaults.RefusedAsync(error, response, text);
        }

        var created = response.StatusCode == System.Net.HttpStatusCode.Created;
        await output.WriteLineAsync(json ? text : authorities ? DescribeAuthorities(verb, text, created) : Describe(verb, text, created));
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

    private static string DescribeAuthorities(string verb, string body, bool created)
    {
        var root = JsonDocument.Parse(body).RootElement;
        static string Line(JsonElement a) => $"{a.GetProperty("code").GetString()} {a.GetProperty("region").GetString()} {a.GetProperty("name").GetString()}";
        return verb == "add"
            ? $"{(created ? "registered" : "already there")}: {Line(root)}"
            : string.Join(Environment.NewLine, root.EnumerateArray().Select(Line));
    }

    private static string Line(JsonElement type) =>
        $"{type.GetProperty("key").GetString(),-28} {type.GetProperty("code").GetString()} v{type.GetProperty("version").GetInt32(),-3} "
        + $"{type.GetProperty("name").GetProperty("zh").GetString()} ({type.GetProperty("name").GetProperty("en").GetString()}), {type.GetProperty("fields").GetArrayLength()} fields";

    private static (string Verb, string? Operand, Uri Url, string Token, bool Json, string? Problem) Parse(string[] arguments)
    {
        var url = CliDefaults.Url;
        var token = CliDefaults.Token;
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
