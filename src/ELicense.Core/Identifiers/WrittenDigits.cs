using System.Globalization;
using System.Text;

namespace ELicense.Core.Identifiers;

/// <summary>
/// The runs of digits a text writes, read as a person reads them, so that a number is found however a
/// field spells it: a digit of any width or script (NFKC, so ３ and 𝟑 are 3; any Unicode decimal digit
/// by its value), a check character X or x (Ｘ too), and between two of them up to
/// <see cref="MostSeparators"/> separators a reader skips — spaces of every kind, dashes, dots, and
/// invisible format characters such as U+200B. Each symbol keeps its place in the text, so what is found
/// is masked where it stands and the text keeps its length.
/// </summary>
internal static class WrittenDigits
{
    /// <summary>The most separators between two digits of one run: "320102 - 19900307" is one run, a sentence is not.</summary>
    public const int MostSeparators = 3;

    /// <summary>One digit or check character as written.</summary>
    /// <param name="Value">What it reads as: '0'–'9' or 'X'.</param>
    /// <param name="At">Where it stands in the text.</param>
    /// <param name="Width">How many UTF-16 units it takes there.</param>
    /// <param name="StartsGroup">The first of its run, or written after a separator or an X: a number can begin here.</param>
    public readonly record struct Symbol(char Value, int At, int Width, bool StartsGroup);

    /// <summary>The runs of <paramref name="text"/>, in order, each at least <paramref name="shortest"/> symbols long.</summary>
    public static List<List<Symbol>> Runs(string text, int shortest)
    {
        var runs = new List<List<Symbol>>();
        var run = new List<Symbol>();
        var separators = 0;
        for (var at = 0; at < text.Length;)
        {
            Rune.DecodeFromUtf16(text.AsSpan(at), out var rune, out var width);
            var value = Read(rune);
            if (value is not null)
            {
                var startsGroup = run.Count == 0 || separators > 0 || run[^1].Value == 'X';
                run.Add(new Symbol(value.Value, at, width, startsGroup));
                separators = 0;
            }
            else if (run.Count > 0 && IsSeparator(rune) && separators < MostSeparators)
            {
                separators++;
            }
            else
            {
                Close(runs, ref run, shortest);
                separators = 0;
            }

            at += width;
        }

        Close(runs, ref run, shortest);
        return runs;
    }

    private static void Close(List<List<Symbol>> runs, ref List<Symbol> run, int shortest)
    {
        if (run.Count >= shortest)
        {
            runs.Add(run);
            run = [];
        }
        else
        {
            run.Clear();
        }
    }

    /// <summary>The digit or check character <paramref name="rune"/> reads as, or null.</summary>
    private static char? Read(Rune rune)
    {
        if (rune.IsAscii)
        {
            var c = (char)rune.Value;
            return char.IsAsciiDigit(c) ? c : c is 'X' or 'x' ? 'X' : null;
        }

        var normalised = rune.ToString().Normalize(NormalizationForm.FormKC);
        if (normalised.Length == 1 && (char.IsAsciiDigit(normalised[0]) || normalised[0] is 'X' or 'x'))
        {
            return normalised[0] == 'x' ? 'X' : normalised[0];
        }

        // Digits NFKC keeps as they are (Arabic-Indic, Devanagari, …) still read as their value.
        return Rune.GetUnicodeCategory(rune) == UnicodeCategory.DecimalDigitNumber ? (char)('0' + (int)Rune.GetNumericValue(rune)) : null;
    }

    private static bool IsSeparator(Rune rune)
        => Rune.IsWhiteSpace(rune)
           || rune.Value is '.' or '\u00b7' or '\u30fb' or '\uff0e' or '\uff65'
           || Rune.GetUnicodeCategory(rune) is UnicodeCategory.DashPunctuation or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.Format;
}
