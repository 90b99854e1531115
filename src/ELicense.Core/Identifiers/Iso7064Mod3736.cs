namespace ELicense.Core.Identifiers;

/// <summary>
/// ISO/IEC 7064 (GB/T 17710) hybrid system MOD 37,36 over the 36 characters <c>0-9A-Z</c>,
/// the check character GB/T 36904 prescribes for electronic-licence identifiers.
/// </summary>
public static class Iso7064Mod3736
{
    private const int M = 36;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>The value of an alphanumeric character, or -1 when it is not one (lower case is not one).</summary>
    public static int ValueOf(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Computes the check character for <paramref name="body"/>.</summary>
    /// <exception cref="ArgumentException">The body is empty or holds a character outside <c>0-9A-Z</c>.</exception>
    public static char Compute(ReadOnlySpan<char> body)
    {
        if (!TryCompute(body, out var check))
        {
            throw new ArgumentException("The body must be one or more characters of 0-9A-Z.", nameof(body));
        }

        return check;
    }

    /// <summary>Computes the check character, or returns false for an empty body or a character outside <c>0-9A-Z</c>.</summary>
    public static bool TryCompute(ReadOnlySpan<char> body, out char check)
    {
        check = '\0';
        if (body.IsEmpty)
        {
            return false;
        }

        var p = M;
        foreach (var c in body)
        {
            var value = ValueOf(c);
            if (value < 0)
            {
                return false;
            }

            var s = (p + value) % M;
            p = (s == 0 ? M : s) * 2 % (M + 1);
        }

        check = Alphabet[(M + 1 - p) % M];
        return true;
    }
}
