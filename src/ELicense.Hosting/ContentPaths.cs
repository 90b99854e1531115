using Microsoft.Extensions.Hosting;

namespace ELicense.Hosting;

/// <summary>Resolves configured paths: absolute paths stay, relative ones start at the content root.</summary>
public static class ContentPaths
{
    public static string Resolve(IHostEnvironment environment, string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(environment.ContentRootPath, path));
}
