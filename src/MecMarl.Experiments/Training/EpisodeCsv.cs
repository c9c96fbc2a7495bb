using System.Globalization;
using System.Text;

namespace MecMarl.Experiments;

/// <summary>Reads and writes <c>episodes.csv</c>.</summary>
public static class EpisodeCsv
{
    private const string AgentPrefix = "localReward";

    /// <summary>The header line for <paramref name="agents"/> agents.</summary>
    public static string Header(int agents)
    {
        var sb = new StringBuilder("scheme,seed,episode,systemReward");
        for (int m = 0; m < agents; m++)
        {
            sb.Append(',').Append(AgentPrefix).Append(m);
        }
        sb.Append(",latencyMetPct,energyJ,criticLoss,actorLoss,noiseStd,wallSeconds");
        return sb.ToString();
    }

    /// <summary>
    /// Appends one data line and its newline to <paramref name="sb"/>; <paramref name="r"/> must hold
    /// <paramref name="agents"/> agent rewards. NaN losses are written as empty fields.
    /// </summary>
    public static void AppendLine(StringBuilder sb, EpisodeRecord r, int agents)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(r);
        if (r.AgentRewards.Length != agents)
        {
            throw new ArgumentException($"Episode {r.Episode} of {r.Scheme} has {r.AgentRewards.Length} agent rewards, expected {agents}.", nameof(r));
        }
        sb.Append(r.Scheme).Append(',').Append(r.Seed.ToString(CultureInfo.InvariantCulture))
          .Append(',').Append(r.Episode.ToString(CultureInfo.InvariantCulture))
          .Append(',').Append(Num(r.SystemReward));
        foreach (double a in r.AgentRewards)
        {
            sb.Append(',').Append(Num(a));
        }
        sb.Append(',').Append(Num(r.LatencyMetPct)).Append(',').Append(Num(r.EnergyJ))
          .Append(',').Append(Num(r.CriticLoss)).Append(',').Append(Num(r.ActorLoss))
          .Append(',').Append(Num(r.NoiseStd)).Append(',').Append(Num(r.WallSeconds)).Append('\n');
    }

    /// <summary>The whole file for <paramref name="records"/> (all with the same number of agents).</summary>
    public static string Format(IReadOnlyList<EpisodeRecord> records, int agents)
    {
        ArgumentNullException.ThrowIfNull(records);
        var sb = new StringBuilder(Header(agents)).Append('\n');
        foreach (var r in records)
        {
            AppendLine(sb, r, agents);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Parses an <c>episodes.csv</c>; errors name the file, line and column. A last data line without
    /// its newline is left out: a training run appends one line per episode, so such a line is one
    /// being written, or cut by a kill after the run's last checkpoint (which a resume drops anyway).
    /// </summary>
    public static List<EpisodeRecord> Read(string path)
    {
        List<string> lines = [.. File.ReadAllText(path).Split('\n').Select(l => l.TrimEnd('\r'))];
        if (lines.Count > 1)
        {
            // After a final newline Split leaves an empty string; without one, the last line is unfinished.
            lines.RemoveAt(lines.Count - 1);
        }
        if (lines.Count == 0 || (lines.Count == 1 && lines[0].Length == 0))
        {
            throw new FormatException($"{path}: empty file, expected the episodes.csv header.");
        }
        string[] header = lines[0].Split(',');
        int agents = header.Count(h => h.StartsWith(AgentPrefix, StringComparison.Ordinal));
        if (lines[0] != Header(agents))
        {
            throw new FormatException($"{path}: line 1: not an episodes.csv header.");
        }
        var records = new List<EpisodeRecord>(lines.Count - 1);
        for (int i = 1; i < lines.Count; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }
            string[] f = lines[i].Split(',');
            if (f.Length != header.Length)
            {
                throw new FormatException($"{path}: line {i + 1}: {f.Length} fields, expected {header.Length}.");
            }
            double P(int col) => ParseNum(f[col], path, i + 1, header[col]);
            records.Add(new EpisodeRecord
            {
                Scheme = f[0],
                Seed = (int)P(1),
                Episode = (int)P(2),
                SystemReward = P(3),
                AgentRewards = Enumerable.Range(0, agents).Select(m => P(4 + m)).ToArray(),
                LatencyMetPct = P(4 + agents),
                EnergyJ = P(5 + agents),
                CriticLoss = P(6 + agents),
                ActorLoss = P(7 + agents),
                NoiseStd = P(8 + agents),
                WallSeconds = P(9 + agents),
            });
        }
        return records;
    }

    /// <summary>A number as the CSV files of MecMarl write it: round-trip, invariant culture, NaN as an empty field.</summary>
    public static string Num(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    private static double ParseNum(string s, string path, int line, string column)
    {
        if (s.Length == 0)
        {
            return double.NaN;
        }
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
        {
            throw new FormatException($"{path}: line {line}: column {column}: '{s}' is not a number.");
        }
        return v;
    }
}
