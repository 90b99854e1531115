using System.Globalization;
using System.Text;

namespace ELicense.Core.Verification;

/// <summary>Formats a time span as an ISO 8601 duration in whole seconds (P1DT2H3M4S).</summary>
public static class IsoDuration
{
    public static string Format(TimeSpan span)
    {
        var negative = span < TimeSpan.Zero;
        var total = (long)Math.Abs(span.TotalSeconds);
        var days = total / 86_400;
        var hours = total / 3_600 % 24;
        var minutes = total / 60 % 60;
        var seconds = total % 60;
        var text = new StringBuilder(negative ? "-P" : "P");
        if (days > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{days}D");
        }

        if (hours > 0 || minutes > 0 || seconds > 0 || days == 0)
        {
            text.Append('T');
            if (hours > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{hours}H");
            }

            if (minutes > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{minutes}M");
            }

            if (seconds > 0 || (hours == 0 && minutes == 0))
            {
                text.Append(CultureInfo.InvariantCulture, $"{seconds}S");
            }
        }

        return text.ToString();
    }
}
