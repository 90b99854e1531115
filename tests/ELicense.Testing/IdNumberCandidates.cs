using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;

namespace ELicense.Testing;

/// <summary>
/// The attacker's side of masking: how many GB 11643 numbers agree with everything a presentation
/// shows. Whatever is shown is read at its most helpful — the test knows the true number and lets
/// each shown thing count as soon as it matches: a region code anywhere (the issuer's, a birth
/// place) fixes the region, a date in any format or a year anywhere fixes the birth date or its
/// year, a shown 男/女 fixes the parity of the sequence, the number (or its 17-digit body or its
/// 15-digit form) anywhere is the number. The check character then leaves one in eleven.
/// </summary>
public static partial class IdNumberCandidates
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string Checks = "10X98765432";
    private static readonly string[] Provinces = [.. Enumerable.Range(10, 90).Select(p => p.ToString(CultureInfo.InvariantCulture)).Where(p => RegionCode.IsValid(p + "0000"))];
    private static readonly ConcurrentDictionary<(DateOnly, DateOnly), long[]> OpenRanges = new();

    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyyMMdd", "yyyy/MM/dd", "yyyy/M/d", "yyyy.MM.dd", "yyyy.M.d", "yyyy年M月d日", "yyyy年MM月dd日", "dd/MM/yyyy", "d/M/yyyy", "MM/dd/yyyy", "M/d/yyyy", "yyMMdd"];

    /// <summary>Everything a presentation shows as text, and every instant it states.</summary>
    public static (List<string> Texts, List<DateTimeOffset> Instants) Shown(LicencePayload presentation)
    {
        var texts = new List<string>
        {
            presentation.Identifier, presentation.TypeCode, presentation.Issuer.RegionCode, presentation.Issuer.AuthorityName, presentation.Issuer.AuthorityCode,
            presentation.Holder.Name, presentation.Holder.IdType, presentation.Holder.IdNumber, presentation.Status.List,
            presentation.Status.Index.ToString(CultureInfo.InvariantCulture),
        };
        texts.AddRange(presentation.Fields.Keys);
        texts.AddRange(presentation.Fields.Values);
        var instants = new List<DateTimeOffset> { presentation.IssuedAt, presentation.ValidFrom };
        instants.AddRange(new[] { presentation.ValidUntil, presentation.LicenceValidity?.From, presentation.LicenceValidity?.Until }.OfType<DateTimeOffset>());
        return (texts, instants);
    }

    /// <summary>The numbers that agree with <paramref name="presentation"/> and whose truth is <paramref name="number"/>.</summary>
    /// <param name="countSex">Whether a shown 男/女 narrows the sequence to odd or even numbers.</param>
    public static long Count(string number, LicencePayload presentation, bool countSex)
    {
        var (texts, instants) = Shown(presentation);
        return Count(number, presentation.Holder.IdNumber, texts, instants, countSex);
    }

    /// <summary>The numbers that agree with a masked form and the shown texts and instants.</summary>
    /// <exception cref="ArgumentException">The true number does not agree with what is shown (a broken test).</exception>
    public static long Count(string number, string masked, IReadOnlyCollection<string> texts, IReadOnlyCollection<DateTimeOffset> instants, bool countSex)
    {
        if (!CitizenIdNumber.IsValid(number))
        {
            throw new ArgumentException($"'{number}' is not a valid citizen identity number.", nameof(number));
        }

        if (texts.Any(t => t.Contains(number[..17], StringComparison.OrdinalIgnoreCase) || t.Contains(number[..6] + number[8..17], StringComparison.Ordinal)))
        {
            return 1;
        }

        var pattern = masked.Length == CitizenIdNumber.Length ? masked.ToUpperInvariant() : new string('*', CitizenIdNumber.Length);
        if (Enumerable.Range(0, CitizenIdNumber.Length).Any(i => pattern[i] != '*' && pattern[i] != number[i]))
        {
            throw new ArgumentException($"The masked form '{masked}' shows characters the number does not have.", nameof(masked));
        }

        var regions = Histogram(Regions(number, pattern, texts), 0);
        var dates = DateHistogram(number, pattern, texts, instants);
        var sexShown = countSex && texts.Contains((number[16] - '0') % 2 == 1 ? "男" : "女");
        var sequences = Histogram(
            Enumerable.Range(0, 1000).Select(s => s.ToString("000", CultureInfo.InvariantCulture))
                .Where(s => Matches(s, pattern, 14) && (!sexShown || s[2] % 2 == number[16] % 2)),
            14);
        var total = 0L;
        for (var a = 0; a < 11; a++)
        {
            for (var b = 0; b < 11; b++)
            {
                for (var c = 0; c < 11; c++)
                {
                    var check = Checks[(a + b + c) % 11];
                    if (pattern[17] == '*' || pattern[17] == check)
                    {
                        total += regions[a] * dates[b] * sequences[c];
                    }
                }
            }
        }

        return total;
    }

    private static IEnumerable<string> Regions(string number, string pattern, IReadOnlyCollection<string> texts)
    {
        var region = number[..6];
        if (texts.Any(t => t.Contains(region, StringComparison.Ordinal)))
        {
            return [region];
        }

        return Provinces.SelectMany(p => Enumerable.Range(0, 10_000).Select(r => p + r.ToString("0000", CultureInfo.InvariantCulture)))
            .Where(r => Matches(r, pattern, 0));
    }

    /// <summary>The birth dates that agree: the one shown, or every day of a shown year, or every day from 1880 to the latest date shown.</summary>
    private static long[] DateHistogram(string number, string pattern, IReadOnlyCollection<string> texts, IReadOnlyCollection<DateTimeOffset> instants)
    {
        CitizenIdNumber.TryGetBirthDate(number, out var birth);
        var days = instants.SelectMany(i => new[] { DateOnly.FromDateTime(i.UtcDateTime), DateOnly.FromDateTime(i.ToOffset(TimeSpan.FromHours(8)).DateTime) }).ToList();
        if (days.Contains(birth) || texts.Any(t => DateFormats.Any(f => t.Contains(birth.ToString(f, CultureInfo.InvariantCulture), StringComparison.Ordinal))))
        {
            return Histogram(new[] { birth }.Select(Digits).Where(d => Matches(d, pattern, 6)), 6);
        }

        var year = birth.Year.ToString(CultureInfo.InvariantCulture);
        var yearShown = days.Any(d => d.Year == birth.Year) || texts.Any(t => DigitRuns().Matches(t).Any(m => m.Value == year));
        var first = yearShown ? new DateOnly(birth.Year, 1, 1) : new DateOnly(1880, 1, 1);
        var end = yearShown ? new DateOnly(birth.Year, 12, 31) : days.Count == 0 ? DateOnly.FromDateTime(DateTime.UtcNow) : days.Max();
        var range = Enumerable.Range(0, end.DayNumber - first.DayNumber + 1).Select(first.AddDays).Select(Digits);
        return pattern[6..14] == "********"
            ? OpenRanges.GetOrAdd((first, end), _ => Histogram(range, 6))
            : Histogram(range.Where(d => Matches(d, pattern, 6)), 6);
    }

    private static string Digits(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static bool Matches(string part, string pattern, int at)
    {
        for (var i = 0; i < part.Length; i++)
        {
            if (pattern[at + i] != '*' && pattern[at + i] != part[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How many parts give each weighted sum modulo 11, the part starting at position <paramref name="at"/>.</summary>
    private static long[] Histogram(IEnumerable<string> parts, int at)
    {
        var counts = new long[11];
        foreach (var part in parts)
        {
            var sum = 0;
            for (var i = 0; i < part.Length; i++)
            {
                sum += (part[i] - '0') * Weights[at + i];
            }

            counts[sum % 11]++;
        }

        return counts;
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex DigitRuns();
}
