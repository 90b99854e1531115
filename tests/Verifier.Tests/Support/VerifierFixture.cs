using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ELicense.Testing;

namespace ELicense.Verifier.Tests.Support;

/// <summary>One province's LicenseService and a Verifier trusting it, both as processes, with a verifier token.</summary>
public sealed class VerifierFixture : IAsyncLifetime
{
    private readonly string subject;

    public VerifierFixture()
        : this(null, "dept-corpus")
    {
    }

    /// <summary>For a test class that starts its own (xunit wants one public constructor on a class fixture).</summary>
    /// <param name="provinceSettings">Settings of the province's service (e.g. a short status ttl).</param>
    /// <param name="subject">The subject of the verifier token, as usage traces name it.</param>
    internal VerifierFixture(IReadOnlyDictionary<string, string>? provinceSettings, string subject)
    {
        Province = new Province(provinceSettings);
        this.subject = subject;
    }

    public Province Province { get; }

    /// <summary>The verifier token of the client.</summary>
    public string Token { get; private set; } = null!;

    public ServiceProcess Verifier { get; private set; } = null!;

    /// <summary>A client of the Verifier carrying a token of role verifier.</summary>
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Province.Process.StartAsync();
        Verifier = new ServiceProcess("Verifier", "ELicense.Verifier", new Dictionary<string, string>
        {
            ["Verifier:Provinces:0:Region"] = "320000",
            ["Verifier:Provinces:0:TrustListUrl"] = Province.TrustListUrl,
            ["Verifier:CacheFolder"] = Directory.CreateTempSubdirectory("elicense-verifier-").FullName,
        });
        await Verifier.StartAsync();
        Client = new HttpClient { BaseAddress = Verifier.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
        Token = (await Province.Process.RunCommandAsync("token", "--sub", subject, "--role", "verifier", "--audience", "elicense-verifier")).Output.Trim();
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var end = DateTime.UtcNow.AddSeconds(30);
        while ((await Client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < end, "the Verifier held no trust list after 30 s");
            await Task.Delay(200);
        }
    }

    /// <summary>Posts a file as the multipart upload of the verify API.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(byte[] file, string fileName = "upload.bin", string purpose = "窗口核验")
    {
        using var form = new MultipartFormDataContent { { new StringContent(purpose), "purpose" }, { new ByteArrayContent(file), "file", fileName } };
        using var response = await Client.PostAsync("/api/v1/verify", form);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    public Task DisposeAsync()
    {
        Client?.Dispose();
        Verifier?.Dispose();
        Province.Dispose();
        return Task.CompletedTask;
    }
}
