using System.Security.Claims;
using System.Security.Cryptography;
using ELicense.Hosting;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ELicense.LicenseService.Tests.Auth;

/// <summary>The bearer-token memory: reused while fresh and unexpired, failures never remembered, claims copied per caller.</summary>
public sealed class CachingTokenHandlerTests
{
    private static readonly RsaSecurityKey Key = new(RSA.Create(2048)) { KeyId = "test" };

    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly CountingHandler inner = new();

    private static TokenValidationParameters Parameters => new()
    {
        ValidIssuer = "issuer",
        ValidAudience = "audience",
        IssuerSigningKey = Key,
        RequireExpirationTime = true,
    };

    [Fact]
    public async Task A_valid_token_is_checked_once_and_each_caller_gets_its_own_claims()
    {
        var handler = new CachingTokenHandler(inner, time);
        var token = Token(TimeSpan.FromMinutes(10));

        var first = await handler.ValidateTokenAsync(token, Parameters);
        var second = await handler.ValidateTokenAsync(token, Parameters);

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, inner.Calls);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal("dept-a", second.ClaimsIdentity.FindFirst("sub")!.Value);
    }

    [Fact]
    public async Task A_remembered_token_is_checked_again_after_the_memory_time_and_after_it_expires()
    {
        var handler = new CachingTokenHandler(inner, time);
        var longLived = Token(TimeSpan.FromMinutes(30));
        var shortLived = Token(TimeSpan.FromSeconds(30));
        await handler.ValidateTokenAsync(longLived, Parameters);
        await handler.ValidateTokenAsync(shortLived, Parameters);

        time.Advance(TimeSpan.FromSeconds(31));
        await handler.ValidateTokenAsync(shortLived, Parameters);
        Assert.Equal(3, inner.Calls);

        await handler.ValidateTokenAsync(longLived, Parameters);
        Assert.Equal(3, inner.Calls);
        time.Advance(CachingTokenHandler.MaxAge);
        await handler.ValidateTokenAsync(longLived, Parameters);
        Assert.Equal(4, inner.Calls);
    }

    [Fact]
    public async Task A_failed_token_is_never_remembered()
    {
        var handler = new CachingTokenHandler(inner, time);
        var token = Token(TimeSpan.FromMinutes(10));
        var forged = token[..^4] + (token[^4] == 'A' ? "B" : "A") + token[^3..];

        Assert.False((await handler.ValidateTokenAsync(forged, Parameters)).IsValid);
        Assert.False((await handler.ValidateTokenAsync(forged, Parameters)).IsValid);
        Assert.Equal(2, inner.Calls);
    }

    private string Token(TimeSpan lifetime) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "issuer",
        Audience = "audience",
        Subject = new ClaimsIdentity([new Claim("sub", "dept-a"), new Claim("role", "verifier")]),
        IssuedAt = time.GetUtcNow().UtcDateTime,
        NotBefore = time.GetUtcNow().UtcDateTime,
        Expires = time.GetUtcNow().UtcDateTime + lifetime,
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.RsaSsaPssSha256),
    });

    /// <summary>The real handler, counting how often it is asked.</summary>
    private sealed class CountingHandler : TokenHandler
    {
        private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

        public int Calls { get; private set; }

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Calls++;
            return handler.ValidateTokenAsync(token, validationParameters);
        }
    }
}
