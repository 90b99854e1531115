using ELicense.Verifier;

var builder = WebApplication.CreateBuilder(args);
builder.AddVerifier();
var app = builder.Build();
app.UseVerifier();
app.Run();
