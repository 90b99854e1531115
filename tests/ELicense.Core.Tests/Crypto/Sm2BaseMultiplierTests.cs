using ELicense.Core.Crypto;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC.Multiplier;
using Xunit;

namespace ELicense.Core.Tests.Crypto;

/// <summary>The signing comb gives BouncyCastle's [k]G for random scalars and for those at the edges of its rows.</summary>
public class Sm2BaseMultiplierTests
{
    private static readonly Org.BouncyCastle.Asn1.X9.X9ECParameters Curve = CustomNamedCurves.GetByOid(GMObjectIdentifiers.sm2p256v1);

    public static TheoryData<string> EdgeScalars()
    {
        var n = Curve.N;
        var data = new TheoryData<string>();
        BigInteger[] edges =
        [
            BigInteger.Zero, BigInteger.One, BigInteger.Two, n.Subtract(BigInteger.One), n.Subtract(BigInteger.Two), n.ShiftRight(1),
            BigInteger.One.ShiftLeft(255), BigInteger.One.ShiftLeft(255).Subtract(BigInteger.One), BigInteger.One.ShiftLeft(12), BigInteger.One.ShiftLeft(13),
            BigInteger.One.ShiftLeft(13 * 19), BigInteger.One.ShiftLeft(13 * 5).Subtract(BigInteger.One), n,
            // ≡ −2·8191·S (S the sum of the four tables' bases): the last addition, of the offset, is a doubling.
            new BigInteger("fffffffefffe000fffffffffffff00077203df6b21c5852f53bbf40939d50125", 16),
        ];
        foreach (var k in edges)
        {
            data.Add(k.ToString(16));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EdgeScalars))]
    public void An_edge_scalar_gives_BouncyCastles_point(string hex)
    {
        var k = new BigInteger(hex, 16);

        Assert.Equal(Curve.G.Multiply(k).Normalize(), Sm2BaseMultiplier.Multiply(k).Normalize());
    }

    [Fact]
    public void Two_thousand_random_scalars_give_BouncyCastles_points()
    {
        var random = new Random(20261204);
        var reference = new FixedPointCombMultiplier();
        for (var i = 0; i < 2_000; i++)
        {
            var bytes = new byte[32];
            random.NextBytes(bytes);
            var k = new BigInteger(1, bytes).Mod(Curve.N);

            Assert.Equal(reference.Multiply(Curve.G, k).Normalize(), Sm2BaseMultiplier.Multiply(k).Normalize());
        }
    }

    [Fact]
    public void The_blinded_affine_x_is_BouncyCastles_normalised_x()
    {
        var random = new Org.BouncyCastle.Security.SecureRandom();
        for (var i = 0; i < 200; i++)
        {
            var k = new BigInteger(256, random).Mod(Curve.N);
            var point = Sm2BaseMultiplier.Multiply(k);

            Assert.Equal(point.Normalize().AffineXCoord.ToBigInteger(), Sm2BaseMultiplier.AffineX(point, random));
        }

        Assert.Throws<ArgumentException>(() => Sm2BaseMultiplier.AffineX(Sm2BaseMultiplier.Multiply(BigInteger.Zero), random));
    }

    [Fact]
    public void A_negative_or_too_long_scalar_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sm2BaseMultiplier.Multiply(BigInteger.One.Negate()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sm2BaseMultiplier.Multiply(BigInteger.One.ShiftLeft(260)));
    }
}
