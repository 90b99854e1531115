using ELicense.Testing;
using ELicense.Verifier.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace ELicense.Verifier.Tests.Configuration;

/// <summary>What a Verifier outside Development refuses, checked on the options alone.</summary>
public sealed class VerifierProductionValidatorTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080/list", true)]
    [InlineData("http://127.8.9.10/list", true)]
    [InlineData("http://[::1]:5080/list", true)]
    [InlineData("http://localhost/list", true)]
    [InlineData("http://LOCALHOST:5080/list", true)]
    [InlineData("http://128.0.0.1/list", false)]
    [InlineData("http://10.0.0.1/list", false)]
    [InlineData("http://[::2]/list", false)]
    [InlineData("http://localhost.example.com/list", false)]
    [InlineData("http://trust.js.gov.cn/list", false)]
    public void Only_127_0_0_0_8_the_IPv6_loopback_and_localhost_count_as_loopback(string url, bool loopback) =>
        Assert.Equal(loopback, VerifierProductionValidator.IsLoopback(new Uri(url)));

    [Fact]
    public void Outside_Development_https_lists_and_unmarked_roots_pass_and_http_to_another_host_fails_naming_the_province()
    {
        var options = new VerifierOptions
        {
            RootCertificates = [UnmarkedCertificates.WriteRoot(Core.Crypto.KeyFamily.Sm2)],
            Provinces =
            [
                new ProvinceSource { Region = "320000", TrustListUrl = "https://trust.js.example/.well-known/elicense/trust-list" },
                new ProvinceSource { Region = "310000", TrustListUrl = "http://trust.sh.example/.well-known/elicense/trust-list" },
            ],
        };

        var production = new VerifierProductionValidator(Environment("Production")).Validate(null, options);
        var development = new VerifierProductionValidator(Environment("Development")).Validate(null, options);

        Assert.True(production.Failed);
        Assert.Equal(
            "Verifier:Provinces:1:TrustListUrl 'http://trust.sh.example/.well-known/elicense/trust-list' uses plain http; outside Development use https (http only to a loopback host: 127.0.0.0/8, ::1, localhost).",
            Assert.Single(production.Failures!));
        Assert.True(development.Succeeded);
    }

    private static HostingEnvironment Environment(string name) => new()
    {
        EnvironmentName = name,
        ContentRootPath = Path.Combine(RepositoryPaths.Root, "src", "Verifier"),
    };
}
