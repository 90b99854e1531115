using ELicense.LicenseService;
using ELicense.LicenseService.Auth;

if (args is ["token", .. var tokenArguments])
{
    return DevTokenCommand.Run(tokenArguments);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddLicenseService();
var app = builder.Build();
app.UseLicenseService();
app.Run();
return 0;

/// <summary>Makes the generated entry point visible to WebApplicationFactory in tests.</summary>
public partial class Program;
