using ELicense.Verifier;
using ELicense.Verifier.Configuration;
using ELicense.Verifier.Offline;

if (args is ["verify", ..] or ["trust", ..])
{
    // The command line reads the same configuration as the service (roots, provinces) and nothing else.
    var settings = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
    {
        Args = [],
        EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"),
    });
    settings.Logging.ClearProviders();
    VerifierOptions options;
    try
    {
        options = settings.Configuration.GetSection(VerifierOptions.Section).Get<VerifierOptions>() ?? new VerifierOptions();
    }
    catch (InvalidOperationException e)
    {
        // A setting that does not bind (e.g. a duration that is no duration): one line, as every usage error.
        Console.Error.WriteLine("error: configuration section Verifier: " + (e.InnerException ?? e).Message.ReplaceLineEndings(" "));
        return VerifierCommand.UsageError;
    }

    return await VerifierCommand.RunAsync(args, settings.Environment, options, Console.In, Console.Out, Console.Error);
}

if (args is [var first, ..] && !first.StartsWith('-'))
{
    Console.Error.WriteLine($"error: unknown command '{first}'\n{VerifierCommand.Usage}\n       (no command: run the Verifier service; settings as --key value)");
    return VerifierCommand.UsageError;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddVerifier();
var app = builder.Build();
app.UseVerifier();
app.Run();
return 0;
