namespace ELicense.Hosting;

/// <summary>
/// Who may read the operations endpoints: <c>/metrics</c>, and where a service has them the API
/// description <c>/openapi/*</c> and its browser <c>/docs</c>. Section <c>Management</c>.
/// </summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";

    /// <summary>
    /// The role a bearer token must carry to read the operations endpoints; without a token they answer
    /// 401, with a token lacking the role 403 (Problem Details, as every other endpoint). Default empty:
    /// open to anyone, so that development, a local Prometheus and the API browser work without tokens.
    /// Production should set it (e.g. <c>admin</c>, or a role its scraper's token carries) unless a
    /// gateway already keeps these paths off the public network: metrics name routes and counts, the
    /// API description lists every endpoint.
    /// </summary>
    public string RequireRole { get; set; } = "";
}
