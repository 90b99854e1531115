using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ELicense.Testing;

/// <summary>
/// One of our services as its own process, as production runs it: the built assembly started with
/// <c>dotnet</c> from its project folder (the content root), in the development environment, on a
/// free loopback port, with settings given as environment variables. It can be stopped (killed, as a
/// crash would) and started again with the same settings.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly string project;
    private readonly string assembly;
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly StringBuilder output = new();
    private Process? process;

    /// <param name="project">The project folder under <c>src/</c>, e.g. <c>LicenseService</c>.</param>
    /// <param name="assembly">The assembly name, e.g. <c>ELicense.LicenseService</c>.</param>
    /// <param name="settings">Configuration keys (<c>Storage:DataFolder</c>) and values.</param>
    public ServiceProcess(string project, string assembly, IReadOnlyDictionary<string, string> settings)
    {
        this.project = Path.Combine(RepositoryPaths.Root, "src", project);
        this.assembly = Path.Combine(this.project, "bin", "Release", "net10.0", assembly + ".dll");
        this.settings = settings;
        Port = FreePort();
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>The CPU time the running process has used (for per-core rates in load runs).</summary>
    public TimeSpan ProcessorTime => process is { HasExited: false } running ? running.TotalProcessorTime : TimeSpan.Zero;

    /// <summary>The operating-system process id while it runs (for memory readings of the process).</summary>
    public int? ProcessId => process is { HasExited: false } running ? running.Id : null;

    /// <summary>The resident memory of the running process in bytes, read afresh; 0 when it is not running.</summary>
    public long WorkingSet
    {
        get
        {
            if (process is not { HasExited: false } running)
            {
                return 0;
            }

            running.Refresh();
            return running.WorkingSet64;
        }
    }

    /// <summary>What the process wrote so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts the process and waits until <c>/health/live</c> answers.</summary>
    /// <exception cref="InvalidOperationException">It exited or did not answer within a minute; the message holds its output.</exception>
    public async Task StartAsync()
    {
        process = Run(["--urls", BaseAddress.ToString()], output);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var end = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < end)
        {
            if (process.HasExited)
            {
                // Without a timeout, WaitForExit also waits until the redirected output has been read to its end.
                process.WaitForExit();
                throw new InvalidOperationException($"{Path.GetFileName(assembly)} exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await client.GetAsync(new Uri(BaseAddress, "/health/live"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"{Path.GetFileName(assembly)} did not answer within a minute:\n{Output}");
    }

    /// <summary>Runs the assembly with arguments (a CLI command) to its end.</summary>
    public async Task<(int ExitCode, string Output)> RunCommandAsync(params string[] arguments)
    {
        var said = new StringBuilder();
        using var command = Run(arguments, said);
        await command.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        command.WaitForExit();
        lock (said)
        {
            return (command.ExitCode, said.ToString());
        }
    }

    /// <summary>Kills the process, as a crash or a pulled cable would end it.</summary>
    public void Stop()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process?.Dispose();
        process = null;
    }

    public void Dispose() => Stop();

    private Process Run(IEnumerable<string> arguments, StringBuilder sink)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var started = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        started.OutputDataReceived += (_, e) => Append(sink, e.Data);
        started.ErrorDataReceived += (_, e) => Append(sink, e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return started;
    }

    private static void Append(StringBuilder sink, string? line)
    {
        if (line is not null)
        {
            lock (sink)
            {
                sink.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
