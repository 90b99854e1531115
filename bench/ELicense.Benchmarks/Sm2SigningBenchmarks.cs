using BenchmarkDotNet.Attributes;
using ELicense.Core.Crypto;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Security;

namespace ELicense.Benchmarks;

/// <summary>
/// The fixed-base multiplication [k]G of SM2 signing, with its affine x: BouncyCastle's <c>FixedPointCombMultiplier</c>
/// and <c>Normalize</c> (the baseline) against <see cref="Sm2BaseMultiplier"/>, and a whole signature of 500 bytes.
/// </summary>
[MemoryDiagnoser]
public class Sm2SigningBenchmarks
{
    private static readonly Org.BouncyCastle.Asn1.X9.X9ECParameters Curve = CustomNamedCurves.GetByOid(GMObjectIdentifiers.sm2p256v1);
    private readonly FixedPointCombMultiplier bouncyCastle = new();
    private readonly SecureRandom random = new(new Org.BouncyCastle.Crypto.Prng.CryptoApiRandomGenerator());
    private readonly byte[] message = new byte[500];
    private BigInteger k = null!;
    private ISigningKey key = null!;

    [GlobalSetup]
    public void Setup()
    {
        k = new BigInteger(256, random).Mod(Curve.N);
        key = Sm2Sm3Algorithm.Instance.Generate();
    }

    [Benchmark(Baseline = true)]
    public BigInteger BouncyCastleCombAndNormalize() => bouncyCastle.Multiply(Curve.G, k).Normalize().AffineXCoord.ToBigInteger();

    [Benchmark]
    public BigInteger FourTableCombAndBlindedInverse() => Sm2BaseMultiplier.AffineX(Sm2BaseMultiplier.Multiply(k), random);

    [Benchmark]
    public byte[] Sign() => key.Sign(message);
}
