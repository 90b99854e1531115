using ELicense.Core.Identifiers;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Configuration;

/// <summary>Rules across the fields of <see cref="ProvinceOptions"/>, checked at start-up.</summary>
public sealed class ProvinceOptionsValidator : IValidateOptions<ProvinceOptions>
{
    public ValidateOptionsResult Validate(string? name, ProvinceOptions options)
    {
        var failures = new List<string>();
        if (!RegionCode.IsProvince(options.RegionCode))
        {
            failures.Add($"Province:RegionCode '{options.RegionCode}' is not a GB/T 2260 province code (e.g. 320000).");
        }

        if (!UnifiedSocialCreditCode.IsValid(options.AuthorityCode))
        {
            failures.Add($"Province:AuthorityCode '{options.AuthorityCode}' is not a valid unified social credit code (GB 32100).");
        }

        if (options.AuthorityName.Trim().Length is 0 or > 40)
        {
            failures.Add("Province:AuthorityName must have 1 to 40 characters (it is printed in the seal).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
