using System.Text.Json;
using ELicense.Core.Encoding;
using ELicense.Core.Licenses;
using ELicense.Core.Reasons;
using ELicense.Core.Status;
using ELicense.Core.Trust;
using ELicense.Core.Verification;
using ELicense.Testing;
using Xunit;

namespace ELicense.Core.Tests.Verification;

/// <summary>
/// Fixed vectors. Vectors/verification-inputs.json holds a PKI and QR texts, written by
/// <c>tools/ELicense.Vectors</c>; Vectors/verification.json holds what each must give, written by
/// hand. The pipeline is judged against the hand-written file and never writes it.
/// </summary>
public class VerificationVectorTests
{
    private static readonly Lazy<VectorInputs> Inputs = new(() => VerificationVectorFiles.ReadInputs());

    public static TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (var expectation in VerificationVectorFiles.ReadExpectations().Cases)
        {
            names.Add(expectation.Name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_vector_gives_its_expected_outcome_at_every_stage(string name)
    {
        var expectations = VerificationVectorFiles.ReadExpectations();

        Assert.Empty(Mismatches(Inputs.Value, expectations, name));
    }

    [Fact]
    public void Every_input_has_a_written_expectation_and_every_expectation_an_input()
    {
        var inputs = Inputs.Value.Cases.Select(c => c.Name).ToList();
        var expected = VerificationVectorFiles.ReadExpectations().Cases.Select(c => c.Name).ToList();

        Assert.Equal(inputs.Count, inputs.Distinct().Count());
        Assert.Equal(expected.Count, expected.Distinct().Count());
        Assert.Empty(inputs.Except(expected));
        Assert.Empty(expected.Except(inputs));
    }

    [Fact]
    public void The_expectations_cover_every_verdict_and_many_reasons_and_state_why()
    {
        var expectations = VerificationVectorFiles.ReadExpectations();

        Assert.Equal(Enum.GetValues<CheckName>().Select(c => JsonNamingPolicy.CamelCase.ConvertName(c.ToString())), expectations.CheckOrder);
        Assert.Equal(["INDETERMINATE", "INVALID", "VALID"], expectations.Cases.Select(c => c.Verdict).Distinct().Order().ToArray());
        Assert.True(expectations.Cases.Select(c => c.Reason).Distinct().Count() >= 15);
        Assert.All(expectations.Cases, c => Assert.True(c.Why.Length >= 20, $"{c.Name}: say why"));
    }

    /// <summary>The check above can fail: one edited verdict, reason or check result in the written file is caught.</summary>
    [Theory]
    [InlineData("valid SM2 居民身份证", "verdict")]
    [InlineData("revoked licence", "reason")]
    [InlineData("no status list at hand", "check")]
    public void An_edited_expectation_is_caught(string name, string what)
    {
        var expectations = VerificationVectorFiles.ReadExpectations();
        var edited = expectations with
        {
            Cases = [.. expectations.Cases.Select(c => c.Name != name ? c : what switch
            {
                "verdict" => c with { Verdict = c.Verdict == "VALID" ? "INVALID" : "VALID" },
                "reason" => c with { Reason = "SUSPENDED" },
                _ => c with { Checks = [.. c.Checks.Select((r, i) => i == 6 ? "ok" : r)] },
            })],
        };

        Assert.Empty(Mismatches(Inputs.Value, expectations, name));
        Assert.NotEmpty(Mismatches(Inputs.Value, edited, name));
    }

    private static List<string> Mismatches(VectorInputs inputs, VectorExpectations expectations, string name)
    {
        var input = inputs.Cases.Single(c => c.Name == name);
        var expected = expectations.Cases.Single(c => c.Name == name);
        var verdict = new VerificationPipeline().Verify(input.Qr, Trust(inputs, input), Status(input), input.Now);
        var checks = Enum.GetValues<CheckName>().Select(c => JsonNamingPolicy.SnakeCaseLower.ConvertName(verdict.Checks[c].ToString())).ToArray();
        var reason = verdict.FirstReason is null ? null : Reason.CodeText(verdict.FirstReason.Code);
        var mismatches = new List<string>();
        if (expected.Verdict != verdict.Kind.ToString().ToUpperInvariant())
        {
            mismatches.Add($"verdict: expected {expected.Verdict}, got {verdict.Kind.ToString().ToUpperInvariant()}");
        }

        if (expected.Reason != reason)
        {
            mismatches.Add($"reason: expected {expected.Reason ?? "none"}, got {reason ?? "none"}");
        }

        if (expected.Checks.Count != checks.Length)
        {
            mismatches.Add($"checks: expected {expected.Checks.Count} results, the pipeline has {checks.Length} checks");
        }

        for (var i = 0; i < checks.Length; i++)
        {
            if (i >= expected.Checks.Count || expected.Checks[i] != checks[i])
            {
                mismatches.Add($"{expectations.CheckOrder.ElementAtOrDefault(i)}: expected {expected.Checks.ElementAtOrDefault(i) ?? "nothing"}, got {checks[i]}");
            }
        }

        return mismatches;
    }

    private static TrustMaterial Trust(VectorInputs inputs, VectorInput input)
    {
        var builder = new TrustMaterialBuilder(new CertificateChainValidator(inputs.Roots.Select(Convert.FromBase64String)));
        var cas = inputs.ProvincialCas.Select(Convert.FromBase64String).ToList();
        // A state that applies to no signer would leave every key active, and a case expecting VALID would pass untested.
        Assert.True(input.SignerState is null || inputs.Signers.Count(s => Kid.ToHex(Kid.Compute(Convert.FromBase64String(s))) == input.SignerKid) == 1,
            $"{input.Name}: its signer state names no signer of the inputs");
        foreach (var signer in inputs.Signers.Select(Convert.FromBase64String))
        {
            var targeted = input.SignerKid == Kid.ToHex(Kid.Compute(signer));
            // A retired key's trust list states when it retired; the vectors' retired key retired at the verification time, after it signed.
            var state = targeted ? Enum.Parse<SignerState>(input.SignerState!) : SignerState.Active;
            builder.Add(signer, cas, state, targeted ? input.CompromisedAt : null, state == SignerState.Retired ? input.Now : null);
        }

        return builder.Build(input.Now.AddMinutes(-10));
    }

    private static StatusSnapshot Status(VectorInput input)
        => input.Status is { } s
            ? new StatusSnapshot().Set(new StatusReference(s.List, s.Index), new StatusEvidence(Enum.Parse<LicenceStatus>(s.Value), s.IssuedAt, s.ExpiresAt))
            : new StatusSnapshot();
}
