using System.Formats.Cbor;

namespace ELicense.Testing;

/// <summary>
/// A CBOR map held as its encoded entries in order, so that a test can drop, repeat, reorder or
/// re-encode one entry of a genuine encoding and write the map back in forms no canonical encoder
/// produces: unsorted, with a key twice, with a padded or an indefinite length. Every other byte
/// stays what the genuine encoder wrote, so a decoder's answer can be pinned on that one change.
/// </summary>
public sealed class CborMapEntries
{
    private readonly List<(byte[] Key, byte[] Value)> entries;

    private CborMapEntries(IEnumerable<(byte[] Key, byte[] Value)> entries) => this.entries = [.. entries];

    /// <summary>How the map's own header states its size.</summary>
    public enum Header
    {
        /// <summary>The count in the shortest form, as canonical CBOR requires.</summary>
        Shortest,

        /// <summary>The count in a one-byte argument even when it fits the initial byte.</summary>
        Padded,

        /// <summary>No count: the entries end with a break byte.</summary>
        Indefinite,
    }

    public IReadOnlyList<(byte[] Key, byte[] Value)> Entries => entries;

    /// <summary>The entries of an encoded map (any nesting below them is kept as bytes).</summary>
    public static CborMapEntries Read(byte[] map)
    {
        var reader = new CborReader(map, CborConformanceMode.Lax);
        var count = reader.ReadStartMap();
        var read = new List<(byte[], byte[])>();
        while (count is null ? reader.PeekState() != CborReaderState.EndMap : read.Count < count)
        {
            read.Add((reader.ReadEncodedValue().ToArray(), reader.ReadEncodedValue().ToArray()));
        }

        reader.ReadEndMap();
        return new CborMapEntries(read);
    }

    /// <summary>A map of the given entries, in the given order.</summary>
    public static CborMapEntries Of(params (byte[] Key, byte[] Value)[] entries) => new(entries);

    /// <summary>The encoded value under an integer key.</summary>
    /// <exception cref="KeyNotFoundException">The map has no such key.</exception>
    public byte[] Value(long key) => Value(CborItem.Int(key));

    public byte[] Value(byte[] key) => entries.First(e => e.Key.AsSpan().SequenceEqual(key)).Value;

    /// <summary>Replaces the value of a key, or adds the key where canonical order puts it.</summary>
    public CborMapEntries Set(long key, byte[] value) => Set(CborItem.Int(key), value);

    public CborMapEntries Set(byte[] key, byte[] value)
    {
        var copy = new CborMapEntries(entries);
        var at = copy.entries.FindIndex(e => e.Key.AsSpan().SequenceEqual(key));
        if (at >= 0)
        {
            copy.entries[at] = (key, value);
            return copy;
        }

        var before = copy.entries.FindIndex(e => CanonicalOrder(key, e.Key) < 0);
        copy.entries.Insert(before < 0 ? copy.entries.Count : before, (key, value));
        return copy;
    }

    /// <summary>The map without a key.</summary>
    public CborMapEntries Remove(long key)
    {
        var encoded = CborItem.Int(key);
        return new CborMapEntries(entries.Where(e => !e.Key.AsSpan().SequenceEqual(encoded)));
    }

    /// <summary>The map with an entry added at the end, whatever its key (a repeat included).</summary>
    public CborMapEntries Append(byte[] key, byte[] value) => new([.. entries, (key, value)]);

    /// <summary>The map with the entry of a key written twice in a row.</summary>
    public CborMapEntries Repeat(long key) => Repeat(CborItem.Int(key));

    public CborMapEntries Repeat(byte[] key)
    {
        var copy = new CborMapEntries(entries);
        var at = copy.entries.FindIndex(e => e.Key.AsSpan().SequenceEqual(key));
        copy.entries.Insert(at + 1, copy.entries[at]);
        return copy;
    }

    /// <summary>The map with two entries (by position) swapped.</summary>
    public CborMapEntries Swap(int first, int second)
    {
        var copy = new CborMapEntries(entries);
        (copy.entries[first], copy.entries[second]) = (copy.entries[second], copy.entries[first]);
        return copy;
    }

    /// <summary>The map with the entries in reverse order.</summary>
    public CborMapEntries Reversed() => new(Enumerable.Reverse(entries));

    /// <summary>Edits the map nested under an integer key and writes it back as <paramref name="edit"/> encodes it.</summary>
    public CborMapEntries Edit(long key, Func<CborMapEntries, byte[]> edit) => Set(key, edit(Read(Value(key))));

    /// <summary>Edits the map nested under an integer key and writes it back with the shortest header.</summary>
    public CborMapEntries Edit(long key, Func<CborMapEntries, CborMapEntries> edit) => Edit(key, m => edit(m).Encode());

    public byte[] Encode(Header header = Header.Shortest)
    {
        var count = entries.Count;
        byte[] start = header switch
        {
            Header.Indefinite => [0xBF],
            Header.Padded when count < 256 => [0xB8, (byte)count],
            Header.Shortest when count < 24 => [(byte)(0xA0 | count)],
            Header.Shortest when count < 256 => [0xB8, (byte)count],
            _ => throw new ArgumentOutOfRangeException(nameof(header), "Only maps of fewer than 256 entries are written."),
        };
        byte[] end = header == Header.Indefinite ? [0xFF] : [];
        return [.. start, .. entries.SelectMany(e => e.Key.Concat(e.Value)), .. end];
    }

    /// <summary>RFC 7049 §3.9's key order: shorter encodings first, then bytewise.</summary>
    private static int CanonicalOrder(byte[] a, byte[] b) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.AsSpan().SequenceCompareTo(b);
}
