using MecMarl.Experiments;

namespace MecMarl.Experiments.Tests;

public sealed class EpisodeCsvTests
{
    [Fact]
    public void RoundTrip_KeepsEveryValueExactly()
    {
        var records = ReportTests.Synthetic(seeds: 1, episodes: 4, agents: 2).Episodes;
        string dir = Directory.CreateTempSubdirectory().FullName;
        string path = Path.Combine(dir, "episodes.csv");
        AtomicFile.WriteAllText(path, EpisodeCsv.Format(records, 2));
        var back = EpisodeCsv.Read(path);
        Assert.Equal(records.Count, back.Count);
        for (int i = 0; i < records.Count; i++)
        {
            Assert.Equal(records[i].SystemReward, back[i].SystemReward);
            Assert.Equal(records[i].AgentRewards, back[i].AgentRewards);
            Assert.Equal(records[i].CriticLoss, back[i].CriticLoss); // NaN survives as an empty field
            Assert.Equal(records[i].Scheme, back[i].Scheme);
        }
    }

    [Fact]
    public void Header_NamesEveryColumn() =>
        Assert.Equal(
            "scheme,seed,episode,systemReward,localReward0,localReward1,latencyMetPct,energyJ,criticLoss,actorLoss,noiseStd,wallSeconds",
            EpisodeCsv.Header(2));

    [Fact]
    public void BadNumber_NamesLineAndColumn()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        string path = Path.Combine(dir, "episodes.csv");
        File.WriteAllText(path, EpisodeCsv.Header(1) + "\nma-drl,1,0,abc,1,2,3,4,5,6,7\n");
        var ex = Assert.Throws<FormatException>(() => EpisodeCsv.Read(path));
        Assert.Contains("line 2", ex.Message);
        Assert.Contains("systemReward", ex.Message);
    }

    [Fact]
    public void UnfinishedLastLine_IsLeftOut()
    {
        // A run appends one line per episode: a last line without its newline is being written or was cut by a kill.
        var records = ReportTests.Synthetic(seeds: 1, episodes: 3, agents: 2).Episodes;
        string dir = Directory.CreateTempSubdirectory().FullName;
        string path = Path.Combine(dir, "episodes.csv");
        string text = EpisodeCsv.Format(records, 2);
        File.WriteAllText(path, text[..^4]);
        var back = EpisodeCsv.Read(path);
        Assert.Equal(records.SkipLast(1).Select(r => r.SystemReward), back.Select(r => r.SystemReward));
        File.WriteAllText(path, EpisodeCsv.Header(2));
        Assert.Empty(EpisodeCsv.Read(path));
        File.WriteAllText(path, "");
        Assert.Throws<FormatException>(() => EpisodeCsv.Read(path));
    }

    [Fact]
    public void NotAnEpisodesFile_IsRejected()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        string path = Path.Combine(dir, "episodes.csv");
        File.WriteAllText(path, "a,b,c\n1,2,3\n");
        Assert.Throws<FormatException>(() => EpisodeCsv.Read(path));
    }
}
