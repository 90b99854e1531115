using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Garnet;
using Garnet.server.Auth.Settings;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// The zero-setup store: a Microsoft Garnet server (Redis protocol) inside this process on a free
/// loopback port, reached through the very same StackExchange.Redis code as a real Redis
/// (DESIGN §10). Durable across restarts: append-only file committed per operation, periodic
/// checkpoints, and recovery from both at start. Locked (DESIGN §10): every connection must give a
/// password drawn afresh at each start and held only in this process's memory, and the data folder
/// and its files are the service user's alone (0700 and 0600).
/// </summary>
public sealed class EmbeddedGarnet : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly GarnetServer server;

    private EmbeddedGarnet(GarnetServer server, int port, string password)
    {
        this.server = server;
        Port = port;
        Password = password;
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>The password every connection must give (32 random bytes, base64url). A secret: never log it,
    /// write it to a file or pass it on a command line.</summary>
    internal string Password { get; }

    /// <summary>Starts a server whose data lives in <paramref name="dataFolder"/>.</summary>
    /// <exception cref="InvalidOperationException">The server cannot start; the message says why.</exception>
    public static EmbeddedGarnet Start(string dataFolder, int checkpointSeconds, ILoggerFactory? loggerFactory)
    {
        KeepPrivate(dataFolder);
        var port = FreeLoopbackPort();
        var password = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        string[] arguments =
        [
            "--bind", "127.0.0.1",
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--checkpointdir", Path.Combine(dataFolder, "checkpoints"),
            // Tiered storage: records beyond the in-memory log go to disk, so a province's 100 million licences fit.
            "--storage-tier", "true",
            "--logdir", Path.Combine(dataFolder, "log"),
            "--memory", "1g",
            "--recover", "true",
            "--aof", "true",
            // Commit the append-only file per operation, so that an acknowledged write survives a crash of the process.
            "--aof-commit-freq", "0",
            "--checkpoint-freq", checkpointSeconds.ToString(CultureInfo.InvariantCulture),
            // The default native device needs glibc 2.38; RandomAccess runs on Debian 12.
            "--device-type", "RandomAccess",
            // Lua scripts must run as transactions, or a read-modify-write in a script can lose updates.
            "--lua", "true", "--lua-transaction-mode", "true",
        ];

        try
        {
            // The password goes in as authentication settings rather than as "--auth Password --password …", so it is
            // held in one object and is nowhere in the text Garnet parses, reports on a bad argument or logs.
            var server = new GarnetServer(arguments, loggerFactory, cleanupDir: false, new PasswordAuthenticationSettings(password));
            server.Start();
            return new EmbeddedGarnet(server, port, password);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"The embedded Garnet store could not start with its data in '{dataFolder}': {e.Message}", e);
        }
    }

    public void Dispose() => server.Dispose();

    /// <summary>
    /// Makes the data folder 0700 (created so, or tightened if it exists, with everything already in it)
    /// and what Garnet creates in it from now on 0600/0700.
    /// </summary>
    private static void KeepPrivate(string dataFolder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataFolder);
            return;
        }

        if (OperatingSystem.IsLinux())
        {
            // Garnet creates its log segments and checkpoints itself, at start and for as long as it runs, with the
            // default mode 0666 less the umask; it takes no mode of its own. A umask of 077 is the only way to make
            // those files 0600. The umask is the process's, so it stays for the life of the process: whatever else
            // the service writes is its own user's too.
            try
            {
                _ = Umask(0b000_111_111); // 077: nothing for group and others
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc: Garnet's files keep the default mode, still unreachable for others inside the 0700 folder.
            }
        }

        var folder = Directory.CreateDirectory(dataFolder, OwnerOnly);
        File.SetUnixFileMode(folder.FullName, OwnerOnly);
        // A folder written before the store was locked: take group and others off what is already there.
        foreach (var entry in folder.EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            if (entry.LinkTarget is null && (entry.UnixFileMode & ~OwnerOnly) != 0)
            {
                entry.UnixFileMode &= OwnerOnly;
            }
        }
    }

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint Umask(uint mask);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
