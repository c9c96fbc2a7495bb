using System.Globalization;
using System.Text;

namespace MecMarl.Experiments;

/// <summary>
/// Reads and writes a per-episode <see cref="SlotBudget"/> table (CSV: <see cref="Header"/>, one
/// row per episode, seconds with microsecond precision; the two agents' columns empty for agents in process).
/// </summary>
public static class SlotBudgetCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "episode,slots,rounds,wallS,actingS,steppingS,updatingS,messagingS,averagingS,otherS,actingAllAgentsS,updatingAllAgentsS";

    /// <summary>The whole file for <paramref name="rows"/> (episode number, that episode's budget), in the given order.</summary>
    public static string Format(IEnumerable<(int Episode, SlotBudget Budget)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder(Header).Append('\n');
        foreach ((int episode, SlotBudget b) in rows)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"{episode},{b.Slots},{b.Rounds},{S(b.WallSeconds)},{S(b.ActingSeconds)},{S(b.SteppingSeconds)},{S(b.UpdatingSeconds)},{S(b.MessagingSeconds)},{S(b.AveragingSeconds)},{S(b.OtherSeconds)},{S(b.ActingAllAgentsSeconds)},{S(b.UpdatingAllAgentsSeconds)}\n");
        }
        return sb.ToString();
    }

    private static string S(double? seconds) => seconds is { } s ? s.ToString("F6", CultureInfo.InvariantCulture) : "";

    /// <summary>Parses what <see cref="Format"/> wrote (empty when the file is missing); a malformed line is a <see cref="FormatException"/> naming the file and line.</summary>
    public static List<(int Episode, SlotBudget Budget)> Read(string path)
    {
        var rows = new List<(int, SlotBudget)>();
        if (!File.Exists(path))
        {
            return rows;
        }
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header)
        {
            throw new FormatException($"{path}: line 1: expected the header {Header}.");
        }
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }
            string[] f = lines[i].Split(',');
            if (f.Length != 12)
            {
                throw new FormatException($"{path}: line {i + 1}: {f.Length} fields, expected 12 ({Header}).");
            }
            double D(int col) => double.TryParse(f[col], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && v >= 0
                ? v
                : throw new FormatException($"{path}: line {i + 1}: '{f[col]}' is not a non-negative number of seconds.");
            double? N(int col) => f[col].Length == 0 ? null : D(col);
            if (!int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out int episode)
                || !long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out long slots)
                || !int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out int rounds))
            {
                throw new FormatException($"{path}: line {i + 1}: episode, slots and rounds must be non-negative integers.");
            }
            rows.Add((episode, new SlotBudget
            {
                Episodes = 1,
                Slots = slots,
                Rounds = rounds,
                WallSeconds = D(3),
                ActingSeconds = D(4),
                SteppingSeconds = D(5),
                UpdatingSeconds = D(6),
                MessagingSeconds = D(7),
                AveragingSeconds = D(8),
                OtherSeconds = D(9),
                ActingAllAgentsSeconds = N(10),
                UpdatingAllAgentsSeconds = N(11),
            }));
        }
        return rows;
    }
}
