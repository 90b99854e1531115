using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Configuration;

/// <summary>The rules between the key settings, reported at start-up with the setting's name.</summary>
public sealed class KeyOptionsValidator : IValidateOptions<KeyOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyOptions options)
    {
        var problems = options.Lifecycle.Problems().Select(p => $"Keys: {p}").ToList();
        if (string.IsNullOrWhiteSpace(options.KekFile) && options.Keks.Count == 0)
        {
            problems.Add("Keys:KekFile or Keys:Keks must give at least one key-encryption key; private keys are never stored in plaintext.");
        }

        if (options.CheckInterval <= TimeSpan.Zero || options.CheckInterval > TimeSpan.FromHours(1))
        {
            problems.Add("Keys:CheckInterval must lie between zero and one hour.");
        }

        if (options.ReissuePageSize is < 1 or > 10_000)
        {
            problems.Add("Keys:ReissuePageSize must lie between 1 and 10000.");
        }

        if (options.ReissuePerSecond is < 1 or > 100_000)
        {
            problems.Add("Keys:ReissuePerSecond must lie between 1 and 100000.");
        }

        if (options.CheckInterval >= options.PropagationTime)
        {
            problems.Add("Keys:CheckInterval must be shorter than Keys:PropagationTime.");
        }

        if (options.LockTime < TimeSpan.FromSeconds(5))
        {
            problems.Add("Keys:LockTime must be at least 5 seconds.");
        }

        if (options.TrustListTimeToLive <= TimeSpan.Zero || options.TrustListTimeToLive >= options.TrustListLifetime)
        {
            problems.Add("Keys:TrustListTimeToLive must be positive and shorter than Keys:TrustListLifetime.");
        }

        if (options.ListSignerValidity < TimeSpan.FromDays(1))
        {
            problems.Add("Keys:ListSignerValidity must be at least a day.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
