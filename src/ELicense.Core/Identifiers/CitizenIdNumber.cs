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

    /// <summary>Masks the number for display: the first 6 and the last 4 characters stay (110105********123X).</summary>
    public static string Mask(string number)
        => number.Length == Length ? string.Concat(number.AsSpan(0, 6), new string('*', 8), number.AsSpan(14)) : new string('*', number.Length);
}
