using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ELicense.Core.Crypto;
using ELicense.Core.Trust;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Xunit;

namespace ELicense.LicenseService.Tests.Keys;

/// <summary>The published trust list and its JWKS view, checked as a verifier and by openssl.</summary>
public sealed class TrustListTests(GarnetServiceFixture fixture) : IClassFixture<GarnetServiceFixture>
{
    private readonly ServiceHost host = fixture.Host;

    [Fact]
    public async Task The_trust_list_is_signed_by_a_list_signer_of_the_province_and_lists_every_document_signer_with_its_state()
    {
        var response = await host.Client(null).GetAsync("/.well-known/elicense/trust-list");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        await using var verifier = new VerifyingSide(host.Client(null));
        await verifier.RefreshAsync();

        Assert.Equal("application/elicense-trust-list+cose", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromMinutes(5), response.Headers.CacheControl.MaxAge);
        Assert.NotNull(response.Content.Headers.LastModified);
        var list = verifier.Held;
        Assert.Empty(list.Refusals);
        Assert.Equal("320000", list.List.Region);
        Assert.True(CertificatePurposes.IsTrustListSigner(list.List.SignerChain[0]));
        var keys = (await KeyDrillTests.Keys(host.Client(Tokens.Admin()))).Where(k => k.GetProperty("purpose").GetString() == "document-signer").ToList();
        Assert.Equal(keys.Select(k => (k.GetProperty("kid").GetString()!, k.GetProperty("state").GetString()!)).Order().ToList(),
            list.Signers.Select(s => (Kid.ToHex(s.Kid), s.State.ToString().ToLowerInvariant())).Order().ToList());
        Assert.True(bytes.Length < 16_384, $"{bytes.Length} bytes");

        var conditional = new HttpRequestMessage(HttpMethod.Get, "/.well-known/elicense/trust-list");
        conditional.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(response.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.NotModified, (await host.Client(null).SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task A_rotated_RSA_document_signer_chains_to_the_national_root_for_openssl_and_the_list_signer_carries_the_trust_list_EKU()
    {
        var admin = host.Client(Tokens.Admin());
        var made = await admin.PostAsJsonAsync("/api/v1/keys/rotations", new { family = "RSA", activateAt = DateTimeOffset.UtcNow.AddDays(2).AddMinutes(1) });
        Assert.True(made.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, made.StatusCode.ToString());
        await using var verifier = new VerifyingSide(host.Client(null));
        await verifier.RefreshAsync();
        var folder = Directory.CreateTempSubdirectory("elicense-trust-").FullName;
        var generated = verifier.Held.List.Entries.Last(e => SignatureAlgorithms.ImportPublicKey(
            new Org.BouncyCastle.X509.X509Certificate(e.Certificate).CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded()).Algorithm.Family == KeyFamily.Rsa);
        Assert.Equal(SignerState.Pending, generated.State);
        File.WriteAllText(Path.Combine(folder, "ds.pem"), KeyPem.WriteCertificate(generated.Certificate));
        File.WriteAllText(Path.Combine(folder, "ls.pem"), KeyPem.WriteCertificate(verifier.Held.List.SignerChain[0]));

        var chain = ExternalTool.Run("openssl", folder, "verify", "-CAfile", Path.Combine(RepositoryPaths.DevCertificates, "dev-root-rsa.crt.pem"),
            "-untrusted", Path.Combine(RepositoryPaths.DevCertificates, "dev-ca-320000-rsa.crt.pem"), "ds.pem");
        var text = ExternalTool.Run("openssl", folder, "x509", "-in", "ls.pem", "-noout", "-text");

        Assert.True(chain.ExitCode == 0 && chain.Output.Contains("ds.pem: OK", StringComparison.Ordinal), chain.ToString());
        Assert.Contains("0.4.0.2231.3.0", text.Output, StringComparison.Ordinal);
        Assert.Contains("OU = 320000", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_JWKS_view_lists_the_same_keys_with_their_certificates_and_states()
    {
        await using var verifier = new VerifyingSide(host.Client(null));
        await verifier.RefreshAsync();
        var response = await host.Client(null).GetAsync("/.well-known/elicense/jwks.json");
        var jwks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("keys").EnumerateArray().ToList();

        Assert.Equal("application/jwk-set+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(verifier.Held.List.Entries.Count, jwks.Count);
        foreach (var entry in verifier.Held.List.Entries)
        {
            var kid = Convert.ToBase64String(Kid.Compute(entry.Certificate)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var jwk = Assert.Single(jwks, j => j.GetProperty("kid").GetString() == kid);
            Assert.Equal(Convert.ToBase64String(entry.Certificate), jwk.GetProperty("x5c")[0].GetString());
            Assert.Equal(entry.State.ToString().ToLowerInvariant(), jwk.GetProperty("elicense_state").GetString());
            Assert.Contains(jwk.GetProperty("kty").GetString(), new[] { "RSA", "EC" });
        }
    }
}
