using ELicense.Core.Identifiers;

namespace ELicense.Core.Status;

/// <summary>
/// The names of a province's status lists (DESIGN §6): <c>{region}-{n}</c>, the province's GB/T 2260
/// code and the list's number in canonical decimal (no sign, no leading zero, at most 9 digits). A
/// name belongs to exactly one province, so no province's list can speak for another's licences.
/// </summary>
public static class StatusListName
{
    /// <summary>The most digits a list number has: a billion lists of 131,072 entries is far beyond any province.</summary>
    public const int MaxNumberDigits = 9;

    /// <summary>The name of list <paramref name="number"/> of a province.</summary>
    public static string Of(string province, long number) => $"{province}-{number.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Whether <paramref name="name"/> is a well-formed list name of <paramref name="province"/>.</summary>
    public static bool BelongsTo(string? name, string province) => TryParse(name, out var region, out _) && region == province;

    /// <summary>Takes a name apart; false for anything that is not <c>{province}-{canonical number}</c>.</summary>
    public static bool TryParse(string? name, out string province, out long number)
    {
        province = "";
        number = -1;
        if (name is null || name.Length < 8 || name.Length > 7 + MaxNumberDigits || name[6] != '-')
        {
            return false;
        }

        var region = name[..6];
        var digits = name.AsSpan(7);
        if (!RegionCode.IsProvince(region) || (digits.Length > 1 && digits[0] == '0'))
        {
            return false;
        }

        long value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        province = region;
        number = value;
        return true;
    }
}
