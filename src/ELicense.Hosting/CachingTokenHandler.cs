using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace ELicense.Hosting;

/// <summary>
/// Remembers bearer tokens that validated, so that a department system sending thousands of
/// requests with one token pays for its signature check once, not per request (an RSA verify and
/// the JSON parse are a sixth of a verification's cost). A remembered token is taken only while it
/// is unexpired (its <c>exp</c>, no clock skew added) and at most <see cref="MaxAge"/> after it was
/// checked, so a change of the trusted token signers applies within that time. Failures are never
/// remembered. Each caller gets its own copy of the claims.
/// </summary>
public sealed class CachingTokenHandler(TokenHandler inner, TimeProvider time) : TokenHandler
{
    /// <summary>How long a validation is reused at most.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(2);

    /// <summary>The most tokens remembered; beyond, the memory starts afresh (tokens are few: one per caller).</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (entries.TryGetValue(token, out var entry) && now < entry.Until)
        {
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = entry.Result.ClaimsIdentity.Clone(),
                SecurityToken = entry.Result.SecurityToken,
                Issuer = entry.Result.Issuer,
                TokenType = entry.Result.TokenType,
            };
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters).ConfigureAwait(false);
        if (result.IsValid && result.SecurityToken is { } validated)
        {
            if (entries.Count >= Capacity)
            {
                entries.Clear();
            }

            var until = now + MaxAge < validated.ValidTo ? now + MaxAge : validated.ValidTo;
            entries[token] = new Entry(result, until);
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    private sealed record Entry(TokenValidationResult Result, DateTime Until);
}
