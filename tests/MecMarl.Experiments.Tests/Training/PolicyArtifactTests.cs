using MecMarl.Learning;

namespace MecMarl.Experiments.Tests;

public sealed class PolicyArtifactTests
{
    [Fact]
    public void EvalFromThePolicyFile_EqualsTheEvaluationAtTheEndOfTraining()
    {
        string dir = Path.Combine(Tiny.TempDir(), "run");
        EvaluationResult trained = TrainingRun.Create(dir, SchemeIds.MaDrl, Tiny.Config, 3).Train();
        Assert.False(File.Exists(Path.Combine(dir, "model.ckpt")));
        PolicyFile policy = PolicyFile.Load(Path.Combine(dir, TrainingRun.PolicyFile));
        Assert.Equal(3, policy.Actors.Count);
        Assert.Equal(3, policy.Seed);
        Assert.Equal(Tiny.Config.Training.Episodes, policy.Episodes);
        string stored = File.ReadAllText(Path.Combine(dir, TrainingRun.EvaluationFile));
        EvaluationResult again = TrainingRun.Open(dir).Evaluate();
        Assert.Equal(trained.TotalEnergyJ, again.TotalEnergyJ);
        Assert.Equal(trained.AgentRewards, again.AgentRewards);
        Assert.Equal(stored, File.ReadAllText(Path.Combine(dir, TrainingRun.EvaluationFile)));
    }

    [Fact]
    public void APolicyOfOtherShapes_IsRefusedNamingTheFile()
    {
        string root = Tiny.TempDir();
        string a = Path.Combine(root, "a"), b = Path.Combine(root, "b");
        TrainingRun.Create(a, SchemeIds.IlDrl, Tiny.Config, 1).Train();
        ExperimentConfig wider = ExperimentConfig.Parse(Tiny.Json.Replace("\"uesPerCell\": 3", "\"uesPerCell\": 2"));
        TrainingRun.Create(b, SchemeIds.IlDrl, wider, 1).Train();
        File.Copy(Path.Combine(b, TrainingRun.PolicyFile), Path.Combine(a, TrainingRun.PolicyFile), overwrite: true);
        var e = Assert.Throws<RunFolderException>(() => TrainingRun.Open(a).Evaluate());
        Assert.Contains(TrainingRun.PolicyFile, e.Message);
        Assert.Contains("agent 0's actor", e.Message);
    }

    [Fact]
    public void ARunFolderOfFormat1_IsAClearError()
    {
        string dir = Path.Combine(Tiny.TempDir(), "run");
        TrainingRun.Create(dir, SchemeIds.IlDrl, Tiny.Config, 1);
        string runJson = Path.Combine(dir, TrainingRun.RunFile);
        File.WriteAllText(runJson, File.ReadAllText(runJson).Replace("\"format\": 2", "\"format\": 1"));
        var e = Assert.Throws<RunFolderException>(() => TrainingRun.Open(dir));
        Assert.Contains("version 1", e.Message);
        Assert.Contains("train the run again", e.Message);
    }

    [Fact]
    public void ACheckpointOfTheEarlierLayout_IsRefused()
    {
        var trainer = new MultiAgentTrainer(SchemeIds.FDrl, Tiny.Config, 1);
        var writer = new CheckpointWriter();
        writer.AddInt64s("trainer.counters", [0, 1, 10, 0, 0, 1, 3], 7);
        var e = Assert.Throws<CheckpointException>(() => trainer.Restore(CheckpointReader.Parse(writer.ToBytes(), "old.ckpt"), 0));
        Assert.Contains("layout 1", e.Message);
        Assert.Equal(0, trainer.EpisodesDone);
    }
}
