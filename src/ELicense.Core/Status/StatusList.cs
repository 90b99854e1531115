namespace ELicense.Core.Status;

/// <summary>
/// A status list of draft-ietf-oauth-status-list §4 with 2 bits per licence (0 valid, 1 revoked,
/// 2 suspended): entry i lives in byte i / 4, from the least significant bits up. Not thread-safe
/// for writes; the issuer builds a list, signs it, and hands out the signed token.
/// </summary>
public sealed class StatusList
{
    public const int BitsPerEntry = 2;

    /// <summary>DESIGN §6: a list has at least this many entries, so that one list reveals little about any one licence.</summary>
    public const int MinimumEntries = 131_072;

    private readonly byte[] bytes;

    /// <param name="count">The number of entries, a positive multiple of 4.</param>
    /// <exception cref="ArgumentOutOfRangeException">The count is not a positive multiple of 4.</exception>
    public StatusList(int count)
        : this(new byte[CheckCount(count) / 4])
    {
    }

    private StatusList(byte[] bytes) => this.bytes = bytes;

    /// <summary>The number of entries.</summary>
    public int Count => bytes.Length * 4;

    /// <summary>The status at an index.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the list.</exception>
    public LicenceStatus this[long index]
    {
        get => (LicenceStatus)((bytes[Offset(index)] >> Shift(index)) & 0b11);
        set
        {
            if (value is not (LicenceStatus.Valid or LicenceStatus.Revoked or LicenceStatus.Suspended))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Only valid, revoked and suspended are defined.");
            }

            var offset = Offset(index);
            bytes[offset] = (byte)((bytes[offset] & ~(0b11 << Shift(index))) | ((int)value << Shift(index)));
        }
    }

    /// <summary>True when the index lies in the list.</summary>
    public bool Contains(long index) => index >= 0 && index < Count;

    /// <summary>The packed bytes, as the token's <c>lst</c> carries them before compression.</summary>
    public ReadOnlySpan<byte> AsBytes() => bytes;

    /// <summary>Builds a list from packed bytes (a copy is kept).</summary>
    public static StatusList FromBytes(ReadOnlySpan<byte> packed) => new(packed.ToArray());

    private int Offset(long index)
        => Contains(index) ? (int)(index >> 2) : throw new ArgumentOutOfRangeException(nameof(index), index, $"The list has {Count} entries.");

    private static int Shift(long index) => (int)(index & 3) * BitsPerEntry;

    private static int CheckCount(int count)
        => count > 0 && count % 4 == 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "A 2-bit status list has a positive multiple of 4 entries.");
}
