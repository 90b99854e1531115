using ELicense.Verifier.Configuration;

namespace ELicense.Verifier.Offline;

/// <summary>The parsed command line.</summary>
internal sealed class CommandArguments
{
    public string Verb { get; private set; } = "";

    public string? Positional { get; private set; }

    public string? Trust { get; private set; }

    public string? Out { get; private set; }

    public bool Json { get; private set; }

    public List<string> Roots { get; } = [];

    public List<ProvinceSource> Provinces { get; } = [];

    public static CommandArguments Parse(string[] arguments)
    {
        var parsed = new CommandArguments();
        var rest = arguments switch
        {
            ["verify", .. var tail] => (parsed.Verb = "verify", tail).tail,
            ["trust", "fetch", .. var tail] => (parsed.Verb = "fetch", tail).tail,
            _ => throw new ArgumentException(VerifierCommand.Usage),
        };
        for (var i = 0; i < rest.Length; i++)
        {
            string Value() => i + 1 < rest.Length ? rest[++i] : throw new ArgumentException($"{rest[i]} needs a value\n{VerifierCommand.Usage}");
            switch (rest[i])
            {
                case "--trust" when parsed.Verb == "verify":
                    parsed.Trust = Value();
                    break;
                case "--json" when parsed.Verb == "verify":
                    parsed.Json = true;
                    break;
                case "--out" when parsed.Verb == "fetch":
                    parsed.Out = Value();
                    break;
                case "--province" when parsed.Verb == "fetch":
                    var value = Value();
                    var parts = value.Split('=', 2);
                    if (parts.Length != 2 || !Uri.TryCreate(parts[1], UriKind.Absolute, out _) || !Core.Identifiers.RegionCode.IsValid(parts[0]))
                    {
                        throw new ArgumentException($"--province wants <region>=<trust-list-url>, not '{value}'");
                    }

                    parsed.Provinces.Add(new ProvinceSource { Region = parts[0], TrustListUrl = parts[1] });
                    break;
                case "--root":
                    parsed.Roots.Add(Value());
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    throw new ArgumentException($"unknown option {option}\n{VerifierCommand.Usage}");
                default:
                    parsed.Positional = parsed.Positional is null && parsed.Verb == "verify" ? rest[i] : throw new ArgumentException($"unexpected argument '{rest[i]}'\n{VerifierCommand.Usage}");
                    break;
            }
        }

        return parsed;
    }
}
