using ELicense.Verifier.Documents;

namespace ELicense.Verifier.Tests;

/// <summary>
/// The printed-QR reading of a PDF is kept for a minute under the SHA-256 of its bytes, for at most
/// 256 files, so the same PDF sent again is not rendered again; a rendering that failed is not kept.
/// A stand-in renderer counts its runs and prints a one-pixel page.
/// </summary>
public sealed class PrintedQrCacheTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("elicense-renderer-").FullName;
    private readonly ManualTime time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task The_same_PDF_within_a_minute_is_rendered_once_and_again_after_the_minute()
    {
        var reader = new PrintedQrReader(Renderer(exitCode: 0), time: time);
        byte[] first = [1, 2, 3];
        byte[] second = [1, 2, 4];

        var reading = await reader.ReadAsync(first, CancellationToken.None);
        Assert.True(reading.Rendered);
        Assert.Same(reading, await reader.ReadAsync(first, CancellationToken.None));
        Assert.Equal(1, Runs());
        await reader.ReadAsync(second, CancellationToken.None);
        Assert.Equal(2, Runs());

        time.Advance(PrintedQrReader.CacheLifetime - TimeSpan.FromSeconds(1));
        await reader.ReadAsync(first, CancellationToken.None);
        Assert.Equal(2, Runs());
        time.Advance(TimeSpan.FromSeconds(2));
        await reader.ReadAsync(first, CancellationToken.None);
        Assert.Equal(3, Runs());
    }

    [Fact]
    public async Task At_most_256_readings_are_kept_and_the_oldest_goes_first()
    {
        var reader = new PrintedQrReader(Renderer(exitCode: 0), time: time);
        var files = Enumerable.Range(0, PrintedQrReader.CacheEntries + 1).Select(i => BitConverter.GetBytes(i)).ToList();
        foreach (var file in files)
        {
            await reader.ReadAsync(file, CancellationToken.None);
        }

        Assert.Equal(PrintedQrReader.CacheEntries + 1, Runs());
        await reader.ReadAsync(files[^1], CancellationToken.None);
        Assert.Equal(PrintedQrReader.CacheEntries + 1, Runs());
        await reader.ReadAsync(files[0], CancellationToken.None);
        Assert.Equal(PrintedQrReader.CacheEntries + 2, Runs());
    }

    [Fact]
    public async Task A_rendering_that_failed_is_tried_again_the_next_time()
    {
        var reader = new PrintedQrReader(Renderer(exitCode: 1), time: time);

        Assert.False((await reader.ReadAsync([9], CancellationToken.None)).Rendered);
        Assert.False((await reader.ReadAsync([9], CancellationToken.None)).Rendered);
        Assert.Equal(2, Runs());
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>A shell script standing in for pdftoppm: it notes each run, reads the PDF and writes a one-pixel grey page.</summary>
    private string Renderer(int exitCode)
    {
        var path = Path.Combine(folder, "render.sh");
        File.WriteAllText(path, $"#!/bin/sh\necho run >> '{Path.Combine(folder, "runs")}'\ncat > /dev/null\nprintf 'P5\\n1 1\\n255\\n\\377'\nexit {exitCode}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private int Runs()
    {
        var path = Path.Combine(folder, "runs");
        return File.Exists(path) ? File.ReadAllLines(path).Length : 0;
    }

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
