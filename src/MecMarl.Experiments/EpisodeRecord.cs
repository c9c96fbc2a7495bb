using System.Globalization;
using System.Text;

namespace MecMarl.Experiments;

/// <summary>
/// One training episode of one scheme and seed: a row of a run's <c>episodes.csv</c> (tidy data:
/// figures and statistics read these rows back).
/// </summary>
public sealed record EpisodeRecord
{
    /// <summary>Scheme id (<see cref="SchemeIds"/>).</summary>
    public required string Scheme { get; init; }

    /// <summary>Training seed of the run.</summary>
    public required int Seed { get; init; }

    /// <summary>Episode index, from 0.</summary>
    public required int Episode { get; init; }

    /// <summary>System reward of the episode: sum over its slots of sum over all UEs of u_n (SPEC 6; Fig. 4).</summary>
    public required double SystemReward { get; init; }

    /// <summary>Local reward R^Fl_m of each agent (SBS) summed over the episode's slots (eq. 23; Fig. 5).</summary>
    public required double[] AgentRewards { get; init; }

    /// <summary>Deadlines met in the episode, percent of (UE, slot) pairs (SPEC 9).</summary>
    public required double LatencyMetPct { get; init; }

    /// <summary>Energy counted in the episode, J per UE per slot (LocE + OffE, SPEC 5-6).</summary>
    public required double EnergyJ { get; init; }

    /// <summary>Mean critic loss of the episode's updates; NaN before learning starts.</summary>
    public required double CriticLoss { get; init; }

    /// <summary>Mean actor loss of the episode's updates; NaN before learning starts.</summary>
    public required double ActorLoss { get; init; }

    /// <summary>Exploration noise standard deviation at the end of the episode.</summary>
    public required double NoiseStd { get; init; }

    /// <summary>Wall-clock seconds of the episode: its slot loop and aggregation hooks (checkpoints and the divergence check after it are not counted); <see cref="SlotBudget"/> splits it.</summary>
    public required double WallSeconds { get; init; }
}

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

    /// <summary>One data line (no newline). NaN losses are written as empty fields.</summary>
    public static string Line(EpisodeRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var sb = new StringBuilder();
        sb.Append(r.Scheme).Append(',').Append(r.Seed.ToString(CultureInfo.InvariantCulture))
          .Append(',').Append(r.Episode.ToString(CultureInfo.InvariantCulture))
          .Append(',').Append(Num(r.SystemReward));
        foreach (double a in r.AgentRewards)
        {
            sb.Append(',').Append(Num(a));
        }
        sb.Append(',').Append(Num(r.LatencyMetPct)).Append(',').Append(Num(r.EnergyJ))
          .Append(',').Append(Num(r.CriticLoss)).Append(',').Append(Num(r.ActorLoss))
          .Append(',').Append(Num(r.NoiseStd)).Append(',').Append(Num(r.WallSeconds));
        return sb.ToString();
    }

    /// <summary>The whole file for <paramref name="records"/> (all with the same number of agents).</summary>
    public static string Format(IReadOnlyList<EpisodeRecord> records, int agents)
    {
        ArgumentNullException.ThrowIfNull(records);
        var sb = new StringBuilder(Header(agents)).Append('\n');
        foreach (var r in records)
        {
            if (r.AgentRewards.Length != agents)
            {
                throw new ArgumentException($"Episode {r.Episode} of {r.Scheme} has {r.AgentRewards.Length} agent rewards, expected {agents}.", nameof(records));
            }
            sb.Append(Line(r)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Parses an <c>episodes.csv</c>; errors name the file, line and column.</summary>
    public static List<EpisodeRecord> Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            throw new FormatException($"{path}: empty file, expected the episodes.csv header.");
        }
        string[] header = lines[0].Split(',');
        int agents = header.Count(h => h.StartsWith(AgentPrefix, StringComparison.Ordinal));
        if (lines[0] != Header(agents))
        {
            throw new FormatException($"{path}: line 1: not an episodes.csv header.");
        }
        var records = new List<EpisodeRecord>(lines.Length - 1);
        for (int i = 1; i < lines.Length; i++)
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
