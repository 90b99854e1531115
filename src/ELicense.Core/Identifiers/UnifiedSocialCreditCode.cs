namespace ELicense.Core.Identifiers;

/// <summary>
/// The 18-character unified social credit code (统一社会信用代码) of GB 32100-2015: registration
/// authority, organisation category, 6-digit region code, 9-character organisation code and a
/// MOD 31 check character over an alphabet without I, O, Z, S and V.
/// </summary>
public static class UnifiedSocialCreditCode
{
    public const int Length = 18;
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>True when <paramref name="code"/> has 18 characters of the GB 32100 alphabet and a correct check character.</summary>
    public static bool IsValid(ReadOnlySpan<char> code)
        => code.Length == Length && TryComputeCheck(code[..17], out var check) && code[17] == check;

    /// <summary>Computes the check character over the first 17 characters.</summary>
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
            var value = Alphabet.IndexOf(first17[i]);
            if (value < 0)
            {
                return false;
            }

            sum += value * Weights[i];
        }

        check = Alphabet[(31 - (sum % 31)) % 31];
        return true;
    }

    /// <summary>Completes a 17-character body with its check character.</summary>
    /// <exception cref="ArgumentException">The body is not 17 characters of the GB 32100 alphabet.</exception>
    public static string Complete(string first17)
        => TryComputeCheck(first17, out var check)
            ? first17 + check
            : throw new ArgumentException("A unified social credit code body is 17 characters of 0-9 and A-Y without I, O, S, V, Z.", nameof(first17));
}
