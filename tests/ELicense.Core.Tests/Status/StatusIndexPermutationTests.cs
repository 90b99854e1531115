using ELicense.Core.Status;
using Xunit;

namespace ELicense.Core.Tests.Status;

public class StatusIndexPermutationTests
{
    private static readonly byte[] Key = Convert.FromHexString("000102030405060708090A0B0C0D0E0F");

    [Fact]
    public void It_is_a_bijection_on_a_whole_list()
    {
        var permutation = new StatusIndexPermutation(Key, StatusList.MinimumEntries);
        var seen = new bool[StatusList.MinimumEntries];

        for (var position = 0; position < StatusList.MinimumEntries; position++)
        {
            var index = permutation.Permute(position);
            Assert.False(seen[index], $"index {index} given twice");
            seen[index] = true;
        }

        Assert.All(seen, Assert.True);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(12)]
    [InlineData(1000)]
    [InlineData(131_072)]
    [InlineData(1_048_576)]
    public void Invert_undoes_permute(int listSize)
    {
        var permutation = new StatusIndexPermutation(Key, listSize);
        foreach (var position in new[] { 0, 1, 2, listSize / 2, listSize - 1 })
        {
            Assert.Equal(position, permutation.Invert(permutation.Permute(position)));
        }
    }

    [Fact]
    public void Licences_issued_one_after_another_land_far_apart()
    {
        var permutation = new StatusIndexPermutation(Key, StatusList.MinimumEntries);
        var gaps = Enumerable.Range(0, 10_000).Select(p => Math.Abs(permutation.Permute(p + 1) - permutation.Permute(p))).ToList();

        // For a random permutation the mean gap is a third of the list.
        Assert.InRange(gaps.Average(), StatusList.MinimumEntries * 0.28, StatusList.MinimumEntries * 0.39);
        Assert.True(gaps.Count(g => g < 16) < 10, "too many neighbours stay neighbours");
    }

    [Fact]
    public void Another_key_gives_another_permutation()
    {
        var one = new StatusIndexPermutation(Key, StatusList.MinimumEntries);
        var other = new StatusIndexPermutation(Convert.FromHexString("FF0102030405060708090A0B0C0D0E0F"), StatusList.MinimumEntries);

        Assert.True(Enumerable.Range(0, 100).Count(p => one.Permute(p) == other.Permute(p)) < 3);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new StatusIndexPermutation(new byte[15], 1024));
        Assert.Throws<ArgumentException>(() => new StatusIndexPermutation(Key, 3));
        var permutation = new StatusIndexPermutation(Key, 1024);
        Assert.Throws<ArgumentOutOfRangeException>(() => permutation.Permute(1024));
        Assert.Throws<ArgumentOutOfRangeException>(() => permutation.Invert(-1));
    }
}
