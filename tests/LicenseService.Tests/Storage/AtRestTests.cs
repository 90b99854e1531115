using System.Text.Json;
using ELicense.LicenseService.Tests.Support;
using ELicense.Testing;
using Xunit;

namespace ELicense.LicenseService.Tests.Storage;

/// <summary>
/// Personal data at rest (DESIGN §10): a dump of every value of a Redis Cluster and of every node's append-only
/// files shows no name, ID number or address of a thousand licences — and the same scan finds them at once in a
/// plain copy of one stored QR, as earlier versions kept it, so the scan can fail.
/// </summary>
public sealed class AtRestTests(ClusterServiceFixture fixture) : IClassFixture<ClusterServiceFixture>
{
    [Fact]
    public async Task No_name_ID_number_or_address_of_a_thousand_licences_is_in_any_value_or_data_file_and_a_plain_copy_is_found()
    {
        const int count = 1_000;
        var body = string.Join('\n', Enumerable.Range(0, count).Select(i => Requests.Line(Citizens.IdCard(i))));
        var results = await Requests.BatchAsync(fixture.Host.Client(Tokens.IssuerOf("id-card")), body, "at-rest-" + Guid.NewGuid());
        Assert.Equal(count, results.Count(r => r.GetProperty("status").GetString() == "issued"));
        var needles = Enumerable.Range(0, count).SelectMany(Citizens.PersonalData).ToList();

        var values = await StoreScan.ValuesAsync(fixture.Cluster.ConnectionString);
        var files = StoreScan.Files(fixture.Cluster.DataFiles());
        Assert.True(files.Length > count * 300, $"the append-only files hold {files.Length} bytes: the licences' writes are not in them");
        Assert.Empty(StoreScan.Found(values, needles));
        Assert.Empty(StoreScan.Found(files, needles));

        // The control: one licence's QR text stored in clear, as the record of an earlier version held it.
        var qr = results[0].GetProperty("qr").GetString()!;
        await fixture.Host.Store.StringSetAsync("elicense:test:plain-copy", JsonSerializer.Serialize(new { qr }));
        var planted = Citizens.PersonalData(0);
        Assert.Equal(planted, StoreScan.Found(await StoreScan.ValuesAsync(fixture.Cluster.ConnectionString), planted));
        Assert.Equal(planted, StoreScan.Found(StoreScan.Files(fixture.Cluster.DataFiles()), planted));
    }
}
