using System.Diagnostics;
using MecMarl.Nn;
using MecMarl.Randomness;

namespace MecMarl.Learning;

/// <summary>Timing of one scheme's update of all agents.</summary>
/// <param name="Scheme">"MA-DRL" or "F-DRL".</param>
/// <param name="Agents">Agents updated per update.</param>
/// <param name="MeanMs">Mean wall time of one update of all agents (target, critic step, actor step, soft update), ms.</param>
/// <param name="BestMs">Fastest single update observed, ms.</param>
/// <param name="GemmFlopsPerUpdate">Matrix-multiply FLOPs actually performed per update (2 m n k per product).</param>
/// <param name="EffectiveGflops">GemmFlopsPerUpdate / MeanMs: GEMM FLOPs per second of whole-update time, GFLOP/s.</param>
/// <param name="KernelGflops">GEMM FLOPs per second of time spent inside the matrix kernels only, GFLOP/s (one thread's view; with several threads this sums each thread's kernel time).</param>
public sealed record UpdateTiming(string Scheme, int Agents, double MeanMs, double BestMs, long GemmFlopsPerUpdate, double EffectiveGflops, double KernelGflops);

/// <summary>Result of <see cref="UpdateBenchmark.Run"/>.</summary>
/// <param name="Threads">Threads used (parallelism over agents).</param>
/// <param name="Kernel">GEMM micro-kernel in use.</param>
/// <param name="MaDrl">MA-DRL shapes: actor 206 -> 64 -> 190 (sigmoid), critic 2376 -> 64 -> 1, joint batch.</param>
/// <param name="FDrl">F-DRL shapes: actor 206 -> 64 -> 190, critic 396 -> 64 -> 1, one batch per agent.</param>
public sealed record UpdateBenchmarkResult(int Threads, string Kernel, UpdateTiming MaDrl, UpdateTiming FDrl);

/// <summary>
/// The learner benchmark behind <c>mecmarl bench --updates</c>: mean time of one full update of
/// all agents (MA-DRL: shared target actions, then per agent critic step, actor step, soft update;
/// F-DRL: per agent the same on its own batch) on random data, batch 32, after warm-up.
/// </summary>
public static class UpdateBenchmark
{
    /// <summary>Observation width per agent of the paper scenario.</summary>
    public const int ObservationWidth = 206;

    /// <summary>Action width per agent of the paper scenario.</summary>
    public const int ActionWidth = 190;

    /// <summary>Runs both schemes with <paramref name="agents"/> agents on <paramref name="threads"/> threads.</summary>
    public static UpdateBenchmarkResult Run(int threads = 1, int warmupUpdates = 30, int measuredUpdates = 200, int agents = 6, ulong seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(measuredUpdates);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupUpdates);
        var options = new DdpgOptions();
        UpdateTiming ma = RunMaDrl(options, threads, warmupUpdates, measuredUpdates, agents, seed);
        UpdateTiming fd = RunFDrl(options, threads, warmupUpdates, measuredUpdates, agents, seed);
        return new UpdateBenchmarkResult(threads, Gemm.KernelName, ma, fd);
    }

    private static UpdateTiming RunMaDrl(DdpgOptions options, int threads, int warmup, int measured, int agents, ulong seed)
    {
        var rng = new Rng(seed, 1);
        var learners = new DdpgLearner[agents];
        for (int m = 0; m < agents; m++)
        {
            learners[m] = new DdpgLearner(options, LearnerLayout.Joint(agents, ObservationWidth, ActionWidth, m), rng);
        }
        var batch = new ReplayBatch(options.BatchSize, agents * ObservationWidth, agents * ActionWidth, agents);
        FillRandom(batch, rng);
        // As the MA-DRL trainer runs it.
        var update = new JointUpdate(learners, threads);
        void Update() => update.Run(batch);
        return Time("MA-DRL", agents, learners, warmup, measured, Update);
    }

    private static UpdateTiming RunFDrl(DdpgOptions options, int threads, int warmup, int measured, int agents, ulong seed)
    {
        var rng = new Rng(seed, 2);
        var learners = new DdpgLearner[agents];
        var batches = new ReplayBatch[agents];
        for (int m = 0; m < agents; m++)
        {
            learners[m] = new DdpgLearner(options, LearnerLayout.Local(ObservationWidth, ActionWidth), rng);
            batches[m] = new ReplayBatch(options.BatchSize, ObservationWidth, ActionWidth, 1);
            FillRandom(batches[m], rng);
        }
        void Update() => AgentParallel.For(agents, threads, m => learners[m].Update(batches[m]));
        return Time("F-DRL", agents, learners, warmup, measured, Update);
    }

    private static UpdateTiming Time(string scheme, int agents, DdpgLearner[] learners, int warmup, int measured, Action update)
    {
        for (int i = 0; i < warmup; i++)
        {
            update();
        }
        (long flops0, long ticks0) = Counters(learners);
        double best = double.MaxValue;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < measured; i++)
        {
            long t = Stopwatch.GetTimestamp();
            update();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        double totalMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        (long flops1, long ticks1) = Counters(learners);
        long flopsPerUpdate = (flops1 - flops0) / measured;
        double meanMs = totalMs / measured;
        double kernelSeconds = (ticks1 - ticks0) / (double)Stopwatch.Frequency;
        return new UpdateTiming(scheme, agents, meanMs, best, flopsPerUpdate,
            flopsPerUpdate / (meanMs * 1e6), (flops1 - flops0) / kernelSeconds / 1e9);
    }

    private static (long Flops, long Ticks) Counters(DdpgLearner[] learners)
    {
        long flops = 0, ticks = 0;
        foreach (DdpgLearner l in learners)
        {
            foreach (DenseNetwork n in new[] { l.Actor, l.Critic, l.TargetActor, l.TargetCritic })
            {
                flops += n.GemmFlops;
                ticks += n.GemmTicks;
            }
        }
        return (flops, ticks);
    }

    private static void FillRandom(ReplayBatch batch, Rng rng)
    {
        foreach (Span<float> s in new[] { batch.ObservationStore, batch.ActionStore, batch.NextObservationStore })
        {
            for (int i = 0; i < s.Length; i++)
            {
                s[i] = rng.NextSingle();
            }
        }
        for (int i = 0; i < batch.RewardStore.Length; i++)
        {
            batch.RewardStore[i] = (float)(rng.NextGaussian() * 0.1);
        }
    }
}
