using System.Text.RegularExpressions;

namespace ELicense.Core.Licenses;

/// <summary>One field of a licence type: its key in the payload, its labels and its rule.</summary>
/// <param name="Key">The key in the payload and the API (short, camelCase, stable).</param>
/// <param name="LabelZh">The label printed on the licence.</param>
/// <param name="NameEn">The English name.</param>
/// <param name="Kind">The value type and format rule.</param>
/// <param name="Required">Whether every licence of the type must carry it.</param>
/// <param name="MaxLength">The longest text accepted, in characters.</param>
/// <param name="Choices">The allowed values of a <see cref="FieldKind.Choice"/> field.</param>
/// <param name="Pattern">For a <see cref="FieldKind.Text"/> field, a regular expression the whole value must match; run
/// without backtracking, so a definition cannot make a check slow.</param>
/// <param name="Mask">How a presentation shows the field (<see cref="FieldMask"/>).</param>
/// <param name="HolderIdAgreement">For a citizen holder: what of the holder's identity number this field must agree with
/// (<see cref="HolderIdAgreements"/>), e.g. an ID card's date of birth.</param>
public sealed record FieldDefinition(
    string Key,
    string LabelZh,
    string NameEn,
    FieldKind Kind,
    bool Required = true,
    int MaxLength = 64,
    IReadOnlyList<string>? Choices = null,
    string? Pattern = null,
    FieldMask Mask = FieldMask.None,
    string? HolderIdAgreement = null)
{
    private Regex? regex;

    /// <summary>The compiled <see cref="Pattern"/>, anchored to the whole value; null when there is none.</summary>
    /// <exception cref="ArgumentException">The pattern is not a regular expression this engine runs (checked when a definition is read).</exception>
    public Regex? PatternRegex => Pattern is null ? null : regex ??= Compile(Pattern);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    /// <summary>
    /// The pattern compiled on .NET's non-backtracking engine, anchored to the whole value (<c>\A(?:…)\z</c>), the pattern
    /// having compiled on its own first so that it cannot close the wrapper's group. Compiled once per pattern text (at most
    /// 4,096 kept; beyond that each definition compiles its own).
    /// </summary>
    /// <exception cref="ArgumentException">Not a regular expression, or one outside <see cref="PatternProblem"/>'s subset.</exception>
    internal static Regex Compile(string pattern)
    {
        if (Compiled.TryGetValue(pattern, out var known))
        {
            return known;
        }

        if (PatternProblem(pattern) is { } problem)
        {
            throw new ArgumentException(problem, nameof(pattern));
        }

        _ = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        // The subset bounds the automaton and values are at most 200 characters, so a match is microseconds once built. The
        // timeout is a last guard, generous because the first match builds the automaton and a loaded machine may stall it.
        var regex = new Regex(@"\A(?:" + pattern + @")\z", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        _ = regex.IsMatch("");
        if (Compiled.Count < 4_096)
        {
            Compiled.TryAdd(pattern, regex);
        }

        return regex;
    }

    /// <summary>
    /// Why a pattern is outside the subset a definition may use; null when inside. The subset keeps matching cheap on any
    /// engine and the meaning unambiguous: no quantified group (<c>(…)*</c>, <c>(…){n}</c>), no counted repeat above 64,
    /// at most 16 quantifiers, no backreference or lookaround, and explicit ASCII classes (<c>[0-9]</c>, <c>[A-Za-z]</c>)
    /// instead of <c>\d</c>, <c>\w</c>, <c>\s</c>, which also match non-ASCII digits and letters.
    /// </summary>
    internal static string? PatternProblem(string pattern)
    {
        var quantifiers = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                if (next is 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 'p' or 'P' || char.IsAsciiDigit(next) || next == 'k')
                {
                    return $"'\\{next}' is not allowed: write the characters as an explicit class such as [0-9]";
                }

                continue;
            }

            if (c is '*' or '+' or '?' or '{')
            {
                if (c == '?' && i > 0 && pattern[i - 1] == '(')
                {
                    return "groups with (? (lookarounds, named or non-capturing groups) are not allowed";
                }

                if (++quantifiers > 16)
                {
                    return "at most 16 quantifiers";
                }

                if (i > 0 && pattern[i - 1] == ')')
                {
                    return "a quantified group is not allowed";
                }

                if (c == '{')
                {
                    var close = pattern.IndexOf('}', i);
                    var counts = close < 0 ? "" : pattern[(i + 1)..close];
                    if (counts.Split(',').Any(n => n.Length > 2 || (int.TryParse(n, out var count) && count > 64)))
                    {
                        return "a counted repeat may not exceed 64";
                    }
                }
            }
        }

        return null;
    }
}

/// <summary>How a presentation shows a field. Citizen identity numbers are masked to their region whatever the mask (ADR 0006).</summary>
public enum FieldMask
{
    /// <summary>Shown as issued when the holder chooses to show it.</summary>
    None,

    /// <summary>Never shown in a presentation: the holder shows the licence itself for it.</summary>
    Hidden,
}

/// <summary>What of a citizen identity number a field may be required to agree with.</summary>
public static class HolderIdAgreements
{
    /// <summary>The date of birth in digits 7–14 (a <see cref="FieldKind.Date"/> field).</summary>
    public const string BirthDate = "birth-date";

    /// <summary>The sex in digit 17, odd 男, even 女 (a <see cref="FieldKind.Choice"/> field with those choices).</summary>
    public const string Sex = "sex";

    public static readonly IReadOnlyList<string> All = [BirthDate, Sex];
}
