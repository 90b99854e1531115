using ELicense.Core.Crypto;
using ELicense.Core.Encoding;
using ELicense.Core.Reasons;
using ELicense.Core.Status;
using ELicense.Core.Tests.Verification;
using ELicense.Core.Verification;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Status;

public class StatusListTokenTests
{
    private const int MaxEntries = 1 << 24;

    [Theory]
    [InlineData(KeyFamily.Sm2)]
    [InlineData(KeyFamily.Rsa)]
    public void A_signed_token_verifies_and_keeps_every_entry(KeyFamily family)
    {
        var token = Token();
        token.List[17] = LicenceStatus.Revoked;
        token.List[131_071] = LicenceStatus.Suspended;

        var bytes = StatusListTokenCodec.Sign(token, TestPki.For(family).SignerFor("320000"));

        Assert.True(StatusListTokenCodec.TryVerify(bytes, TestPki.Trust(), "320000", token.Subject, Some.Now, null, MaxEntries, out var verified, out var error), error);
        Assert.Equal(token.List.AsBytes().ToArray(), verified!.Token.List.AsBytes().ToArray());
        Assert.Equal((token.IssuedAt, token.ExpiresAt, token.TimeToLive), (verified.Token.IssuedAt, verified.Token.ExpiresAt, verified.Token.TimeToLive));
        Assert.Equal("320000", verified.Province);
    }

    [Fact]
    public void A_token_carries_the_typ_of_the_draft()
    {
        var bytes = StatusListTokenCodec.Sign(Token(), TestPki.Sm2.SignerFor("320000"));

        Assert.True(CoseSign1.TryDecode(bytes, out var message, out _));
        Assert.Equal("application/statuslist+cwt", message!.Type);
        Assert.Null(message.ContentType);
    }

    [Fact]
    public void An_empty_list_of_a_million_entries_compresses_to_little()
    {
        var bytes = StatusListTokenCodec.Sign(Token(1 << 20), TestPki.Sm2.SignerFor("320000"));

        Assert.True(bytes.Length < 2_000, $"{bytes.Length} bytes");
    }

    [Fact]
    public void Every_single_bit_flip_is_refused()
    {
        var bytes = StatusListTokenCodec.Sign(Token(4_096), TestPki.Sm2.SignerFor("320000"));
        var trust = TestPki.Trust();
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));

            Assert.False(StatusListTokenCodec.TryVerify(flipped, trust, "320000", "320000-1", Some.Now, null, MaxEntries, out _, out _), $"bit {bit}");
        }
    }

    [Fact]
    public void A_token_from_an_untrusted_signer_is_refused()
        => AssertRefused(StatusListTokenCodec.Sign(Token(), TestPki.Untrusted.SignerFor("320000")), "320000", "320000-1");

    [Fact]
    public void A_token_signed_by_another_province_is_refused()
        => AssertRefused(StatusListTokenCodec.Sign(Token(), TestPki.Sm2.SignerFor("310000")), "320000", "320000-1");

    [Fact]
    public void A_token_about_another_list_is_refused()
        => AssertRefused(StatusListTokenCodec.Sign(Token(), TestPki.Sm2.SignerFor("320000")), "320000", "320000-2");

    [Fact]
    public void A_licence_qr_is_not_a_status_list_token()
    {
        var scenario = new Scenario();

        AssertRefused(CoseForge_Unwrap(scenario.Text), "320000", "320000-1");
    }

    [Fact]
    public void A_list_past_the_size_limit_is_refused_before_it_is_inflated()
    {
        var bytes = StatusListTokenCodec.Sign(Token(1 << 20), TestPki.Sm2.SignerFor("320000"));

        Assert.False(StatusListTokenCodec.TryDecode(bytes, 1 << 16, out _, out _, out var error));
        Assert.Contains("more than", error);
    }

    [Fact]
    public void The_pipeline_reads_revocation_and_suspension_from_verified_lists()
    {
        var scenario = new Scenario();
        var token = Token();
        var collection = new StatusListCollection();
        scenario.Status = null!;
        Assert.True(collection.Offer(Held(token), Some.Now));

        Assert.Equal(VerdictKind.Valid, Scenario.Pipeline.Verify(scenario.Text, scenario.Trust, collection, Some.Now.AddMinutes(1)).Kind);

        var revoked = Token(issuedAt: Some.Now.AddSeconds(30));
        revoked.List[scenario.Licence.Status.Index] = LicenceStatus.Revoked;
        Assert.True(collection.Offer(Held(revoked), Some.Now));
        Assert.Equal(ReasonCode.Revoked, Scenario.Pipeline.Verify(scenario.Text, scenario.Trust, collection, Some.Now.AddMinutes(1)).FirstReason!.Code);
    }

    [Fact]
    public void An_older_token_never_replaces_a_newer_one()
    {
        var collection = new StatusListCollection();
        var newer = Token(issuedAt: Some.Now);
        newer.List[5] = LicenceStatus.Revoked;
        collection.Offer(Held(newer), Some.Now);

        Assert.False(collection.Offer(Held(Token(issuedAt: Some.Now.AddMinutes(-5))), Some.Now));
        Assert.Equal(LicenceStatus.Revoked, collection.Find("320000", new StatusReference("320000-1", 5))!.Status);
    }

    [Fact]
    public void An_index_outside_every_held_list_has_no_status()
    {
        var collection = new StatusListCollection();
        collection.Offer(Held(Token()), Some.Now);

        Assert.Null(collection.Find("320000", new StatusReference("320000-1", StatusList.MinimumEntries)));
        Assert.Null(collection.Find("320000", new StatusReference("320000-9", 0)));
    }

    private static StatusListToken Token(int entries = StatusList.MinimumEntries, DateTimeOffset? issuedAt = null)
    {
        var at = issuedAt ?? Some.Now.AddMinutes(-3);
        return new StatusListToken("320000-1", at, at.AddHours(1), TimeSpan.FromMinutes(5), new StatusList(entries));
    }

    /// <summary>A token as a host holds it after verifying it: of 320000, signed by the dev SM2 signer.</summary>
    private static VerifiedStatusList Held(StatusListToken token)
    {
        var signer = TestPki.Sm2.SignerFor("320000");
        return new VerifiedStatusList("320000", token, signer.Kid, signer.Certificate);
    }

    private static void AssertRefused(byte[] bytes, string province, string subject)
    {
        Assert.False(StatusListTokenCodec.TryVerify(bytes, TestPki.Trust(), province, subject, Some.Now, null, MaxEntries, out var token, out var error));
        Assert.Null(token);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    private static byte[] CoseForge_Unwrap(string text) => Tests.Encoding.CoseForge.Unwrap(text);
}
