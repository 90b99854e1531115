using ELicense.Core.Crypto;
using ELicense.Core.Trust;
using ELicense.DevPki;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Trust;

public sealed class TrustListCodecTests
{
    private static DocumentSigner ListSigner(string province, GeneratedPki? pki = null) => TestTrustLists.ListSigner(province, pki);

    private static TrustListEntry Entry(GeneratedPki pki, string province, SignerState state, DateTimeOffset? compromisedAt = null) => TestTrustLists.Entry(pki, province, state, compromisedAt);

    private static TrustList List(string region, IReadOnlyList<TrustListEntry> entries) => TestTrustLists.List(region, entries);

    private static byte[] Sign(TrustList list) => TestTrustLists.Sign(list);

    private static readonly DateTimeOffset Now = Some.Now;
    private static readonly CertificateChainValidator Sm2Roots = new([TestPki.Sm2.Root.Certificate]);
    private static readonly CertificateChainValidator BothRoots = new([TestPki.Sm2.Root.Certificate, TestPki.Rsa.Root.Certificate]);

    [Fact]
    public void A_signed_list_verifies_and_admits_every_signer_with_its_state_and_compromise_time()
    {
        var compromised = Now.AddDays(-2);
        var list = List("320000", [Entry(TestPki.Sm2, "320000", SignerState.Active), Entry(TestPki.Rsa, "320000", SignerState.Revoked, compromised)]);

        Assert.True(TrustListCodec.TryVerify(Sign(list), BothRoots, Now, null, out var verified, out var error), error);

        Assert.Empty(verified!.Refusals);
        Assert.Equal(7, verified.List.Sequence);
        Assert.Equal([SignerState.Active, SignerState.Revoked], verified.Signers.Select(s => s.State));
        Assert.Equal(compromised.ToUnixTimeSeconds(), verified.Signers[1].CompromisedAt!.Value.ToUnixTimeSeconds());
        Assert.All(verified.Signers, s => Assert.Equal("320000", s.Province));
        var trust = VerifiedTrustList.Combine([verified]);
        Assert.Equal(list.IssuedAt.ToUnixTimeSeconds(), trust.AsOf.ToUnixTimeSeconds());
        Assert.Single(trust.Find(Kid.Compute(TestPki.Sm2.DocumentSigners["320000"].Certificate)));
    }

    [Fact]
    public void A_pending_entry_announces_its_activation_so_a_list_fetched_before_it_accepts_what_the_key_signs_afterwards()
    {
        var activation = Now.AddHours(1);
        var list = List("320000", [Entry(TestPki.Sm2, "320000", SignerState.Pending) with { ActivateAt = activation }]);

        Assert.True(TrustListCodec.TryVerify(Sign(list), Sm2Roots, Now, null, out var verified, out _));

        var signer = Assert.Single(verified!.Signers);
        Assert.Equal(activation.ToUnixTimeSeconds(), signer.ActivateAt!.Value.ToUnixTimeSeconds());
        Assert.Null(SignerAdmission.Check(signer, SignedKind.Licence, activation.AddSeconds(1), "320000"));
        Assert.Equal(Core.Reasons.ReasonCode.KeyNotActive, SignerAdmission.Check(signer, SignedKind.Licence, activation.AddSeconds(-1), "320000"));
        Assert.Equal(Core.Reasons.ReasonCode.KeyNotActive, SignerAdmission.Check(signer with { ActivateAt = null }, SignedKind.Licence, activation.AddYears(1), "320000"));
    }

    [Fact]
    public void An_activation_time_on_a_key_that_is_not_pending_is_refused()
    {
        var list = List("320000", [Entry(TestPki.Sm2, "320000", SignerState.Active) with { ActivateAt = Now }]);

        Assert.False(TrustListCodec.TryVerify(Sign(list), Sm2Roots, Now, null, out _, out var error));
        Assert.Contains("malformed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Entries_under_a_root_the_verifier_does_not_hold_are_left_out_and_named()
    {
        var list = List("320000", [Entry(TestPki.Sm2, "320000", SignerState.Active), Entry(TestPki.Rsa, "320000", SignerState.Active)]);

        Assert.True(TrustListCodec.TryVerify(Sign(list), Sm2Roots, Now, null, out var verified, out _));

        Assert.Single(verified!.Signers);
        Assert.Contains(Kid.ToHex(Kid.Compute(TestPki.Rsa.DocumentSigners["320000"].Certificate)), Assert.Single(verified.Refusals));
    }

    [Fact]
    public void An_entry_of_another_province_a_list_signer_as_entry_or_a_misstated_validity_is_refused()
    {
        var other = Entry(TestPki.Sm2, "310000", SignerState.Active);
        var signerAsEntry = new TrustListEntry(ListSigner("320000").Certificate, SignerState.Active, CertificatePurposes.ValidityOf(ListSigner("320000").Certificate));
        var misstated = Entry(TestPki.Sm2, "320000", SignerState.Active) is var e ? e with { Validity = e.Validity with { NotAfter = e.Validity.NotAfter.AddYears(5) } } : null!;
        var list = List("320000", [other, signerAsEntry, misstated]) with
        {
            SignerChain = [ListSigner("320000").Certificate, TestPki.Sm2.ProvincialCas["320000"].Certificate, TestPki.Sm2.ProvincialCas["310000"].Certificate],
        };

        Assert.True(TrustListCodec.TryVerify(Sign(list), Sm2Roots, Now, null, out var verified, out _));

        Assert.Empty(verified!.Signers);
        Assert.Collection(verified.Refusals,
            r => Assert.Contains("not 320000", r, StringComparison.Ordinal),
            r => Assert.Contains("trust-list signer", r, StringComparison.Ordinal),
            r => Assert.Contains("validity", r, StringComparison.Ordinal));
    }

    [Fact]
    public void A_list_signed_by_a_document_signer_is_refused_so_a_stolen_signing_key_cannot_clear_itself()
    {
        var list = List("320000", [Entry(TestPki.Sm2, "320000", SignerState.Active)]) with
        {
            SignerChain = [TestPki.Sm2.DocumentSigners["320000"].Certificate, TestPki.Sm2.ProvincialCas["320000"].Certificate],
        };

        var data = TrustListCodec.Sign(list, TestPki.Sm2.SignerFor("320000"));

        Assert.False(TrustListCodec.TryVerify(data, Sm2Roots, Now, null, out _, out var error));
        Assert.Contains("not for signing trust lists", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_signed_by_another_province_or_under_an_untrusted_root_is_refused()
    {
        var foreign = List("320000", [Entry(TestPki.Sm2, "320000", SignerState.Active)]) with
        {
            SignerChain = [ListSigner("310000").Certificate, TestPki.Sm2.ProvincialCas["310000"].Certificate],
        };
        Assert.False(TrustListCodec.TryVerify(TrustListCodec.Sign(foreign, ListSigner("310000")), Sm2Roots, Now, null, out _, out var error));
        Assert.Contains("province 310000", error, StringComparison.Ordinal);

        var impostor = ListSigner("320000", TestPki.Untrusted);
        var untrusted = List("320000", [Entry(TestPki.Untrusted, "320000", SignerState.Active)]) with
        {
            SignerChain = [impostor.Certificate, TestPki.Untrusted.ProvincialCas["320000"].Certificate],
        };
        Assert.False(TrustListCodec.TryVerify(TrustListCodec.Sign(untrusted, impostor), Sm2Roots, Now, null, out _, out error));
        Assert.Contains("configured root", error, StringComparison.Ordinal);
    }

    [Fact]
    public void No_changed_byte_is_accepted_with_other_content_and_none_throws()
    {
        var data = Sign(List("320000", [Entry(TestPki.Sm2, "320000", SignerState.Active), Entry(TestPki.Sm2, "320000", SignerState.Revoked, Now)]));
        Assert.True(TrustListCodec.TryVerify(data, Sm2Roots, Now, null, out _, out _));
        for (var i = 0; i < data.Length; i += 3)
        {
            var changed = (byte[])data.Clone();
            changed[i] ^= (byte)(1 << (i % 8));
            Assert.False(TrustListCodec.TryVerify(changed, Sm2Roots, Now, null, out _, out _), $"a flip at byte {i} was accepted");
        }

        for (var length = 0; length < data.Length; length += 17)
        {
            Assert.False(TrustListCodec.TryVerify(data[..length], Sm2Roots, Now, null, out _, out _));
        }
    }

    [Fact]
    public void A_list_with_a_status_list_type_or_garbage_is_refused_with_a_reason()
    {
        Assert.False(TrustListCodec.TryVerify([], Sm2Roots, Now, null, out _, out var error));
        Assert.NotNull(error);
        Assert.False(TrustListCodec.TryVerify(new byte[TrustListCodec.MaxBytes + 1], Sm2Roots, Now, null, out _, out error));
        Assert.Contains("larger", error, StringComparison.Ordinal);
        var status = ELicense.Core.Status.StatusListTokenCodec.Sign(
            new ELicense.Core.Status.StatusListToken("320000-0", Now, Now.AddDays(1), TimeSpan.FromMinutes(5), new ELicense.Core.Status.StatusList(16)),
            ListSigner("320000"));
        Assert.False(TrustListCodec.TryVerify(status, Sm2Roots, Now, null, out _, out error));
        Assert.Contains("typ", error, StringComparison.Ordinal);
    }
}
