using System.Text.Encodings.Web;
using System.Text.Json;

namespace ELicense.Hosting;

/// <summary>The JSON settings of every response: web naming, Chinese written as it is.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
