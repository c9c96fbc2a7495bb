using MecMarl.Randomness;

namespace MecMarl.Learning.Tests;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mecmarl-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly DdpgOptions Options = new() { ActorHidden = [8], CriticHidden = [8], BatchSize = 4, BufferCapacity = 50 };

    private sealed class Run
    {
        public DdpgLearner Learner = null!;
        public ReplayBuffer Buffer = null!;
        public Rng Env = null!;
        public Rng Sampler = null!;
        public ReplayBatch Batch = new(4, 3, 2, 1);

        public static Run Create(ulong seed, DdpgOptions? options = null) => new()
        {
            Learner = new DdpgLearner(options ?? Options, LearnerLayout.Local(3, 2), new Rng(seed, 1)),
            Buffer = new ReplayBuffer(50, 3, 2),
            Env = new Rng(seed, 2),
            Sampler = new Rng(seed, 3),
        };

        public void Steps(int n)
        {
            float[] obs = new float[3], next = new float[3], act = new float[2];
            for (int t = 0; t < n; t++)
            {
                for (int i = 0; i < 3; i++)
                {
                    obs[i] = Env.NextSingle();
                    next[i] = Env.NextSingle();
                }
                Learner.Act(obs, act);
                act[0] = Math.Clamp(act[0] + (float)(0.1 * Env.NextGaussian()), 0f, 1f);
                Buffer.Add(obs, act, [obs[0] - act[1]], next, false);
                Buffer.Sample(Sampler, Batch);
                Learner.Update(Batch);
            }
        }

        public CheckpointWriter Save()
        {
            var w = new CheckpointWriter();
            w.AddLearner("agent0", Learner);
            w.AddReplayBuffer("buffer0", Buffer);
            w.AddRng("env", Env);
            w.AddRng("sampler", Sampler);
            return w;
        }

        public void Restore(CheckpointReader r) =>
            new CheckpointRestore(r).Learner("agent0", Learner).ReplayBuffer("buffer0", Buffer).Rng("env", Env).Rng("sampler", Sampler).Commit();
    }

    private string Saved(out Run original)
    {
        original = Run.Create(10);
        original.Steps(70); // wraps the 50-slot ring
        string path = Path.Combine(_dir, "run.ckpt");
        original.Save().Save(path);
        return path;
    }

    [Fact]
    public void ResumeGivesBitIdenticalSubsequentUpdates()
    {
        string path = Saved(out Run original);
        var resumed = Run.Create(999); // different seed: everything must come from the file
        resumed.Restore(CheckpointReader.Load(path));
        original.Steps(15);
        resumed.Steps(15);
        foreach (var (a, b) in original.Learner.Networks.Zip(resumed.Learner.Networks))
        {
            Assert.True(a.Parameters.SequenceEqual(b.Parameters));
        }
        Assert.True(original.Learner.CriticOptimizer.SecondMoments.SequenceEqual(resumed.Learner.CriticOptimizer.SecondMoments));
        Assert.Equal(original.Learner.ActorOptimizer.StepCount, resumed.Learner.ActorOptimizer.StepCount);
        Assert.Equal(original.Buffer.WriteIndex, resumed.Buffer.WriteIndex);
        Assert.Equal(original.Env.State, resumed.Env.State);
        Assert.False(File.Exists(path + ".tmp-" + Environment.ProcessId), "temporary file left behind");
    }

    private static void AssertFails(byte[] bytes, string expectedWords)
    {
        var e = Assert.Throws<CheckpointException>(() => CheckpointReader.Parse(bytes, "test"));
        Assert.Contains(expectedWords, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void CorruptedTruncatedWrongVersionAndWrongMagicFilesFailClearly()
    {
        byte[] good = File.ReadAllBytes(Saved(out _));
        CheckpointReader.Parse(good); // sanity: the intact file parses

        byte[] flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0x10;
        AssertFails(flipped, "checksum");

        AssertFails(good[..(good.Length - 100)], "truncated");
        AssertFails(good[..20], "truncated");
        AssertFails(good[..5], "magic");

        byte[] version = (byte[])good.Clone();
        version[8] = 2;
        AssertFails(version, "version 2");

        byte[] magic = (byte[])good.Clone();
        magic[0] = (byte)'X';
        AssertFails(magic, "magic");

        AssertFails([.. good, 0], "unexpected bytes");
    }

    [Fact]
    public void MismatchedShapeFailsAndRestoresNothing()
    {
        string path = Saved(out _);
        var other = Run.Create(5, Options with { CriticHidden = [9] });
        other.Steps(3);
        float[] actorBefore = other.Learner.Actor.Parameters.ToArray();
        int countBefore = other.Buffer.Count;
        RngState envBefore = other.Env.State;
        var reader = CheckpointReader.Load(path);
        var e = Assert.Throws<CheckpointException>(() => other.Restore(reader));
        Assert.Contains("agent0.critic", e.Message);
        // The actor (checked before the critic) and the buffer were not partially restored.
        Assert.True(other.Learner.Actor.Parameters.SequenceEqual(actorBefore));
        Assert.Equal(countBefore, other.Buffer.Count);
        Assert.Equal(envBefore, other.Env.State);

        var smallBuffer = new ReplayBuffer(40, 3, 2);
        var e2 = Assert.Throws<CheckpointException>(() => new CheckpointRestore(reader).ReplayBuffer("buffer0", smallBuffer));
        Assert.Contains("capacity 50", e2.Message);
        var e3 = Assert.Throws<CheckpointException>(() => new CheckpointRestore(reader).Rng("nope", new Rng(1)));
        Assert.Contains("missing section 'nope.state'", e3.Message);
    }
}
