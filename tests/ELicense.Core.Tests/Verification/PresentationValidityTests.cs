using ELicense.Core.Encoding;
using ELicense.Core.Reasons;
using ELicense.Core.Verification;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Verification;

/// <summary>
/// A presentation carries its licence's own validity (payload key 11, <c>[valid-from, valid-until]</c>,
/// one element when permanent) and a verifier holds it to both: its own 60-second window and the
/// licence's validity, which the window must not outrun. The key is written here byte by byte, so
/// the wire form is pinned whatever the encoder does.
/// </summary>
public class PresentationValidityTests
{
    private static readonly DateTimeOffset At = Some.Now.AddSeconds(15);

    [Fact]
    public void A_current_presentation_of_a_licence_that_expired_yesterday_is_EXPIRED_by_the_licences_own_validity()
    {
        var verdict = VerifyWith(Validity(Some.Now.AddYears(-20), Some.Now.AddDays(-1)));

        AssertFails(verdict, ReasonCode.Expired);
        Assert.Contains("licence's own validity", verdict.FirstReason!.Message, StringComparison.Ordinal);
        Assert.Contains("证照本身", verdict.FirstReason.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void A_current_presentation_of_a_licence_not_valid_yet_is_NOT_YET_VALID_by_the_licences_own_validity()
    {
        var verdict = VerifyWith(Validity(Some.Now.AddDays(10), Some.Now.AddYears(20)));

        AssertFails(verdict, ReasonCode.NotYetValid);
        Assert.Contains("licence's own validity", verdict.FirstReason!.Message, StringComparison.Ordinal);
        Assert.Contains("证照本身", verdict.FirstReason.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void A_presentation_whose_window_runs_past_the_licences_end_is_refused()
    {
        var verdict = VerifyWith(Validity(Some.Now.AddYears(-1), Some.Now.AddSeconds(30)));

        AssertFails(verdict, ReasonCode.Expired);
        Assert.Contains("licence's own validity", verdict.FirstReason!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_presentation_within_its_licences_validity_is_valid_and_a_permanent_licence_has_no_end()
    {
        Assert.Equal(VerdictKind.Valid, VerifyWith(Validity(Some.Now.AddYears(-1), Some.Now.AddYears(1))).Kind);
        Assert.Equal(VerdictKind.Valid, VerifyWith(Validity(Some.Now.AddYears(-1), null)).Kind);
    }

    [Fact]
    public void A_presentation_without_the_key_stays_readable()
        => Assert.Equal(VerdictKind.Valid, VerifyWith(null).Kind);

    [Fact]
    public void A_licence_carrying_the_key_is_PAYLOAD_INVALID()
    {
        var scenario = new Scenario();
        var map = CborMapEntries.Read(LicencePayloadCbor.Encode(scenario.Licence)).Set(11, Validity(Some.Now, Some.Now.AddYears(20)));

        var verdict = scenario.Verify(scenario.SignRaw(map.Encode()));

        AssertFails(verdict, ReasonCode.PayloadInvalid);
    }

    public static TheoryData<string, byte[], ReasonCode> MalformedValidities()
    {
        var from = Some.Now.AddYears(-1).ToUnixTimeSeconds();
        var until = Some.Now.AddYears(1).ToUnixTimeSeconds();
        return new()
        {
            { "an empty array", CborItem.Write(w => { w.WriteStartArray(0); w.WriteEndArray(); }), ReasonCode.PayloadInvalid },
            { "three elements", CborItem.Write(w => { w.WriteStartArray(3); w.WriteInt64(from); w.WriteInt64(until); w.WriteInt64(until); w.WriteEndArray(); }), ReasonCode.PayloadInvalid },
            { "null for permanent", CborItem.Write(w => { w.WriteStartArray(2); w.WriteInt64(from); w.WriteNull(); w.WriteEndArray(); }), ReasonCode.PayloadInvalid },
            { "text for a date", CborItem.Write(w => { w.WriteStartArray(1); w.WriteTextString("2026-01-01"); w.WriteEndArray(); }), ReasonCode.PayloadInvalid },
            { "a map", CborMapEntries.Of((CborItem.Int(1), CborItem.Int(from))).Encode(), ReasonCode.PayloadInvalid },
            { "a bare integer", CborItem.Int(from), ReasonCode.PayloadInvalid },
            { "an indefinite-length array", CborItem.Write(w => { w.WriteStartArray(null); w.WriteInt64(from); w.WriteEndArray(); }), ReasonCode.CborNotCanonical },
            { "a padded integer", [0x81, .. CborItem.LongUInt((ulong)from)], ReasonCode.CborNotCanonical },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedValidities))]
    public void A_malformed_licence_validity_is_refused(string form, byte[] value, ReasonCode reason)
    {
        var verdict = VerifyWith(value);

        Assert.True(verdict.Kind == VerdictKind.Invalid && verdict.FirstReason!.Code == reason, $"{form}: {verdict.Kind} {verdict.FirstReason?.Code}");
    }

    /// <summary>Key 11 as the wallet writes it: definite-length array of one or two integers (seconds since the epoch).</summary>
    public static byte[] Validity(DateTimeOffset from, DateTimeOffset? until) => CborItem.Write(w =>
    {
        w.WriteStartArray(until is null ? 1 : 2);
        w.WriteInt64(from.ToUnixTimeSeconds());
        if (until is { } end)
        {
            w.WriteInt64(end.ToUnixTimeSeconds());
        }

        w.WriteEndArray();
    });

    /// <summary>A presentation made at <see cref="Some.Now"/> for 60 s with <paramref name="validity"/> under key 11 (null: none), signed and verified 15 s later.</summary>
    private static Verdict VerifyWith(byte[]? validity)
    {
        var scenario = new Scenario();
        var map = CborMapEntries.Read(LicencePayloadCbor.Encode(Some.Presentation(scenario.Licence, Some.Now))).Remove(11);
        map = validity is null ? map : map.Set(11, validity);
        return scenario.Verify(scenario.SignRaw(map.Encode(), PayloadKind.Presentation), At);
    }

    private static void AssertFails(Verdict verdict, ReasonCode reason)
    {
        Assert.Equal(VerdictKind.Invalid, verdict.Kind);
        Assert.Equal(reason, verdict.FirstReason!.Code);
        Assert.Equal(CheckResult.Failed, verdict.Checks[ReasonCatalogue.Describe(reason).Check]);
    }
}
