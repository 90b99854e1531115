using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Configuration;

/// <summary>The rules of the rate-limit settings, reported at start-up with the setting's name.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    private const int MostPerSecond = 1_000_000;
    private const int MostBurst = 60 * MostPerSecond;

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var problems = new List<string>();
        if (options.AnonymousPerSecond is < 1 or > MostPerSecond)
        {
            problems.Add($"RateLimits:AnonymousPerSecond must lie between 1 and {MostPerSecond} (it is {options.AnonymousPerSecond}).");
        }

        if (options.AnonymousBurst < options.AnonymousPerSecond || options.AnonymousBurst > MostBurst)
        {
            problems.Add($"RateLimits:AnonymousBurst must be at least RateLimits:AnonymousPerSecond and at most {MostBurst} (it is {options.AnonymousBurst}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
