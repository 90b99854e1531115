using ELicense.Core.Status;
using Xunit;

namespace ELicense.Core.Tests.Status;

public class StatusListTests
{
    /// <summary>The 2-bit example of draft-ietf-oauth-status-list §4.1: twelve statuses packed into c9 44 f9.</summary>
    [Fact]
    public void Packs_two_bits_per_entry_least_significant_first_as_the_draft_example()
    {
        var list = new StatusList(12);
        byte[] values = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] == 3)
            {
                continue;
            }

            list[i] = (LicenceStatus)values[i];
        }

        // 3 is reserved for application use; ELicense never writes it, so set those bits directly.
        var packed = list.AsBytes().ToArray();
        packed[0] |= 0b11 << 6;
        packed[2] |= 0b1111 << 4;

        Assert.Equal(Convert.FromHexString("C944F9"), packed);
        Assert.Equal(LicenceStatus.Suspended, StatusList.FromBytes(packed)[9]);
    }

    [Fact]
    public void Setting_one_entry_leaves_its_neighbours_alone()
    {
        var list = new StatusList(StatusList.MinimumEntries);
        list[4711] = LicenceStatus.Revoked;
        list[4712] = LicenceStatus.Suspended;
        list[4711] = LicenceStatus.Valid;

        Assert.Equal(LicenceStatus.Valid, list[4710]);
        Assert.Equal(LicenceStatus.Valid, list[4711]);
        Assert.Equal(LicenceStatus.Suspended, list[4712]);
        Assert.Equal(LicenceStatus.Valid, list[4713]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    [InlineData(6)]
    public void A_count_that_is_not_a_positive_multiple_of_four_is_refused(int count)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new StatusList(count));

    [Fact]
    public void An_index_outside_the_list_is_refused()
    {
        var list = new StatusList(8);

        Assert.Throws<ArgumentOutOfRangeException>(() => list[8]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[-1] = LicenceStatus.Revoked);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[0] = (LicenceStatus)3);
    }
}
