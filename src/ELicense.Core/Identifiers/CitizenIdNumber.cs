using System.Globalization;

namespace ELicense.Core.Identifiers;

/// <summary>
/// The 18-character citizen identity number (公民身份号码) of GB 11643-1999: a 6-digit GB/T 2260
/// address code, an 8-digit birth date, a 3-digit sequence (odd for men) and an ISO 7064 MOD 11-2
/// check character (0-9 or X).
/// </summary>
public static class CitizenIdNumber
{
    public const int Length = 18;

    /// <summary>The length of the pre-1999 form: region, a birth date without its century (19yyMMdd), sequence code.</summary>
    private const int OldLength = 15;
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string Checks = "10X98765432";

    /// <summary>True when the number is well formed: known province, a real birth date, a correct check character.</summary>
    public static bool IsValid(ReadOnlySpan<char> number)
        => number.Length == Length
           && TryComputeCheck(number[..17], out var check)
           && number[17] == check
           && RegionCode.IsValid(number[..6])
           && TryGetBirthDate(number, out _);

    /// <summary>The birth date the number carries.</summary>
    public static bool TryGetBirthDate(ReadOnlySpan<char> number, out DateOnly birthDate)
    {
        birthDate = default;
        return number.Length >= 14
               && DateOnly.TryParseExact(number[6..14], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out birthDate)
               && birthDate.Year >= 1880;
    }

    /// <summary>Computes the check character over the first 17 digits.</summary>
    public static bool TryComputeCheck(ReadOnlySpan<char> first17, out char check)
    {
        check = '\0';
        if (first17.Length != 17)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(first17[i]))
            {
                return false;
            }

            sum += (first17[i] - '0') * Weights[i];
        }

        check = Checks[sum % 11];
        return true;
    }

    /// <summary>Completes a 17-digit body with its check character.</summary>
    /// <exception cref="ArgumentException">The body is not 17 digits.</exception>
    public static string Complete(string first17)
        => TryComputeCheck(first17, out var check)
            ? first17 + check
            : throw new ArgumentException("A citizen identity number body is 17 digits.", nameof(first17));

    /// <summary>
    /// Masks the number wherever it is shown beyond its own licence (a presentation, a screen): only
    /// the GB/T 2260 region stays (110105************). The birth date is no secret — a presentation
    /// may show it as a field or inside another, a face betrays an age, and the validity of a
    /// 居民身份证 follows the holder's age (居民身份证法 §5) — so the sequence code and check character
    /// are what keeps the number from being rebuilt, and they are never shown, whatever else is: with
    /// region and birth date known, the 1,000 sequence codes stay open (500 when the sex is shown too,
    /// as GB 11643 gives it the sequence's parity). Anything not 18 characters long is masked whole.
    /// </summary>
    public static string Mask(string number)
        => number.Length == Length ? string.Concat(number.AsSpan(0, 6), new string('*', Length - 6)) : new string('*', number.Length);

    /// <summary>
    /// <paramref name="text"/> with every citizen identity number written in it masked as by <see cref="Mask"/>,
    /// the holder's or anyone's, however it is written: in groups (320102 19900307 451X, with spaces,
    /// dashes, dots or invisible characters between them), in full-width or other digits (NFKC), with a
    /// lower-case x. Masked are: an 18-character number with a correct check character, wherever it stands;
    /// <paramref name="number"/>'s 17-digit body and its 15-digit pre-1999 form, wherever they stand; and,
    /// standing as numbers of their own (starting and ending where a group of digits does), anything shaped
    /// like one — a GB/T 2260 province and a real birth date — in 17 digits with or without a check
    /// character (a body gives its check away, a wrong check hides nothing) or in the 15-digit form. Digits
    /// are masked where they stand, separators and the region stay, and the text keeps its length. Shorter
    /// runs — dates, telephone numbers, amounts — are never touched.
    /// </summary>
    public static string MaskWithin(string text, string? number = null)
    {
        var holder = number is { Length: Length } && IsValid(number.ToUpperInvariant()) ? number.ToUpperInvariant() : null;
        string[] holderForms = holder is null ? [] : [holder[..17], holder[..6] + holder[8..17]];
        var chars = text.ToCharArray();
        foreach (var run in WrittenDigits.Runs(text, OldLength))
        {
            var digits = string.Concat(run.Select(s => s.Value));
            for (var at = 0; at + OldLength <= run.Count; at++)
            {
                foreach (var length in (int[])[Length, Length - 1, OldLength])
                {
                    if (at + length <= run.Count && IsWritten(digits.AsSpan(at, length), StandsAlone(run, at, length), holderForms))
                    {
                        for (var i = at + 6; i < at + length; i++)
                        {
                            chars.AsSpan(run[i].At, run[i].Width).Fill('*');
                        }
                    }
                }
            }
        }

        return new string(chars);
    }

    private static bool IsWritten(ReadOnlySpan<char> candidate, bool standsAlone, string[] holderForms)
    {
        foreach (var form in holderForms)
        {
            if (candidate.SequenceEqual(form))
            {
                return true;
            }
        }

        if (candidate.Length == Length && IsValid(candidate))
        {
            return true;
        }

        // Only the check character of the 18-character form may be an X.
        var digits = candidate.Length == Length ? candidate[..^1] : candidate;
        if (!standsAlone || digits.ContainsAnyExcept("0123456789") || !RegionCode.IsValid(candidate[..6]))
        {
            return false;
        }

        return candidate.Length == OldLength
            ? TryGetBirthDate(string.Concat(candidate[..6], "19", candidate[6..12]), out _)
            : TryGetBirthDate(candidate, out _);
    }

    /// <summary>True when the symbols from <paramref name="at"/> start a group and the next symbol, if any, starts one too.</summary>
    private static bool StandsAlone(List<WrittenDigits.Symbol> run, int at, int length)
        => run[at].StartsGroup && (at + length == run.Count || run[at + length].StartsGroup);
}
