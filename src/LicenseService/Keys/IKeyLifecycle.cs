using ELicense.Core.Keys;

namespace ELicense.LicenseService.Keys;

/// <summary>
/// The key lifecycle in force: the configured one, its longest licence validity lengthened to that of the province's
/// licence types. The catalogue provides it; the key layer knows no more of the catalogue than this.
/// </summary>
public interface IKeyLifecycle
{
    /// <summary>Reads the province's licence types again if what is held is older than the catalogue's refresh interval.</summary>
    Task RefreshAsync();

    /// <summary>The configured lifecycle, lengthened where a licence type lasts longer than it allows for.</summary>
    KeyLifecycleOptions Lifecycle(KeyLifecycleOptions configured);
}
