using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ELicense.Hosting;

/// <summary>
/// Outside Development, refuses the development token issuer of <c>certs/dev</c> in
/// <see cref="AuthOptions.SigningCertificates"/>: its private key is in the repository, so anyone could
/// sign tokens of any role with it (DESIGN §13). Both services register it through <see cref="BearerAuth"/>.
/// </summary>
public sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        for (var i = 0; i < options.SigningCertificates.Count; i++)
        {
            var path = options.SigningCertificates[i];
            if (DevelopmentMaterial.MarkedCertificate(ContentPaths.Resolve(environment, path)) is { } subject)
            {
                problems.Add($"Auth:SigningCertificates:{i} '{path}' is the development token issuer ({subject}); "
                             + "outside Development configure the signing certificate of the province's identity provider.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
