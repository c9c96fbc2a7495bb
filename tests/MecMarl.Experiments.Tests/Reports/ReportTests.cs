using System.Text.Json;
using MecMarl.Experiments;

namespace MecMarl.Experiments.Tests;

public sealed class ReportTests
{
    internal static Report Synthetic(int seeds, int episodes = 30, int agents = 3)
    {
        var eps = new List<EpisodeRecord>();
        var evals = new List<EvaluationResult>();
        string[] learning = [SchemeIds.MaDrl, SchemeIds.FDrl, SchemeIds.IlDrl];
        for (int s = 0; s < learning.Length; s++)
        {
            for (int seed = 1; seed <= seeds; seed++)
            {
                for (int e = 0; e < episodes; e++)
                {
                    double r = -1000 + 100 * s + 30 * e + 10 * seed;
                    eps.Add(new EpisodeRecord
                    {
                        Scheme = learning[s],
                        Seed = seed,
                        Episode = e,
                        SystemReward = r,
                        AgentRewards = Enumerable.Range(0, agents).Select(m => r / agents + m).ToArray(),
                        LatencyMetPct = 50 + e,
                        EnergyJ = 0.1,
                        CriticLoss = e < 2 ? double.NaN : 1.0 / (e + 1),
                        ActorLoss = e < 2 ? double.NaN : -e,
                        NoiseStd = 0.2 - 0.005 * e,
                        WallSeconds = e * 0.5,
                    });
                }
                evals.Add(new EvaluationResult
                {
                    Scheme = learning[s],
                    Seed = seed,
                    EvalSeed = 99,
                    Episodes = 20,
                    LocalEnergyJ = 0.01 * (s + 1) + 0.001 * seed,
                    EdgeEnergyJ = 0.03,
                    LatencyMetPct = 90 + s + seed,
                    SystemReward = 2000 + seed,
                    AgentRewards = new double[agents],
                });
            }
        }
        evals.Add(new EvaluationResult
        {
            Scheme = SchemeIds.FullOffload,
            Seed = 0,
            EvalSeed = 99,
            Episodes = 20,
            LocalEnergyJ = 0,
            EdgeEnergyJ = 0.05,
            LatencyMetPct = 96.5,
            SystemReward = 2500,
            AgentRewards = new double[agents],
        });
        evals.Add(new EvaluationResult
        {
            Scheme = SchemeIds.Local,
            Seed = 0,
            EvalSeed = 99,
            Episodes = 20,
            LocalEnergyJ = 1.537,
            EdgeEnergyJ = 0,
            LatencyMetPct = 0,
            SystemReward = -4900,
            AgentRewards = new double[agents],
        });
        return new Report(eps, evals);
    }

    [Fact]
    public void SchemesAreListedLearningFirstThenFixed()
    {
        var report = Synthetic(seeds: 2);
        Assert.Equal(["ma-drl", "f-drl", "il-drl", "full-offload", "local"], report.Schemes);
        Assert.Equal(["ma-drl", "f-drl", "il-drl"], report.TrainedSchemes);
    }

    [Fact]
    public void SummaryJson_HasMeanAndIntervalPerSchemeAndMetric()
    {
        // Given two seeds of MA-DRL with latency 91 and 92: mean 91.5, sd 0.7071, se 0.5, t(1) = 12.706.
        var report = Synthetic(seeds: 2);
        using var doc = JsonDocument.Parse(report.SummaryJson());
        var ma = doc.RootElement.GetProperty("schemes").GetProperty("ma-drl");
        Assert.Equal(91.5, ma.GetProperty("latencyMetPct").GetProperty("mean").GetDouble(), 9);
        Assert.Equal(6.3531, ma.GetProperty("latencyMetPct").GetProperty("ci95").GetDouble(), 3);
        // total = local + edge = (0.011 + 0.03, 0.012 + 0.03) -> mean 0.0415
        Assert.Equal(0.0415, ma.GetProperty("totalEnergyJ").GetProperty("mean").GetDouble(), 12);
        var local = doc.RootElement.GetProperty("schemes").GetProperty("local");
        Assert.Equal(1.537, local.GetProperty("totalEnergyJ").GetProperty("mean").GetDouble(), 12);
        foreach (string key in new[] { "totalEnergyJ", "localEnergyJ", "edgeEnergyJ", "latencyMetPct", "systemReward" })
        {
            Assert.True(ma.TryGetProperty(key, out _), key);
        }
    }

    [Fact]
    public void SummaryMarkdown_HasOneRowPerScheme()
    {
        string md = Synthetic(seeds: 3).SummaryMarkdown();
        string[] rows = md.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2 + 5, rows.Length);
        Assert.Contains("±", rows[2]);
        Assert.Contains("`local`", rows[6]);
    }

    [Fact]
    public void Curve_AveragesOverSeedsPerEpisode()
    {
        // Seeds 1 and 2 of MA-DRL at episode 0: -1000 + 10 and -1000 + 20 -> mean -985.
        var curve = Synthetic(seeds: 2).Curve(SchemeIds.MaDrl, e => e.SystemReward);
        Assert.Equal(30, curve.Count);
        Assert.Equal(-985, curve[0].Value.Mean, 9);
        Assert.Equal(2, curve[0].Value.Count);
    }
}
