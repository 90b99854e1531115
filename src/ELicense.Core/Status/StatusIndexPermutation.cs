using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ELicense.Core.Status;

/// <summary>
/// A keyed permutation of the indexes of one status list, so that licences issued one after the
/// other land far apart in the list and a fetched list reveals nothing of issue order (DESIGN §6,
/// herd privacy). The issuer counts licences 0, 1, 2, ... per list and stores each at
/// <see cref="Permute"/> of its count: a bijection, so no two licences share an index and none is
/// wasted. Built as a balanced Feistel network with HMAC-SHA256 rounds over the smallest even
/// power of two that holds the list, walking the cycle until the value falls inside the list.
/// </summary>
public sealed class StatusIndexPermutation
{
    private const int Rounds = 6;
    private readonly byte[] key;
    private readonly int halfBits;
    private readonly uint halfMask;

    /// <param name="key">A secret of at least 16 bytes, kept by the issuer; the same key gives the same permutation.</param>
    /// <param name="listSize">The number of entries in a list, at least 4.</param>
    /// <exception cref="ArgumentException">The key is shorter than 16 bytes or the list smaller than 4 entries.</exception>
    public StatusIndexPermutation(ReadOnlySpan<byte> key, int listSize)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("The permutation key must be at least 16 bytes.", nameof(key));
        }

        if (listSize < 4)
        {
            throw new ArgumentException("A list has at least 4 entries.", nameof(listSize));
        }

        this.key = key.ToArray();
        ListSize = listSize;
        var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(listSize - 1));
        halfBits = (bits + 1) / 2;
        halfMask = (1u << halfBits) - 1;
    }

    public int ListSize { get; }

    /// <summary>The index of the licence that is number <paramref name="position"/> in its list.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The position is outside the list.</exception>
    public int Permute(int position) => Walk(position, forward: true);

    /// <summary>The position (issue order) of the licence at an index: the inverse of <see cref="Permute"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the list.</exception>
    public int Invert(int index) => Walk(index, forward: false);

    private int Walk(int value, bool forward)
    {
        if (value < 0 || value >= ListSize)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"The list has {ListSize} entries.");
        }

        // Cycle walking: the Feistel domain is at most four times the list, so this ends quickly.
        var x = (uint)value;
        do
        {
            x = forward ? Encrypt(x) : Decrypt(x);
        }
        while (x >= (uint)ListSize);

        return (int)x;
    }

    private uint Encrypt(uint x)
    {
        uint left = x >> halfBits, right = x & halfMask;
        for (var round = 0; round < Rounds; round++)
        {
            (left, right) = (right, left ^ Round(round, right));
        }

        return (left << halfBits) | right;
    }

    private uint Decrypt(uint x)
    {
        uint left = x >> halfBits, right = x & halfMask;
        for (var round = Rounds - 1; round >= 0; round--)
        {
            (left, right) = (right ^ Round(round, left), left);
        }

        return (left << halfBits) | right;
    }

    private uint Round(int round, uint half)
    {
        Span<byte> input = stackalloc byte[5];
        input[0] = (byte)round;
        BinaryPrimitives.WriteUInt32BigEndian(input[1..], half);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, input, mac);
        return BinaryPrimitives.ReadUInt32BigEndian(mac) & halfMask;
    }
}
