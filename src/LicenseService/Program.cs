using ELicense.LicenseService.Commands;
using ELicense.LicenseService;
using ELicense.LicenseService.Auth;

if (args is ["token", .. var tokenArguments])
{
    return DevTokenCommand.Run(tokenArguments);
}

if (args is ["keys", .. var keyArguments])
{
    return await ELicense.LicenseService.Commands.KeyCommand.RunAsync(keyArguments, Console.Out, Console.Error);
}

if (args is ["catalogue", .. var catalogueArguments])
{
    return await ELicense.LicenseService.Commands.CatalogueCommand.RunAsync(catalogueArguments, Console.Out, Console.Error);
}

if (args is ["authorities", .. var authorityArguments])
{
    return await ELicense.LicenseService.Commands.CatalogueCommand.RunAsync(authorityArguments, Console.Out, Console.Error, authorities: true);
}

if (args is ["import", .. var importArguments])
{
    return await ELicense.LicenseService.Commands.ImportCommand.RunAsync(importArguments, Console.Out, Console.Error);
}

if (args is ["store", .. var storeArguments])
{
    return await ELicense.LicenseService.Commands.StoreCommand.RunAsync(storeArguments, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddLicenseService();
var app = builder.Build();
app.UseLicenseService();
app.Run();
return 0;

/// <summary>Makes the generated entry point visible to WebApplicationFactory in tests.</summary>
public partial class Program;
