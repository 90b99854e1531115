using System.Globalization;
using System.Text;
using QRCoder;

namespace ELicense.LicenseService.Rendering;

/// <summary>
/// The modules of a QR code (error correction M, quiet zone of 4 included), as runs of dark
/// modules per row: the PDF draws each run as one rectangle, the SVG as one path segment.
/// </summary>
public sealed class QrMatrix
{
    private readonly List<System.Collections.BitArray> rows;

    private QrMatrix(List<System.Collections.BitArray> rows, int version)
    {
        this.rows = rows;
        Version = version;
    }

    /// <summary>Modules per side, quiet zone included.</summary>
    public int Size => rows.Count;

    /// <summary>The QR version (1–40).</summary>
    public int Version { get; }

    /// <summary>Encodes text at error-correction level M (15 % of the code may be damaged).</summary>
    public static QrMatrix Create(string text)
    {
        using var generator = new QRCodeGenerator();
        var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new QrMatrix(data.ModuleMatrix, data.Version);
    }

    /// <summary>The dark runs: row, first column, length.</summary>
    public IEnumerable<(int Row, int Column, int Length)> DarkRuns()
    {
        for (var row = 0; row < rows.Count; row++)
        {
            var bits = rows[row];
            var column = 0;
            while (column < bits.Length)
            {
                if (!bits[column])
                {
                    column++;
                    continue;
                }

                var start = column;
                while (column < bits.Length && bits[column])
                {
                    column++;
                }

                yield return (row, start, column - start);
            }
        }
    }

    /// <summary>An SVG image with one path, <paramref name="moduleSize"/> user units per module.</summary>
    public string ToSvg(int moduleSize = 4)
    {
        var side = Size * moduleSize;
        var path = new StringBuilder();
        foreach (var (row, column, length) in DarkRuns())
        {
            path.Append(CultureInfo.InvariantCulture, $"M{column * moduleSize} {row * moduleSize}h{length * moduleSize}v{moduleSize}h-{length * moduleSize}z");
        }

        return $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" width="{side}" height="{side}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="{path}"/></svg>""";
    }

    /// <summary>A PNG, <paramref name="pixelsPerModule"/> pixels per module, black on white (explicit 8-bit colours).</summary>
    public static byte[] ToPng(string text, int pixelsPerModule = 6)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule, [0, 0, 0, 255], [255, 255, 255, 255]);
    }
}
