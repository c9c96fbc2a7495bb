using System.Diagnostics;
using MecMarl.Learning;
using MecMarl.Nn;

namespace MecMarl.Bench.Core;

/// <summary>
/// The learner benchmark behind <c>mecmarl bench --updates</c>: mean time of one full update of
/// all agents (MA-DRL: shared target actions, then per agent critic step, actor step, soft update;
/// F-DRL: per agent the same on its own batch) on random data, batch 32, after warm-up.
/// </summary>
public static class UpdateBenchmark
{
    /// <summary>Runs both schemes with <paramref name="agents"/> agents on <paramref name="threads"/> threads.</summary>
    public static UpdateBenchmarkResult Run(int threads = 1, int warmupUpdates = 30, int measuredUpdates = 200, int agents = 6, ulong seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(measuredUpdates);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupUpdates);
        var options = new DdpgOptions();
        UpdateTiming ma = Time(UpdateWorkload.MaDrl(options, threads, agents, seed), agents, warmupUpdates, measuredUpdates);
        UpdateTiming fd = Time(UpdateWorkload.FDrl(options, threads, agents, seed), agents, warmupUpdates, measuredUpdates);
        return new UpdateBenchmarkResult(threads, Gemm.KernelName, ma, fd);
    }

    private static UpdateTiming Time(UpdateWorkload workload, int agents, int warmup, int measured)
    {
        Action update = workload.Update;
        for (int i = 0; i < warmup; i++)
        {
            update();
        }
        (long flops0, long ticks0) = Counters(workload.Learners);
        double best = double.MaxValue;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < measured; i++)
        {
            long t = Stopwatch.GetTimestamp();
            update();
            best = Math.Min(best, Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        double totalMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        (long flops1, long ticks1) = Counters(workload.Learners);
        long flopsPerUpdate = (flops1 - flops0) / measured;
        double meanMs = totalMs / measured;
        double kernelSeconds = (ticks1 - ticks0) / (double)Stopwatch.Frequency;
        return new UpdateTiming(workload.Scheme, agents, meanMs, best, flopsPerUpdate,
            flopsPerUpdate / (meanMs * 1e6), (flops1 - flops0) / kernelSeconds / 1e9);
    }

    private static (long Flops, long Ticks) Counters(IReadOnlyList<DdpgLearner> learners)
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
}
