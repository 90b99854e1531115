using System.Globalization;

namespace ELicense.LicenseService.Commands;

/// <summary>The arguments of <see cref="ImportCommand"/>, parsed strictly: every problem is one line for the user.</summary>
internal static class ImportOptions
{
    public sealed record Options(string File, string? Authority, bool Resume, string? Result, int LinesPerRequest, Uri Url, string Token);

    public static (Options Options, string? Problem) Parse(string[] arguments)
    {
        var url = CliDefaults.Url;
        var token = CliDefaults.Token;
        string? file = null, authority = null, result = null, problem = null;
        var (resume, perRequest) = (false, 2_000);
        for (var i = 0; i < arguments.Length && problem is null; i++)
        {
            switch (arguments[i])
            {
                case "--resume": resume = true; break;
                case "--authority" when i + 1 < arguments.Length: authority = arguments[++i]; break;
                case "--result" when i + 1 < arguments.Length: result = arguments[++i]; break;
                case "--url" when i + 1 < arguments.Length: url = arguments[++i]; break;
                case "--token" when i + 1 < arguments.Length: token = arguments[++i]; break;
                case "--lines-per-request" when i + 1 < arguments.Length:
                    problem = int.TryParse(arguments[++i], NumberStyles.None, CultureInfo.InvariantCulture, out perRequest) && perRequest is >= 1 and <= 100_000
                        ? null : "--lines-per-request takes a number from 1 to 100000";
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal): problem = $"unknown or incomplete option {option}"; break;
                default:
                    problem = file is null ? null : $"unexpected '{arguments[i]}'";
                    file ??= arguments[i];
                    break;
            }
        }

        problem ??= file is null ? "the file to import is required" : token.Length == 0 ? "a token is required: --token or ELICENSE_TOKEN" : null;
        problem ??= Uri.TryCreate(url, UriKind.Absolute, out _) ? null : $"--url {url} is not an absolute URL";
        return (new Options(file ?? "", authority, resume, result, perRequest, problem is null ? new Uri(url) : new Uri("http://127.0.0.1"), token), problem);
    }
}
