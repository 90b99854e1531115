using System.Diagnostics.CodeAnalysis;
using ELicense.Core.Crypto;
using ELicense.Core.Documents;
using ELicense.Core.Encoding;
using ELicense.Core.Identifiers;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;
using ELicense.Core.Status;
using ELicense.Core.Tests.Encoding;
using ELicense.Core.Tests.Verification;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Adversarial;

/// <summary>
/// Probes of the verification hardening under the adversarial rules of DESIGN §13. Each test asserts the
/// safe outcome: a failing test is an open hole, a passing one a regression guard.
/// </summary>
public sealed class AdversarialTests
{
    private const int MaxEntries = 1 << 24;
    private static readonly DateTimeOffset Now = Some.Now.AddMinutes(1);
    private static readonly CertificateChainValidator Roots = new([TestPki.Sm2.Root.Certificate, TestPki.Rsa.Root.Certificate]);

    // ---- Retired keys in trust lists that do not state a retirement time -------------------------------------

    /// <summary>
    /// Trust lists published before this change never carried field 6 (retirement time), and keys stored before it
    /// have none. Such a retired key must not sign a presentation dated now: a presentation is the current key's.
    /// </summary>
    [Fact]
    public void A_retired_key_whose_list_states_no_retirement_time_cannot_sign_a_presentation_dated_now()
    {
        var retiredKey = TestPki.Sm2.SignerFor("320000");
        var presentation = QrPayloadCodec.Encode(Some.Presentation(Some.Licence(), Some.Now), retiredKey);
        var status = new StatusSnapshot().Set(Some.Licence().Status, new StatusEvidence(LicenceStatus.Valid, Some.Now.AddMinutes(-1), Some.Now.AddHours(1)));

        // With a stated retirement time the presentation is refused, as it must be ...
        var stated = RetiredSm2ActiveRsa(retiredAt: Some.Now.AddDays(-1));
        Assert.NotEqual(VerdictKind.Valid, Scenario.Pipeline.Verify(presentation, stated, status, Some.Now.AddSeconds(10)).Kind);

        // ... and without one the retired key counts as active for everything.
        var unstated = RetiredSm2ActiveRsa(retiredAt: null);
        var verdict = Scenario.Pipeline.Verify(presentation, unstated, status, Some.Now.AddSeconds(10));
        Assert.True(verdict.Kind != VerdictKind.Valid, "a presentation signed now by a retired key (no RetiredAt in the list) came out VALID");
    }

    /// <summary>
    /// The same retired key (stolen before its erasure) and the answer of 320000's status URL: a status list dated
    /// now that clears every entry replaces the genuine list and un-revokes a revoked licence.
    /// </summary>
    [Fact]
    public void A_retired_key_whose_list_states_no_retirement_time_cannot_sign_a_status_list_that_unrevokes_a_licence()
    {
        var trust = RetiredSm2ActiveRsa(retiredAt: null);
        var scenario = new Scenario(KeyFamily.Rsa);
        var collection = new StatusListCollection();
        var genuine = Token("320000-1", Now.AddMinutes(-1));
        genuine.List[scenario.Licence.Status.Index] = LicenceStatus.Revoked;
        Assert.True(StatusListTokenCodec.TryVerify(StatusListTokenCodec.Sign(genuine, TestPki.Rsa.SignerFor("320000")), trust, "320000", "320000-1",
            Now, null, MaxEntries, out var held, out var error), error);
        collection.Offer(held!, Now, trust);
        Assert.Equal(ReasonCode.Revoked, Scenario.Pipeline.Verify(scenario.Text, trust, collection, Now).FirstReason?.Code);

        var forged = StatusListTokenCodec.Sign(Token("320000-1", Now), TestPki.Sm2.SignerFor("320000"));
        if (StatusListTokenCodec.TryVerify(forged, trust, "320000", "320000-1", Now, null, MaxEntries, out var taken, out _))
        {
            collection.Offer(taken!, Now, trust);
        }

        var verdict = Scenario.Pipeline.Verify(scenario.Text, trust, collection, Now);
        Assert.True(verdict.FirstReason?.Code == ReasonCode.Revoked, $"the revoked licence came out {verdict.Kind} after a list signed by a retired key");
    }

    // ---- Status lists signed in the same second -----------------------------------------------------------

    /// <summary>
    /// Two replicas of the province each sign the list in the same second, one before a revocation and one after
    /// (each replica signs its own tokens, iat in whole seconds). The Verifier holding the first must not refuse
    /// the second for having the same iat: that freezes the revocation until the next re-signing (up to 12 h).
    /// </summary>
    [Fact]
    public void A_revocation_signed_in_the_same_second_as_the_held_list_is_not_lost()
    {
        var signer = TestPki.Sm2.SignerFor("320000");
        var trust = TestPki.Trust();
        var collection = new StatusListCollection();
        var before = Token("320000-1", Now);
        var after = Token("320000-1", Now);
        after.List[4711] = LicenceStatus.Revoked;
        Assert.True(StatusListTokenCodec.TryVerify(StatusListTokenCodec.Sign(before, signer), trust, "320000", "320000-1", Now, null, MaxEntries, out var first, out var error), error);
        Assert.True(StatusListTokenCodec.TryVerify(StatusListTokenCodec.Sign(after, signer), trust, "320000", "320000-1", Now.AddMinutes(5), null, MaxEntries, out var second, out error), error);

        collection.Offer(first!, Now, trust);
        collection.Offer(second!, Now.AddMinutes(5), trust);

        Assert.Equal(LicenceStatus.Revoked, collection.Find("320000", new StatusReference("320000-1", 4711))!.Status);
    }

    // ---- Nothing of an unverified list is repeated ------------------------------------------------------------

    /// <summary>
    /// Whoever answers a province's trust-list URL chooses every byte of a refused list. The refusal is logged by the
    /// Verifier (TrustSync) and shown as lastError; it must not repeat the names in the unverified certificates.
    /// </summary>
    [Fact]
    public void A_refused_trust_list_does_not_repeat_the_unverified_signer_certificates_names()
    {
        const string Marker = "ATTACKER-CHOSEN-TEXT-7f3a";
        var ca = TestPki.Untrusted.ProvincialCas["320000"];
        var key = SignatureAlgorithms.For(KeyFamily.Sm2).Generate();
        var certificate = CertificateBuilder.CreateListSigner(ca.Certificate, ca.Key, key.SubjectPublicKeyInfo, "320000", Marker, Marker,
            new ValidityWindow(Some.Now.AddDays(-1), Some.Now.AddYears(1)));
        var list = TestTrustLists.List("320000", [TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Active)]) with { SignerChain = [certificate, ca.Certificate] };
        var bytes = TrustListCodec.Sign(list, new DocumentSigner(key, certificate));

        var offer = new TrustListCollection(Roots).Offer("320000", bytes, Some.Now);

        Assert.Equal(TrustOfferResult.Refused, offer.Result);
        Assert.DoesNotContain(Marker, offer.Error, StringComparison.Ordinal);
    }

    // ---- PDFs ----------------------------------------------------------------------------------------------------

    /// <summary>
    /// A PDF signed by a key its province revoked without a compromise time (everything it signed is void) is refused,
    /// but only after PDFsharp parsed it and poppler is asked to render it: the signer's admission must come before
    /// any parsing (DESIGN §13), at least for a signer that can have signed nothing at all.
    /// </summary>
    [Fact]
    public void A_pdf_signed_by_a_wholly_revoked_key_is_neither_parsed_nor_rendered()
    {
        var licence = new Scenario(KeyFamily.Rsa);
        var trust = TestPki.TrustWith(KeyFamily.Sm2, "320000", SignerState.Revoked);
        var reader = new SpyCarrierReader(licence.Text);
        var pdf = SignedPdf(TestPki.Sm2.SignerFor("320000"));

        var prepared = new DocumentPipeline().Prepare(pdf, trust, Now, reader);
        var verdict = new DocumentPipeline().Complete(prepared, licence.Status, new PrintedQrReading(licence.Text, true, null), Now);

        Assert.NotEqual(VerdictKind.Valid, verdict.Kind);
        Assert.Equal(0, reader.Calls);
        Assert.False(prepared.NeedsPrintedQr);
    }

    /// <summary>Regression: a 310000 document signer cannot wrap a genuine 320000 licence in a PDF of its own.</summary>
    [Fact]
    public void A_pdf_signed_by_another_provinces_key_around_a_genuine_licence_is_invalid()
    {
        var licence = new Scenario();
        var reader = new SpyCarrierReader(licence.Text);
        var pdf = SignedPdf(TestPki.Sm2.SignerFor("310000"));
        var pipeline = new DocumentPipeline();

        var verdict = pipeline.Complete(pipeline.Prepare(pdf, licence.Trust, Now, reader), licence.Status, new PrintedQrReading(licence.Text, true, null), Now);

        Assert.Equal(VerdictKind.Invalid, verdict.Kind);
        Assert.Equal(ReasonCode.IssuerRegionMismatch, verdict.FirstReason!.Code);
        Assert.Equal(1, reader.Calls);
    }

    /// <summary>Regression: the same PDF signed by the licence's own province verifies, so the attacks above test the signer, not the PDF builder.</summary>
    [Fact]
    public void The_probe_pdf_signed_by_an_admitted_key_of_the_licences_province_is_valid()
    {
        var licence = new Scenario();
        var pipeline = new DocumentPipeline();
        var pdf = SignedPdf(TestPki.Rsa.SignerFor("320000"));

        var verdict = pipeline.Complete(pipeline.Prepare(pdf, licence.Trust, Now, new SpyCarrierReader(licence.Text)), licence.Status,
            new PrintedQrReading(licence.Text, true, null), Now);

        Assert.Equal(VerdictKind.Valid, verdict.Kind);
    }

    // ---- One province speaking for another's authorities ---------------------------------------------------------

    /// <summary>
    /// The holder of 310000's document-signer key issues a licence whose issuing authority — credit code (registered in
    /// 320100, 南京), name and therefore the identifier's namespace — is a Jiangsu authority's; only the free region field
    /// says 310101. No province may speak for another's authorities: the licence must not be VALID.
    /// </summary>
    [Fact]
    public void A_310000_key_cannot_issue_a_licence_in_the_name_and_identifier_space_of_a_320000_authority()
    {
        var jiangsu = Some.CreditCode("11320100MB1234567");
        var type = BaseTypes.IdCard;
        var licence = Some.Licence(region: "310101") with
        {
            Issuer = new Issuer("310101", "南京市公安局", jiangsu),
            Identifier = LicenceIdentifier.Create(type.Code, jiangsu, LicenceIdentifier.NewSerial(Some.Now)).ToString(),
        };
        var text = QrPayloadCodec.Encode(licence, TestPki.Sm2.SignerFor("310000"));
        var status = new StatusSnapshot().Set(licence.Status, new StatusEvidence(LicenceStatus.Valid, Some.Now, Some.Now.AddHours(1)));

        var verdict = Scenario.Pipeline.Verify(text, TestPki.Trust(), status, Now);

        Assert.True(verdict.Kind != VerdictKind.Valid,
            $"a 310000-signed licence of the 320100 authority {jiangsu} ({verdict.Issuer?.Authority}, identifier {verdict.Licence?.Identifier}) came out VALID");
    }

    // ---- Kid collisions --------------------------------------------------------------------------------------------

    /// <summary>
    /// Regression: when a 310000 signer shares its kid with a 320000 signer, a licence claiming 320000 signed by the
    /// 310000 key under that kid is tried against both, verifies under the 310000 signer only, and is refused by its
    /// province; nothing is to be fetched for it. The genuine 320000 licence still verifies.
    /// </summary>
    [Fact]
    public void A_kid_shared_across_provinces_lends_no_province_to_the_other_signer()
    {
        var victim = TestPki.Sm2.SignerFor("320000");
        var thief = TestPki.Sm2.SignerFor("310000");
        var trust = new TrustMaterial(
            TestPki.Trust().Signers.Select(s => s.Certificate.AsSpan().SequenceEqual(thief.Certificate) ? s with { Kid = victim.Kid } : s), Some.Now);
        var claim = Some.Licence();
        var forged = CoseForge.Text(
            CoseForge.Message(CoseForge.ProtectedHeader(thief.Key.Algorithm.CoseId, PayloadKind.Licence.ContentType(), victim.Kid),
                LicencePayloadCbor.Encode(claim), thief.Key.Sign),
            PayloadKind.Licence.Prefix());
        var status = new StatusSnapshot().Set(claim.Status, new StatusEvidence(LicenceStatus.Valid, Some.Now, Some.Now.AddHours(1)));

        Assert.Equal(2, trust.Find(victim.Kid).Count);
        var prepared = Scenario.Pipeline.Prepare(forged, trust, Now);
        var verdict = Scenario.Pipeline.Complete(prepared, status, Now);

        Assert.Equal(ReasonCode.IssuerRegionMismatch, verdict.FirstReason!.Code);
        Assert.Null(prepared.StatusToFetch);
        Assert.Equal(VerdictKind.Valid, Scenario.Pipeline.Verify(QrPayloadCodec.Encode(claim, victim), trust, status, Now).Kind);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /// <summary>Trust built from a signed 320000 list: the SM2 signer retired (with or without a retirement time), the RSA signer active.</summary>
    private static TrustMaterial RetiredSm2ActiveRsa(DateTimeOffset? retiredAt)
    {
        var list = TestTrustLists.List("320000",
        [
            TestTrustLists.Entry(TestPki.Sm2, "320000", SignerState.Retired) with { RetiredAt = retiredAt },
            TestTrustLists.Entry(TestPki.Rsa, "320000", SignerState.Active),
        ]);
        var collection = new TrustListCollection(Roots);
        var offer = collection.Offer("320000", TestTrustLists.Sign(list), Some.Now);
        Assert.True(offer.Taken, offer.Error);
        return collection.Material;
    }

    private static StatusListToken Token(string name, DateTimeOffset issuedAt) =>
        new(name, issuedAt, issuedAt.AddHours(24), TimeSpan.FromMinutes(5), new StatusList(StatusList.MinimumEntries));

    /// <summary>A minimal file with one PDF signature dictionary whose detached CMS (by <paramref name="signer"/>) covers all but /Contents.</summary>
    private static byte[] SignedPdf(DocumentSigner signer)
    {
        const int Reserved = 16_384;
        const string Placeholder = "[0 0000000000 0000000000 0000000000]";
        var head = "%PDF-1.7\n1 0 obj <</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange" + Placeholder + "/Contents<";
        const string Tail = ">/M(D:20261128010000Z)>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n";
        var gapStart = head.Length - 1;
        var gapEnd = head.Length + Reserved + 1;
        var total = head.Length + Reserved + Tail.Length;
        head = head.Replace(Placeholder, $"[0 {gapStart:D10} {gapEnd:D10} {total - gapEnd:D10}]", StringComparison.Ordinal);
        var bytes = System.Text.Encoding.ASCII.GetBytes(head + new string('0', Reserved) + Tail);
        var cms = DetachedCms.Sign(signer.Key, signer.Certificate, [bytes.AsMemory(0, gapStart), bytes.AsMemory(gapEnd)]);
        System.Text.Encoding.ASCII.GetBytes(Convert.ToHexString(cms)).CopyTo(bytes, head.Length);
        return bytes;
    }

    /// <summary>Stands in for the host's PDF parser: counts how often the file is parsed and returns the given payload.</summary>
    private sealed class SpyCarrierReader(string payload) : IPdfCarrierReader
    {
        private int calls;

        public int Calls => calls;

        public bool TryRead(byte[] pdf, [NotNullWhen(true)] out PdfCarrier? carrier, out string? error)
        {
            Interlocked.Increment(ref calls);
            carrier = new PdfCarrier(payload, payload, Some.Now);
            error = null;
            return true;
        }
    }
}
