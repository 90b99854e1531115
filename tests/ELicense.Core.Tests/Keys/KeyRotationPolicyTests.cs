using ELicense.Core.Crypto;
using ELicense.Core.Keys;
using ELicense.Core.Trust;
using Xunit;

namespace ELicense.Core.Tests.Keys;

public sealed class KeyRotationPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly KeyLifecycleOptions Options = KeyLifecycleOptions.Default;

    [Fact]
    public void With_no_key_a_rotation_is_required_and_the_first_key_signs_at_once()
    {
        Assert.True(KeyRotationPolicy.IsRotationRequired([], KeyFamily.Sm2, Start, Options));
        Assert.Equal(Start, KeyRotationPolicy.ActivationTime([], KeyFamily.Sm2, Start, Options));
        List<ManagedKey> keys = [NewKey("a", Start, Start)];
        Assert.False(KeyRotationPolicy.IsRotationRequired(keys, KeyFamily.Sm2, Start, Options));

        var plan = KeyRotationPolicy.Plan(keys, Start, Options);
        Assert.Equal(new KeyTransition("a", SignerState.Active, "its activation time has come"), Assert.Single(plan));
    }

    [Fact]
    public void Rotation_is_due_one_propagation_time_before_the_active_key_is_replaced()
    {
        List<ManagedKey> keys = [NewKey("a", Start, Start) with { State = SignerState.Active, ActivatedAt = Start }];
        var due = Start + Options.RotationInterval - Options.PropagationTime;
        Assert.False(KeyRotationPolicy.IsRotationRequired(keys, KeyFamily.Sm2, due - TimeSpan.FromSeconds(1), Options));
        Assert.True(KeyRotationPolicy.IsRotationRequired(keys, KeyFamily.Sm2, due, Options));
        Assert.Equal(Start + Options.RotationInterval, KeyRotationPolicy.ActivationTime(keys, KeyFamily.Sm2, due, Options));

        keys.Add(NewKey("b", due, Start + Options.RotationInterval));
        Assert.False(KeyRotationPolicy.IsRotationRequired(keys, KeyFamily.Sm2, due, Options));
        Assert.Empty(KeyRotationPolicy.Plan(keys, Start + Options.RotationInterval - TimeSpan.FromSeconds(1), Options));
        var plan = KeyRotationPolicy.Plan(keys, Start + Options.RotationInterval, Options);
        Assert.Equal([("a", SignerState.Retired), ("b", SignerState.Active)], plan.Select(t => (t.Kid, t.To!.Value)));
    }

    [Fact]
    public void A_rotation_on_demand_signs_after_the_propagation_time_and_an_earlier_schedule_is_refused()
    {
        List<ManagedKey> keys = [NewKey("a", Start, Start) with { State = SignerState.Active, ActivatedAt = Start }];
        var now = Start.AddDays(10);
        Assert.Equal(now + Options.PropagationTime, KeyRotationPolicy.ActivationTime(keys, KeyFamily.Sm2, now, Options, now + Options.PropagationTime));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyRotationPolicy.ActivationTime(keys, KeyFamily.Sm2, now, Options, now.AddHours(1)));
        Assert.Equal(now.AddDays(30), KeyRotationPolicy.ActivationTime(keys, KeyFamily.Sm2, now, Options, now.AddDays(30)));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyRotationPolicy.ActivationTime(keys, KeyFamily.Sm2, now, Options, Start + Options.RotationInterval + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void With_the_active_key_revoked_a_pending_key_takes_over_at_once()
    {
        List<ManagedKey> keys =
        [
            NewKey("a", Start, Start) with { State = SignerState.Revoked, ActivatedAt = Start },
            NewKey("b", Start.AddDays(1), Start.AddDays(3)),
        ];
        var plan = KeyRotationPolicy.Plan(keys, Start.AddDays(1), Options);
        Assert.Equal(new KeyTransition("b", SignerState.Active, "no key was signing"), Assert.Single(plan));
    }

    [Fact]
    public void Over_three_years_of_hourly_checks_exactly_one_key_signs_and_every_signing_period_lies_inside_its_certificate()
    {
        var keys = new List<ManagedKey>();
        var made = 0;
        for (var now = Start; now < Start.AddYears(3); now = now.AddHours(1))
        {
            if (KeyRotationPolicy.IsRotationRequired(keys, KeyFamily.Sm2, now, Options))
            {
                keys.Add(NewKey("k" + made++, now, KeyRotationPolicy.ActivationTime(keys, KeyFamily.Sm2, now, Options)));
            }

            Apply(keys, KeyRotationPolicy.Plan(keys, now, Options), now);
            Assert.Single(keys, k => k.State == SignerState.Active);
        }

        Assert.InRange(made, 12, 14);
        foreach (var key in keys.Where(k => k.ActivatedAt is not null))
        {
            Assert.True(key.Kid == "k0" || key.ActivatedAt >= key.CreatedAt + Options.PropagationTime, $"{key.Kid} signed before it was published long enough");
            var signingEnd = key.RetiredAt ?? Start.AddYears(3);
            Assert.True(key.Certificate.Contains(signingEnd + Options.LongestLicenceValidity), $"{key.Kid}'s certificate ends before what it signed");
        }

        // Nothing retired within the three years may leave: licences it signed are still valid.
        Assert.Equal(keys.Count, KeyRotationPolicy.Published(keys, Start.AddYears(3), Options).Count);
    }

    [Fact]
    public void Retired_keys_leave_after_their_last_licence_and_revoked_keys_after_their_certificate()
    {
        var retiredAt = Start.AddDays(90);
        var retired = NewKey("r", Start, Start) with { State = SignerState.Retired, ActivatedAt = Start, RetiredAt = retiredAt };
        var revoked = NewKey("x", Start, Start) with { State = SignerState.Revoked, CompromisedAt = Start.AddDays(3) };
        var leaves = retiredAt + Options.LongestLicenceValidity + Options.RetentionAfterLastValidity;

        Assert.Equal(2, KeyRotationPolicy.Published([retired, revoked], leaves - TimeSpan.FromSeconds(1), Options).Count);
        Assert.Contains(new KeyTransition("r", null, "nothing it signed can still be valid"), KeyRotationPolicy.Plan([retired], leaves, Options));
        Assert.Contains(KeyRotationPolicy.Plan([revoked], revoked.Certificate.NotAfter, Options), t => t.Kid == "x" && t.To is null);
        Assert.Empty(KeyRotationPolicy.Plan([revoked], revoked.Certificate.NotAfter.AddDays(-1), Options));
    }

    [Fact]
    public void Families_rotate_independently()
    {
        List<ManagedKey> keys = [NewKey("s", Start, Start) with { State = SignerState.Active, ActivatedAt = Start }];
        Assert.True(KeyRotationPolicy.IsRotationRequired(keys, KeyFamily.Rsa, Start, Options));
        Assert.False(KeyRotationPolicy.IsRotationRequired(keys, KeyFamily.Sm2, Start, Options));
        Assert.Null(KeyRotationPolicy.SigningKey(keys, KeyFamily.Rsa));
    }

    [Fact]
    public void Inconsistent_timing_is_reported()
    {
        Assert.Empty(Options.Problems());
        Assert.NotEmpty((Options with { RotationInterval = TimeSpan.FromDays(1) }).Problems());
        Assert.NotEmpty((Options with { PropagationTime = TimeSpan.Zero }).Problems());
        Assert.NotEmpty((Options with { RetentionAfterLastValidity = TimeSpan.FromDays(-1) }).Problems());
        Assert.Equal(TimeSpan.FromDays((365 * 20) + 5), Options.LongestLicenceValidity);
    }

    private static ManagedKey NewKey(string kid, DateTimeOffset createdAt, DateTimeOffset activateAt) =>
        new(kid, KeyFamily.Sm2, SignerState.Pending, createdAt, activateAt, null, null, null, KeyRotationPolicy.CertificateValidity(createdAt, activateAt, Options));

    private static void Apply(List<ManagedKey> keys, IReadOnlyList<KeyTransition> plan, DateTimeOffset now)
    {
        foreach (var transition in plan)
        {
            var index = keys.FindIndex(k => k.Kid == transition.Kid);
            keys[index] = transition.To switch
            {
                SignerState.Active => keys[index] with { State = SignerState.Active, ActivatedAt = now },
                SignerState.Retired => keys[index] with { State = SignerState.Retired, RetiredAt = now },
                _ => keys[index],
            };
        }
    }
}
