using ELicense.Core.Encoding;
using Xunit;

namespace ELicense.Core.Tests.Encoding;

public class ZlibTests
{
    [Fact]
    public void Inflate_stops_a_zip_bomb_at_the_limit()
    {
        var bomb = Zlib.Compress(new byte[50_000_000]);

        Assert.True(bomb.Length < 60_000);
        Assert.Equal(Zlib.InflateResult.TooLarge, Zlib.TryInflate(bomb, 8_192, out var data));
        Assert.Empty(data);
    }

    [Fact]
    public void Inflate_accepts_exactly_the_limit()
    {
        var data = new byte[8_192];
        Random.Shared.NextBytes(data);

        Assert.Equal(Zlib.InflateResult.Ok, Zlib.TryInflate(Zlib.Compress(data), 8_192, out var inflated));
        Assert.Equal(data, inflated);
    }

    [Fact]
    public void Inflate_rejects_a_wrong_checksum_and_garbage()
    {
        var compressed = Zlib.Compress("电子证照 electronic licence"u8);
        compressed[^1] ^= 1;

        Assert.Equal(Zlib.InflateResult.Invalid, Zlib.TryInflate(compressed, 1024, out _));
        Assert.Equal(Zlib.InflateResult.Invalid, Zlib.TryInflate([0x12, 0x34, 0x56], 1024, out _));
    }

    [Fact]
    public void Inflate_rejects_a_missing_checksum_and_bytes_after_the_stream()
    {
        var compressed = Zlib.Compress("电子证照 electronic licence"u8);

        Assert.Equal(Zlib.InflateResult.Invalid, Zlib.TryInflate(compressed[..^1], 1024, out _));
        Assert.Equal(Zlib.InflateResult.Invalid, Zlib.TryInflate(compressed[..^4], 1024, out _));
        Assert.Equal(Zlib.InflateResult.Invalid, Zlib.TryInflate([.. compressed, 0], 1024, out _));
    }

    [Fact]
    public void Inflate_rejects_a_stream_followed_by_a_second_copy_of_itself()
    {
        // The copy ends with the same Adler-32, so a check of the last four bytes alone lets it through.
        var compressed = Zlib.Compress("电子证照 electronic licence"u8);

        Assert.Equal(Zlib.InflateResult.Ok, Zlib.TryInflate(compressed, 1024, out _));
        Assert.Equal(Zlib.InflateResult.Invalid, Zlib.TryInflate([.. compressed, .. compressed], 1024, out _));
    }

    [Fact]
    public void Inflate_rejects_a_preset_dictionary_header()
    {
        var compressed = Zlib.Compress("licence"u8);
        compressed[1] = 0xBB; // FDICT set, header check still a multiple of 31 (0x78BB = 30907 = 31 * 997)

        Assert.Equal(Zlib.InflateResult.Invalid, Zlib.TryInflate(compressed, 1024, out _));
    }
}
