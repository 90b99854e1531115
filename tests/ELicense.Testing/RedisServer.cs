using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ELicense.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port with its own data folder, append-only file
/// and <c>appendfsync always</c>; it can be stopped (killed, as a crash would) and started again
/// on the same port and data, to test outages and restarts.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private Process? process;

    public RedisServer()
    {
        Folder = Directory.CreateTempSubdirectory("elicense-redis-").FullName;
        Port = FreeLoopbackPort();
        Start();
    }

    public int Port { get; }

    public string Folder { get; }

    /// <summary>The StackExchange.Redis connection string.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public void Start()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", Folder,
                     "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--protected-mode", "yes",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start (run scripts/install-deps.sh).");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new TimeoutException($"redis-server did not listen on {Port} within 15 s.");
    }

    /// <summary>Freezes the server (SIGSTOP): it keeps its connections and answers nothing, as a hung node does.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>Lets a paused server go on (SIGCONT).</summary>
    public void Resume() => Signal("CONT");

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process!.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Kills the server as a crash would; acknowledged writes are in the append-only file.</summary>
    public void Stop()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit();
        }

        process?.Dispose();
        process = null;
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
