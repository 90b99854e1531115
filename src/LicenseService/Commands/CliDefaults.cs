namespace ELicense.LicenseService.Commands;

/// <summary>What the commands that talk to a running service share: its address and token from the environment, and the progress bar.</summary>
public static class CliDefaults
{
    /// <summary><c>ELICENSE_URL</c>, else the development address.</summary>
    public static string Url => Environment.GetEnvironmentVariable("ELICENSE_URL") is { Length: > 0 } configured ? configured : "http://127.0.0.1:5080";

    /// <summary><c>ELICENSE_TOKEN</c>, else empty (the command then asks for <c>--token</c>).</summary>
    public static string Token => Environment.GetEnvironmentVariable("ELICENSE_TOKEN") ?? "";

    /// <summary>A 30-character bar for a fraction from 0 to 1: <c>[#########---------------------]</c>.</summary>
    public static string Bar(double fraction)
    {
        const int width = 30;
        var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * width);
        return $"[{new string('#', filled)}{new string('-', width - filled)}]";
    }
}
