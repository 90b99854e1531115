using ELicense.Testing;
using Org.BouncyCastle.Asn1;

namespace ELicense.Core.Tests.Crypto;

/// <summary>A scratch folder for running the openssl CLI, with helpers to move signatures between COSE and DER form.</summary>
public sealed class OpenSslWorkspace : IDisposable
{
    public const string Sm2UserId = "distid:1234567812345678";

    public OpenSslWorkspace() => Folder = Directory.CreateTempSubdirectory("elicense-openssl-").FullName;

    public string Folder { get; }

    public string Write(string name, byte[] content)
    {
        File.WriteAllBytes(Path.Combine(Folder, name), content);
        return name;
    }

    public string Write(string name, string content)
    {
        File.WriteAllText(Path.Combine(Folder, name), content);
        return name;
    }

    public byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Folder, name));

    public ExternalTool.Result Run(params string[] arguments) => ExternalTool.Run("openssl", Folder, arguments);

    /// <summary>r‖s (64 bytes) → DER SEQUENCE { r INTEGER, s INTEGER }, the form openssl dgst reads.</summary>
    public static byte[] ToDer(ReadOnlySpan<byte> rs)
        => new DerSequence(
            new DerInteger(new Org.BouncyCastle.Math.BigInteger(1, rs[..32].ToArray())),
            new DerInteger(new Org.BouncyCastle.Math.BigInteger(1, rs[32..].ToArray()))).GetDerEncoded();

    /// <summary>DER SEQUENCE { r, s } → r‖s (64 bytes).</summary>
    public static byte[] FromDer(byte[] der)
    {
        var sequence = Asn1Sequence.GetInstance(der);
        var result = new byte[64];
        DerInteger.GetInstance(sequence[0]).Value.ToByteArrayUnsigned().CopyTo(result.AsSpan(32 - DerInteger.GetInstance(sequence[0]).Value.ToByteArrayUnsigned().Length));
        DerInteger.GetInstance(sequence[1]).Value.ToByteArrayUnsigned().CopyTo(result.AsSpan(64 - DerInteger.GetInstance(sequence[1]).Value.ToByteArrayUnsigned().Length));
        return result;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
