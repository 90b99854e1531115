using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Tools;

/// <summary>The development PKI says what it is, in every file name and every PEM file.</summary>
public class DevelopmentFilesTests
{
    [Fact]
    public void Every_file_in_certs_dev_is_named_for_development()
    {
        var names = Directory.GetFiles(RepositoryPaths.DevCertificates).Select(Path.GetFileName).ToList();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.True(name == "README.md" || name!.StartsWith("dev-", StringComparison.Ordinal), name));
    }

    [Fact]
    public void Every_pem_file_opens_with_a_development_warning_and_keys_are_encrypted()
    {
        foreach (var file in Directory.GetFiles(RepositoryPaths.DevCertificates, "*.pem"))
        {
            var text = File.ReadAllText(file);
            Assert.StartsWith("# ELicense development PKI", text);
            Assert.DoesNotContain("-----BEGIN PRIVATE KEY-----", text);
            Assert.DoesNotContain("-----BEGIN EC PRIVATE KEY-----", text);
            Assert.DoesNotContain("-----BEGIN RSA PRIVATE KEY-----", text);
        }
    }
}
