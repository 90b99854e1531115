using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ELicense.Hosting;

/// <summary>Puts an operations endpoint behind <see cref="ManagementOptions.RequireRole"/> when it is set.</summary>
public static class ManagementAccess
{
    /// <summary>Requires an authenticated caller with the configured role; leaves the endpoint open when none is configured.</summary>
    /// <param name="builder">The endpoint(s), e.g. what <c>MapPrometheusScrapingEndpoint</c> returns.</param>
    /// <param name="services">The application's services (options of section <c>Management</c>, bound by <see cref="BearerAuth"/>).</param>
    public static TBuilder RequireManagementRole<TBuilder>(this TBuilder builder, IServiceProvider services)
        where TBuilder : IEndpointConventionBuilder
    {
        var role = services.GetRequiredService<IOptions<ManagementOptions>>().Value.RequireRole.Trim();
        return role.Length == 0 ? builder : builder.RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireRole(role));
    }
}
