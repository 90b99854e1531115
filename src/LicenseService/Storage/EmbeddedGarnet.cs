using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Garnet;

namespace ELicense.LicenseService.Storage;

/// <summary>
/// The zero-setup store: a Microsoft Garnet server (Redis protocol) inside this process on a free
/// loopback port, reached through the very same StackExchange.Redis code as a real Redis
/// (DESIGN §10). Durable across restarts: append-only file committed per operation, periodic
/// checkpoints, and recovery from both at start.
/// </summary>
public sealed class EmbeddedGarnet : IDisposable
{
    private readonly GarnetServer server;

    private EmbeddedGarnet(GarnetServer server, int port)
    {
        this.server = server;
        Port = port;
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>Starts a server whose data lives in <paramref name="dataFolder"/>.</summary>
    /// <exception cref="InvalidOperationException">The server cannot start; the message says why.</exception>
    public static EmbeddedGarnet Start(string dataFolder, int checkpointSeconds, ILoggerFactory? loggerFactory)
    {
        Directory.CreateDirectory(dataFolder);
        var port = FreeLoopbackPort();
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
            var server = new GarnetServer(arguments, loggerFactory, cleanupDir: false);
            server.Start();
            return new EmbeddedGarnet(server, port);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"The embedded Garnet store could not start with its data in '{dataFolder}': {e.Message}", e);
        }
    }

    public void Dispose() => server.Dispose();

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
