using System.Globalization;
using System.Net;
using ELicense.Core.Licenses;
using ELicense.LicenseService.Storage;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ELicense.LicenseService.Tests.Storage;

/// <summary>
/// The embedded store is locked (DESIGN §10): another program on the host that finds its loopback port
/// is refused without the password, and its data folder and files are the service user's alone.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EmbeddedStoreLockTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    // A folder the service creates itself, so that its mode is the service's doing and not the test's.
    private readonly ServiceHost host = new(dataFolder: Path.Combine(Directory.CreateTempSubdirectory("elicense-lock-").FullName, "garnet"));

    [Fact]
    public async Task A_client_without_the_password_is_refused_and_the_data_folder_and_its_files_are_the_owners_alone()
    {
        var issuer = host.Client(Tokens.IssuerOf("business-licence"));
        for (var i = 0; i < 3; i++)
        {
            using var issued = await Requests.PostAsync(issuer, Requests.For(BaseTypes.BusinessLicence));
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        }

        var port = Port(host.Services.GetRequiredService<StoreConnection>().EmbeddedEndpoint);

        var ping = ExternalTool.Run("redis-cli", host.DataFolder, "-h", "127.0.0.1", "-p", port, "PING");
        Assert.Contains("NOAUTH", ping.Output + ping.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("PONG", ping.Output + ping.Error, StringComparison.Ordinal);
        var guessed = ExternalTool.Run("redis-cli", host.DataFolder, "-h", "127.0.0.1", "-p", port, "--no-auth-warning", "-a", "elicense", "PING");
        Assert.DoesNotContain("PONG", guessed.Output + guessed.Error, StringComparison.Ordinal);

        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(host.DataFolder));
        var entries = Directory.EnumerateFileSystemEntries(host.DataFolder, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(entries, File.Exists);
        foreach (var entry in entries)
        {
            Assert.True(
                File.GetUnixFileMode(entry) == (Directory.Exists(entry) ? OwnerOnlyFolder : OwnerOnlyFile),
                $"{entry} has mode {Convert.ToString((int)File.GetUnixFileMode(entry), 8)}");
        }
    }

    public void Dispose() => host.Dispose();

    private static string Port(string? endpoint)
    {
        Assert.NotNull(endpoint);
        var port = endpoint[(endpoint.LastIndexOf(':') + 1)..];
        Assert.True(int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out _), endpoint);
        return port;
    }
}
