using System.Globalization;
using ELicense.Core.Identifiers;
using ELicense.LicenseService.Issuance;
using ELicense.Testing;

namespace ELicense.LicenseService.Tests.Support;

/// <summary>
/// ID-card requests of distinct citizens: number <paramref name="i"/> has its own name (unique below 18,000),
/// ID number and address (unique for every i below 10 million), so a test can look for each one's personal data.
/// </summary>
public static class Citizens
{
    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
    private const string Given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉";

    public static IssueRequest IdCard(int i)
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(i % 20_000);
        var sequence = ((i / 20_000) % 500 * 2) + 1;
        var idNumber = CitizenIdNumber.Complete("320102" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("000", CultureInfo.InvariantCulture));
        var name = $"{Surnames[i % Surnames.Length]}{Given[i / Surnames.Length % Given.Length]}{Given[i / Surnames.Length / Given.Length % Given.Length]}";
        var request = Requests.For(BaseTypes.IdCard);
        var fields = new Dictionary<string, string>(request.Fields!)
        {
            ["sex"] = "男",
            ["birthDate"] = birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["address"] = $"江苏省南京市玄武区中山路 {i} 号",
        };
        return request with { Holder = new HolderRequest(name, request.Holder!.IdType, idNumber), Fields = fields };
    }

    /// <summary>The personal data of citizen <paramref name="i"/> a dump of the store must not show: name, ID number, address.</summary>
    public static string[] PersonalData(int i)
    {
        var request = IdCard(i);
        return [request.Holder!.Name!, request.Holder.IdNumber!, request.Fields!["address"]];
    }
}
