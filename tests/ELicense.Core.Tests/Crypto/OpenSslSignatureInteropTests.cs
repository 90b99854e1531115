using System.Text;
using ELicense.Core.Crypto;
using ELicense.DevPki;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Crypto;

/// <summary>
/// Signatures cross the border with the openssl CLI both ways, using the committed development
/// keys: what the core signs openssl verifies, and what openssl signs the core verifies.
/// </summary>
public class OpenSslSignatureInteropTests
{
    private const string Password = "pass:" + DevPkiFiles.Password;
    private static readonly byte[] Message = System.Text.Encoding.UTF8.GetBytes("电子证照 ELicense interop 测试 " + Guid.NewGuid());

    [Fact]
    public void Sm2_signature_made_by_the_core_verifies_with_openssl()
    {
        using var work = new OpenSslWorkspace();
        using var key = DevKey("dev-ds-320000-sm2.key.pem");
        work.Write("msg.bin", Message);
        work.Write("pub.der", key.SubjectPublicKeyInfo);
        work.Write("sig.der", OpenSslWorkspace.ToDer(key.Sign(Message)));

        var result = work.Run("dgst", "-sm3", "-verify", "pub.der", "-keyform", "DER", "-sigopt", OpenSslWorkspace.Sm2UserId, "-signature", "sig.der", "msg.bin");

        Assert.True(result.ExitCode == 0 && result.Output.Contains("Verified OK"), result.ToString());
    }

    [Fact]
    public void Sm2_signature_made_by_the_core_fails_in_openssl_for_another_message()
    {
        using var work = new OpenSslWorkspace();
        using var key = DevKey("dev-ds-320000-sm2.key.pem");
        work.Write("msg.bin", [.. Message, 0]);
        work.Write("pub.der", key.SubjectPublicKeyInfo);
        work.Write("sig.der", OpenSslWorkspace.ToDer(key.Sign(Message)));

        var result = work.Run("dgst", "-sm3", "-verify", "pub.der", "-keyform", "DER", "-sigopt", OpenSslWorkspace.Sm2UserId, "-signature", "sig.der", "msg.bin");

        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public void Sm2_signature_made_by_openssl_verifies_in_the_core()
    {
        using var work = new OpenSslWorkspace();
        work.Write("msg.bin", Message);
        work.Write("key.pem", File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, "dev-ds-320000-sm2.key.pem")));
        var signed = work.Run("dgst", "-sm3", "-sign", "key.pem", "-passin", Password, "-sigopt", OpenSslWorkspace.Sm2UserId, "-out", "sig.der", "msg.bin");
        Assert.True(signed.ExitCode == 0, signed.ToString());
        using var key = DevKey("dev-ds-320000-sm2.key.pem");
        var verifier = Sm2Sm3Algorithm.Instance.ImportPublicKey(key.SubjectPublicKeyInfo);

        var signature = OpenSslWorkspace.FromDer(work.Read("sig.der"));

        Assert.True(verifier.Verify(Message, signature));
        Assert.False(verifier.Verify(Message.AsSpan(1), signature));
    }

    [Fact]
    public void Rsa_pss_signature_made_by_the_core_verifies_with_openssl()
    {
        using var work = new OpenSslWorkspace();
        using var key = DevKey("dev-ds-320000-rsa.key.pem");
        work.Write("msg.bin", Message);
        work.Write("pub.der", key.SubjectPublicKeyInfo);
        work.Write("sig.bin", key.Sign(Message));

        var result = work.Run("dgst", "-sha256", "-verify", "pub.der", "-keyform", "DER", "-sigopt", "rsa_padding_mode:pss",
            "-sigopt", "rsa_pss_saltlen:32", "-sigopt", "rsa_mgf1_md:sha256", "-signature", "sig.bin", "msg.bin");

        Assert.True(result.ExitCode == 0 && result.Output.Contains("Verified OK"), result.ToString());
    }

    [Fact]
    public void Rsa_pss_signature_made_by_openssl_verifies_in_the_core()
    {
        using var work = new OpenSslWorkspace();
        work.Write("msg.bin", Message);
        work.Write("key.pem", File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, "dev-ds-320000-rsa.key.pem")));
        var signed = work.Run("dgst", "-sha256", "-sign", "key.pem", "-passin", Password, "-sigopt", "rsa_padding_mode:pss",
            "-sigopt", "rsa_pss_saltlen:digest", "-out", "sig.bin", "msg.bin");
        Assert.True(signed.ExitCode == 0, signed.ToString());
        using var key = DevKey("dev-ds-320000-rsa.key.pem");
        var verifier = RsaPs256Algorithm.Instance.ImportPublicKey(key.SubjectPublicKeyInfo);

        Assert.True(verifier.Verify(Message, work.Read("sig.bin")));
        Assert.False(verifier.Verify(Message.AsSpan(1), work.Read("sig.bin")));
    }

    [Theory]
    [InlineData("dev-ds-320000-sm2.key.pem")]
    [InlineData("dev-ds-320000-rsa.key.pem")]
    public void Openssl_reads_the_encrypted_dev_key_and_derives_the_same_public_key(string file)
    {
        using var work = new OpenSslWorkspace();
        work.Write("key.pem", File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, file)));
        using var key = DevKey(file);

        var result = work.Run("pkey", "-in", "key.pem", "-passin", Password, "-pubout", "-outform", "DER", "-out", "pub.der");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(key.SubjectPublicKeyInfo, work.Read("pub.der"));
    }

    [Fact]
    public void Openssl_refuses_the_dev_key_with_a_wrong_password()
    {
        using var work = new OpenSslWorkspace();
        work.Write("key.pem", File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, "dev-ds-320000-sm2.key.pem")));

        var result = work.Run("pkey", "-in", "key.pem", "-passin", "pass:wrong", "-noout");

        Assert.NotEqual(0, result.ExitCode);
    }

    private static ISigningKey DevKey(string file)
        => KeyPem.ReadEncryptedPrivateKey(File.ReadAllText(Path.Combine(RepositoryPaths.DevCertificates, file)), DevPkiFiles.Password);
}
