using System.ComponentModel.DataAnnotations;

namespace ELicense.Hosting;

/// <summary>Bearer-token validation (JWT). Section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The expected <c>iss</c> of tokens: the province's identity provider.</summary>
    [Required]
    public string Issuer { get; set; } = "";

    /// <summary>The expected <c>aud</c> of tokens.</summary>
    [Required]
    public string Audience { get; set; } = "";

    /// <summary>PEM certificates whose public keys sign tokens (RSA or EC). Relative paths start at the content root.
    /// At least one is required: a service that accepts tokens from nobody is misconfigured.</summary>
    [MinLength(1)]
    public List<string> SigningCertificates { get; set; } = [];

    /// <summary>Tolerated clock difference to the identity provider. Default 1 minute.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);
}
