using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using ELicense.Core.Encoding;
using StackExchange.Redis;

namespace ELicense.LicenseService.Tests.Support;

/// <summary>
/// What a dump of the store shows: every key name and value on every master (strings, hashes, sets, lists) and
/// the bytes of data files — with every <c>ELC1:</c> QR text in them decoded (Base45, zlib) as a few lines of
/// script would, so personal data inside a stored QR counts as found. Uses its own connection: it judges the
/// service from outside.
/// </summary>
public static partial class StoreScan
{
    /// <summary>Every key name and value on every master of the store at <paramref name="connectionString"/>, as one corpus.</summary>
    public static async Task<byte[]> ValuesAsync(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AllowAdmin = true;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var database = connection.GetDatabase();
        using var corpus = new MemoryStream();
        foreach (var server in connection.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: "*", pageSize: 1_000))
            {
                corpus.Write((byte[])key!);
                corpus.WriteByte(0);
                IEnumerable<RedisValue> items = (await database.KeyTypeAsync(key)) switch
                {
                    RedisType.String => [await database.StringGetAsync(key)],
                    RedisType.Hash => (await database.HashGetAllAsync(key)).SelectMany(e => new[] { e.Name, e.Value }),
                    RedisType.Set => await database.SetMembersAsync(key),
                    RedisType.List => await database.ListRangeAsync(key),
                    var other => throw new InvalidOperationException($"{key} is a {other}: teach the scan to read it."),
                };
                foreach (var item in items)
                {
                    corpus.Write((byte[])item!);
                    corpus.WriteByte(0);
                }
            }
        }

        return Decoded(corpus.ToArray());
    }

    /// <summary>The bytes of files, with their QR texts decoded.</summary>
    public static byte[] Files(IEnumerable<string> paths) => Decoded([.. paths.SelectMany(File.ReadAllBytes)]);

    /// <summary>The needles found in a corpus.</summary>
    public static List<string> Found(byte[] corpus, IEnumerable<string> needles) =>
        [.. needles.Where(n => corpus.AsSpan().IndexOf(Encoding.UTF8.GetBytes(n)) >= 0)];

    private static byte[] Decoded(byte[] corpus)
    {
        using var all = new MemoryStream();
        all.Write(corpus);
        // JSON writers escape '+' of Base45 text as \u002B.
        foreach (Match match in QrText().Matches(Encoding.Latin1.GetString(corpus).Replace("\\u002B", "+", StringComparison.OrdinalIgnoreCase)))
        {
            if (Base45.TryDecode(match.Groups[1].Value, out var compressed))
            {
                try
                {
                    using var inflate = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
                    inflate.CopyTo(all);
                }
                catch (InvalidDataException)
                {
                    // Not zlib after all.
                }
            }
        }

        return all.ToArray();
    }

    [GeneratedRegex("ELC1:([0-9A-Z $%*+./:-]{20,})")]
    private static partial Regex QrText();
}
