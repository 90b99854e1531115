using BenchmarkDotNet.Attributes;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Testing;

namespace ELicense.Benchmarks;

/// <summary>
/// Building and signing the status list token of one list of 1,048,576 entries with 1 % revoked or
/// suspended (issue 5 target: ≤ 200 ms), per signing algorithm of the province.
/// </summary>
[MemoryDiagnoser]
public class StatusListBenchmarks
{
    private const int Entries = 1_048_576;
    private byte[] packed = null!;
    private DocumentSigner signer = null!;

    [Params(ELicense.Core.Crypto.KeyFamily.Sm2, ELicense.Core.Crypto.KeyFamily.Rsa)]
    public ELicense.Core.Crypto.KeyFamily Family { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var list = new StatusList(Entries);
        var random = new Random(42);
        for (var i = 0; i < Entries / 100; i++)
        {
            list[random.Next(Entries)] = random.Next(2) == 0 ? LicenceStatus.Revoked : LicenceStatus.Suspended;
        }

        packed = list.AsBytes().ToArray();
        signer = TestPki.For(Family).SignerFor("320000");
    }

    [Benchmark]
    public int BuildAndSign()
    {
        var now = DateTimeOffset.UtcNow;
        var token = new StatusListToken("320000-0", now, now.AddHours(24), TimeSpan.FromMinutes(5), StatusList.FromBytes(packed));
        return StatusListTokenCodec.Sign(token, signer).Length;
    }
}
