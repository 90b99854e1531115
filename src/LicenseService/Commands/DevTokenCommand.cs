using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Configuration;

namespace ELicense.LicenseService.Commands;

/// <summary>
/// <c>token --sub S --role R[,R] [--types T[,T]] [--authority CODE] [--minutes N] [--audience A]</c>: prints a development
/// bearer token for this service's configuration (section <c>DevTokens</c>, present only in
/// development); <c>--audience elicense-verifier --role verifier</c> makes one for a development Verifier.
/// Exit codes: 0 printed, 3 usage or set-up error (one line on stderr).
/// </summary>
public static class DevTokenCommand
{
    private const string Usage = "usage: token --sub <subject> --role <issuer|admin|citizen|verifier>[,...] [--types <id-card,...>] [--authority <credit code>] [--minutes <1-1440>] [--audience <aud>]";

    /// <summary>Roles a development token may carry: this service's and the Verifier's.</summary>
    private static readonly string[] KnownRoles = [.. Roles.All, "verifier"];

    public static int Run(string[] arguments)
    {
        try
        {
            var options = Parse(arguments);
            var builder = WebApplication.CreateBuilder();
            var configuration = builder.Configuration;
            var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
            var section = configuration.GetSection("DevTokens");
            if (!section.Exists())
            {
                return Fail("development tokens are not configured here (section DevTokens; set ASPNETCORE_ENVIRONMENT=Development).");
            }

            string Path(string key) => ContentPaths.Resolve(builder.Environment, section[key] ?? throw new ArgumentException($"DevTokens:{key} is missing."));
            var claims = new Dictionary<string, object> { ["sub"] = options.Subject, ["role"] = options.Roles };
            if (options.Types.Length > 0)
            {
                claims[Auth.Caller.LicenceTypesClaim] = options.Types;
            }

            if (options.Authority is not null)
            {
                claims[Auth.Caller.AuthorityClaim] = options.Authority;
            }

            Console.WriteLine(DevTokens.Create(
                File.ReadAllText(Path("CertificatePath")), File.ReadAllText(Path("KeyPath")), File.ReadAllText(Path("PasswordFile")).Trim(),
                auth.Issuer, options.Audience ?? auth.Audience, claims, TimeSpan.FromMinutes(options.Minutes), DateTimeOffset.UtcNow));
            return 0;
        }
        catch (ArgumentException e)
        {
            return Fail(e.Message + Environment.NewLine + Usage);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            return Fail("cannot read the development token key: " + e.Message);
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return 3;
    }

    private static (string Subject, string[] Roles, string[] Types, int Minutes, string? Audience, string? Authority) Parse(string[] arguments)
    {
        string? audience = null;
        string? authority = null;
        string? subject = null;
        string[] roles = [];
        string[] types = [];
        var minutes = 60;
        for (var i = 0; i < arguments.Length; i += 2)
        {
            var value = i + 1 < arguments.Length ? arguments[i + 1] : throw new ArgumentException($"{arguments[i]} needs a value.");
            switch (arguments[i])
            {
                case "--sub": subject = value; break;
                case "--role": roles = value.Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                case "--types": types = value.Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                case "--audience": audience = value; break;
                case "--authority": authority = value; break;
                case "--minutes" when int.TryParse(value, out var m) && m is >= 1 and <= 1440: minutes = m; break;
                default: throw new ArgumentException($"unknown or bad option {arguments[i]} {value}.");
            }
        }

        if (string.IsNullOrWhiteSpace(subject) || roles.Length == 0 || roles.Any(r => !KnownRoles.Contains(r)))
        {
            throw new ArgumentException("--sub and --role (issuer, admin, citizen or verifier) are required.");
        }

        return (subject, roles, types, minutes, audience, authority);
    }
}
