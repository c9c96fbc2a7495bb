using System.Globalization;

namespace MecMarl.Experiments;

/// <summary>One config path a sweep varies and its values, as given to <c>--vary path=v1,v2,...</c>.</summary>
/// <param name="Path">JSON path of the config value (e.g. <c>network.sbsCount</c>).</param>
/// <param name="Values">The values as written (JSON text, or a bare string such as <c>deadline-aware</c>).</param>
public sealed record SweepAxis(string Path, IReadOnlyList<string> Values)
{
    /// <summary>
    /// Parses <c>path=v1,v2,...</c>; values are split at commas outside brackets and quotes (so
    /// <c>network.uesPerCell=[8,10],[12,14]</c> gives two arrays). Throws <see cref="FormatException"/>.
    /// </summary>
    public static SweepAxis Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new FormatException($"'{text}': expected path=v1,v2,... (e.g. network.sbsCount=4,8,12)");
        }
        string path = text[..eq].Trim();
        var values = new List<string>();
        int depth = 0, start = eq + 1;
        bool quoted = false;
        for (int i = eq + 1; i <= text.Length; i++)
        {
            char c = i < text.Length ? text[i] : ',';
            if (quoted)
            {
                quoted = c != '"' || text[i - 1] == '\\';
                continue;
            }
            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case '[' or '{':
                    depth++;
                    break;
                case ']' or '}':
                    depth--;
                    break;
                case ',' when depth == 0:
                    string v = text[start..Math.Min(i, text.Length)].Trim();
                    if (v.Length == 0)
                    {
                        throw new FormatException($"'{text}': empty value in the list");
                    }
                    if (values.Contains(v))
                    {
                        throw new FormatException($"'{text}': value {v} appears twice");
                    }
                    values.Add(v);
                    start = i + 1;
                    break;
            }
        }
        if (quoted || depth != 0)
        {
            throw new FormatException($"'{text}': unbalanced quotes or brackets");
        }
        return new SweepAxis(path, values);
    }

    /// <summary>The value as a number when it is one (for plotting against it), else null.</summary>
    public static double? Numeric(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null;
}
