namespace ELicense.Testing;

/// <summary>Finds folders of the repository from a test's working directory.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string DevCertificates => Path.Combine(Root, "certs", "dev");

    public static string Docs => Path.Combine(Root, "docs");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ELicense.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ELicense.sln not found above " + AppContext.BaseDirectory);
    }
}
