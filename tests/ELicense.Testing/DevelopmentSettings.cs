using System.Text.Json;

namespace ELicense.Testing;

/// <summary>
/// The settings of a service's <c>appsettings.Development.json</c> as configuration keys
/// (<c>Auth:SigningCertificates:0</c>), for starting it in another environment with the development
/// material, which that environment does not read from the file.
/// </summary>
public static class DevelopmentSettings
{
    /// <param name="project">The project folder under <c>src/</c>, e.g. <c>Verifier</c>.</param>
    public static Dictionary<string, string> Of(string project)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", project, "appsettings.Development.json")));
        Add(json.RootElement, "");
        return settings;

        void Add(JsonElement element, string key)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        Add(property.Value, key.Length == 0 ? property.Name : key + ":" + property.Name);
                    }

                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        Add(item, $"{key}:{index++}");
                    }

                    break;
                default:
                    settings[key] = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
                    break;
            }
        }
    }
}
