namespace MecMarl.Experiments.Tests;

public sealed class StudyTests
{
    [Fact]
    public void Schemes_ParseListsAndGroups()
    {
        Assert.Equal(["f-drl", "full-offload", "local"], StudySchemes.Parse("f-drl, full-offload,local"));
        Assert.Equal(["ma-drl", "f-drl", "il-drl", "full-offload", "local", "yardstick"], StudySchemes.Parse("all"));
        Assert.Equal(["full-offload", "local", "random", "yardstick", "yardstick-local", "constant", "heuristic", "ma-drl"], StudySchemes.Parse("fixed,ma-drl"));
        Assert.Contains("'mappo'", Assert.Throws<FormatException>(() => StudySchemes.Parse("f-drl,mappo")).Message);
        Assert.Contains("twice", Assert.Throws<FormatException>(() => StudySchemes.Parse("fixed,local")).Message);
    }

    [Fact]
    public void FdrlWarning_OnlyWhenFdrlNeverAggregates()
    {
        // Paper preset: 5 episodes per round. 4 episodes never reach a round; 5 reach one.
        ExperimentConfig four = ExperimentConfig.Paper with { Training = ExperimentConfig.Paper.Training with { Episodes = 4 } };
        ExperimentConfig five = ExperimentConfig.Paper with { Training = ExperimentConfig.Paper.Training with { Episodes = 5 } };
        Assert.Contains("never aggregates", StudySchemes.FdrlWarning(["f-drl"], four));
        Assert.Null(StudySchemes.FdrlWarning(["f-drl"], five));
        Assert.Null(StudySchemes.FdrlWarning(["il-drl", "local"], four));
    }

    [Fact]
    public void SmokeBudget_MakesFdrlAggregate()
    {
        // The smoke budget trains 4 episodes; the paper's 5 episodes per round would never aggregate.
        ExperimentConfig smoke = Budget.Smoke.Apply(ExperimentConfig.Paper);
        Assert.Equal(4, smoke.Training.Episodes);
        Assert.Equal(2, smoke.Schemes["f-drl"].Aggregation!.PeriodEpisodes);
        Assert.Null(StudySchemes.FdrlWarning(["f-drl"], smoke));
        // Other budgets leave the round length alone.
        Assert.Equal(5, Budget.Default.Apply(ExperimentConfig.Paper).Schemes["f-drl"].Aggregation!.PeriodEpisodes);
    }

    [Fact]
    public void Summary_FixedSchemesHaveNoSeedCount()
    {
        string md = ReportTests.Synthetic(seeds: 2).SummaryMarkdown();
        string[] rows = md.Split('\n');
        Assert.StartsWith("| MA-DRL (`ma-drl`) | 2 |", rows.Single(r => r.Contains("`ma-drl`", StringComparison.Ordinal)));
        Assert.StartsWith("| Full offloading (`full-offload`) | – |", rows.Single(r => r.Contains("`full-offload`", StringComparison.Ordinal)));
        Assert.StartsWith("| Local computing (`local`) | – |", rows.Single(r => r.Contains("`local`", StringComparison.Ordinal)));
    }

    [Fact]
    public void Axis_SplitsAtTopLevelCommas()
    {
        SweepAxis a = SweepAxis.Parse("network.uesPerCell=[8,10],[12,14], 5");
        Assert.Equal("network.uesPerCell", a.Path);
        Assert.Equal(["[8,10]", "[12,14]", "5"], a.Values);
        Assert.Equal(["greedy", "deadline-aware"], SweepAxis.Parse("environment.decoder=greedy,deadline-aware").Values);
        Assert.Throws<FormatException>(() => SweepAxis.Parse("network.sbsCount=4,,8"));
        Assert.Throws<FormatException>(() => SweepAxis.Parse("network.sbsCount=4,4"));
        Assert.Throws<FormatException>(() => SweepAxis.Parse("network.sbsCount"));
        Assert.Throws<FormatException>(() => SweepAxis.Parse("network.uesPerCell=[8,10"));
    }
}
