using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Security;

namespace ELicense.Core.Crypto;

/// <summary>
/// [k]G for SM2 signing (GB/T 32918.2 §6.1 A4): a fixed-base comb with four tables of 2⁵ points (Lim and Lee's
/// comb; Hankerson, Menezes and Vanstone, <i>Guide to Elliptic Curve Cryptography</i>, Algorithm 3.45, with
/// several tables). Thirteen doublings and 52 additions of precomputed affine points, against BouncyCastle's one
/// comb of 52 doublings and 52 additions: with the affine x, 0.84 of the time of <c>FixedPointCombMultiplier</c> and
/// <c>Normalize</c> on one core (bench/ELicense.Benchmarks/Sm2SigningBenchmarks.cs, docs/performance.md).
/// BouncyCastle's multiplier also takes a lock on G to fetch its table on every call (contended in a profile of a
/// batch); this table is built once, read-only, and shared without a lock.
/// <para>
/// The scalar is secret: every table is read through BouncyCastle's cache-safe lookup, which touches every entry,
/// and the sequence of doublings and additions does not depend on the scalar's bits. BouncyCastle's addition does
/// branch where a sum meets the point added or its negative (a probability of about 2⁻²⁵⁰ for a random scalar; the
/// tests name one scalar built to do it), as its own comb does. No entry is the point at infinity (each table's
/// entries carry a base point, taken out once at the end), as in BouncyCastle's comb.
/// </para>
/// </summary>
internal static class Sm2BaseMultiplier
{
    private const int Width = 5;
    private const int Tables = 4;

    /// <summary>Columns of the comb: 256 bits in Width × Tables rows of <see cref="Columns"/> bits (260 bits in all).</summary>
    private const int Columns = (256 + (Width * Tables) - 1) / (Width * Tables);

    private static readonly ECCurve Curve = Sm2Curve.Domain.Curve.CoordinateSystem == ECCurve.COORD_JACOBIAN
        ? Sm2Curve.Domain.Curve
        : throw new InvalidOperationException("The SM2 curve is expected in Jacobian coordinates.");
    private static readonly (ECLookupTable[] Tables, ECPoint Offset) Precomputed = Precompute(Sm2Curve.Domain.G);

    /// <summary>[k]G for 0 ≤ k &lt; 2²⁶⁰ (signing passes 1 ≤ k &lt; n).</summary>
    public static ECPoint Multiply(BigInteger k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k.SignValue, nameof(k));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k.BitLength, Width * Tables * Columns, nameof(k));
        Span<uint> bits = stackalloc uint[((Width * Tables * Columns) + 31) / 32];
        bits.Clear();
        var bytes = k.ToByteArrayUnsigned();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bit = (bytes.Length - 1 - i) * 8;
            bits[bit >> 5] |= (uint)bytes[i] << (bit & 31);
        }

        var (tables, offset) = Precomputed;
        var sum = Curve.Infinity;
        for (var column = Columns - 1; column >= 0; column--)
        {
            sum = sum.Twice();
            for (var table = 0; table < Tables; table++)
            {
                var index = 0;
                for (var row = Width - 1; row >= 0; row--)
                {
                    var bit = (((table * Width) + row) * Columns) + column;
                    index = (index << 1) | (int)((bits[bit >> 5] >> (bit & 31)) & 1);
                }

                sum = sum.Add(tables[table].Lookup(index));
            }
        }

        bits.Clear();
        Array.Clear(bytes);
        return sum.Add(offset);
    }

    /// <summary>
    /// The affine x of a point of the comb (Jacobian coordinates: x = X / Z²), with the inversion blinded as BouncyCastle's
    /// <c>Normalize</c> blinds it (Z·b inverted, then times b, for a random b ≠ 0), but with the caller's generator:
    /// <c>Normalize</c> draws b from BouncyCastle's shared generator, which takes a lock, so every signing thread queued there.
    /// </summary>
    public static BigInteger AffineX(ECPoint point, SecureRandom random)
    {
        if (point.IsInfinity)
        {
            throw new ArgumentException("The point at infinity has no affine x.", nameof(point));
        }

        var z = point.GetZCoord(0);
        if (z.IsOne)
        {
            return point.XCoord.ToBigInteger();
        }

        var blind = Curve.RandomFieldElementMult(random);
        var inverse = z.Multiply(blind).Invert().Multiply(blind);
        return point.XCoord.Multiply(inverse.Square()).ToBigInteger();
    }

    /// <summary>
    /// Row r is 2^(r·Columns)·G. Table t holds, for every 5-bit index, its base (row 5t) plus the rows 5t + b of the
    /// index's set bits b. Each column then adds the sum S of the four bases once too many; over the Horner sum of
    /// all columns that is (2^Columns − 1)·S, which the offset S − 2^Columns·S takes out.
    /// </summary>
    private static (ECLookupTable[] Tables, ECPoint Offset) Precompute(ECPoint g)
    {
        var rows = new ECPoint[Width * Tables];
        rows[0] = g.Normalize();
        for (var r = 1; r < rows.Length; r++)
        {
            rows[r] = rows[r - 1].TimesPow2(Columns).Normalize();
        }

        var tables = new ECLookupTable[Tables];
        var bases = Curve.Infinity;
        for (var t = 0; t < Tables; t++)
        {
            var entries = new ECPoint[1 << Width];
            entries[0] = rows[t * Width];
            bases = bases.Add(entries[0]);
            for (var b = 0; b < Width; b++)
            {
                var step = 1 << b;
                for (var i = step; i < step << 1; i++)
                {
                    entries[i] = entries[i - step].Add(rows[(t * Width) + b]);
                }
            }

            Curve.NormalizeAll(entries);
            tables[t] = Curve.CreateCacheSafeLookupTable(entries, 0, entries.Length);
        }

        return (tables, bases.Subtract(bases.TimesPow2(Columns)).Normalize());
    }
}
