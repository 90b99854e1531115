using System.Text.Json;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Auth;
using ELicense.LicenseService.Configuration;
using ELicense.LicenseService.Storage;
using Microsoft.Extensions.Options;

namespace ELicense.LicenseService.Catalogue;

/// <summary>
/// The province's issuing authorities (DESIGN §12): the province's own (<c>Province:AuthorityCode</c>, always there, for
/// tokens that name no authority) and those its administrators register, kept in a sealed, append-only hash
/// (<c>elicense:{region}:authorities</c>). An authority once registered is not changed: its code is inside the
/// identifiers of every licence it issued. Every replica reads the store at most every 5 seconds, and at once when asked
/// for an authority it does not know (at most once a second).
/// </summary>
public sealed class AuthorityRegistry(StoreConnection connection, AuditLog audit, Core.Keys.KeyProtector protector, IOptions<ProvinceOptions> province, TimeProvider time,
    ILogger<AuthorityRegistry> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SealedHash store = new(connection.Database, $"elicense:{province.Value.RegionCode}:authorities", province.Value.RegionCode, "issuing authority", protector);
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Loaded? loaded;

    /// <summary>The province's own authority: the issuer of licences whose token names none.</summary>
    public IssuingAuthority Default { get; } = new(province.Value.AuthorityCode, province.Value.AuthorityName, province.Value.RegionCode);

    /// <summary>Every authority, the province's own first.</summary>
    public async Task<IReadOnlyDictionary<string, IssuingAuthority>> GetAsync(bool fresh = false)
    {
        var now = time.GetUtcNow();
        if (loaded is { } current && now - current.At < (fresh ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5)))
        {
            return current.Authorities;
        }

        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (loaded is { } again && now - again.At < (fresh ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5)))
            {
                return again.Authorities;
            }

            var (values, ignored) = await store.ReadAsync().ConfigureAwait(false);
            var all = new Dictionary<string, IssuingAuthority>(StringComparer.Ordinal) { [Default.Code] = Default };
            var pending = new List<(string Code, IssuingAuthority Authority)>();
            foreach (var (code, json) in values)
            {
                if (Read(json) is { } authority && authority.Code == code && code != Default.Code)
                {
                    pending.Add((code, authority));
                }
                else
                {
                    ignored++;
                }
            }

            // Parents before children, whatever order their codes sort in: pass again while any is admitted.
            for (var admitted = true; admitted && pending.Count > 0;)
            {
                admitted = false;
                foreach (var (code, authority) in pending.ToList())
                {
                    if (authority.Problems(province.Value.RegionCode, all).Count == 0)
                    {
                        all[code] = authority;
                        pending.Remove((code, authority));
                        admitted = true;
                    }
                }
            }

            ignored += pending.Count;
            if (ignored > 0)
            {
                logger.LogError("{Count} issuing-authority records in the store carry no seal of this service or are invalid, and are ignored", ignored);
            }

            loaded = new Loaded(all, now);
            return all;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The authority a caller issues and reads as: the one its token names, else the province's own; null when the token names one not registered.</summary>
    public async Task<IssuingAuthority?> ForAsync(Caller caller)
    {
        if (caller.Authority is null)
        {
            return Default;
        }

        var all = await GetAsync().ConfigureAwait(false);
        return all.GetValueOrDefault(caller.Authority) ?? (await GetAsync(fresh: true).ConfigureAwait(false)).GetValueOrDefault(caller.Authority);
    }

    /// <summary>Registers an authority; every reason it cannot be, or whether it is new (false: the same one was there).</summary>
    public async Task<(bool Created, IReadOnlyList<FieldError> Errors)> AddAsync(IssuingAuthority authority, string by)
    {
        var all = await GetAsync(fresh: true).ConfigureAwait(false);
        var code = authority.Code ?? "";
        if (all.TryGetValue(code, out var existing))
        {
            return existing == authority ? (false, []) : (false, [Registered(code)]);
        }

        var errors = authority.Problems(province.Value.RegionCode, all);
        if (errors.Count > 0)
        {
            return (false, errors);
        }

        var (written, before) = await store.AddAsync(code, JsonSerializer.SerializeToUtf8Bytes(authority, Json)).ConfigureAwait(false);
        if (!written)
        {
            return before is not null && Read(before) == authority ? (false, []) : (false, [Registered(code)]);
        }

        await audit.AppendAsync(new AuditRecord(time.GetUtcNow(), by, "authority-registered", code, authority.Region ?? "")).ConfigureAwait(false);
        loaded = null;
        await GetAsync().ConfigureAwait(false);
        return (true, []);
    }

    private static IssuingAuthority? Read(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize<IssuingAuthority>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static FieldError Registered(string code) => new("code", "immutable",
        $"{code} is registered with other details; a registered authority is not changed (its code is inside its licences' identifiers).",
        $"{code} 已以其他信息登记；已登记的发证机关不能修改（其代码在所发证照的标识中）。");

    private sealed record Loaded(IReadOnlyDictionary<string, IssuingAuthority> Authorities, DateTimeOffset At);
}
