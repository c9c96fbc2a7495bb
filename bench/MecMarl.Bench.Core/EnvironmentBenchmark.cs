using System.Diagnostics;
using MecMarl.Simulation;

namespace MecMarl.Bench.Core;

/// <summary>Throughput of the environment on one thread (the CLI <c>bench</c> command calls it).</summary>
public static class EnvironmentBenchmark
{
    /// <summary>
    /// Runs random actions through decode + evaluate + next slot + observations for
    /// <paramref name="slots"/> slots (after one warm-up episode) and returns slots per second.
    /// </summary>
    public static double MeasureSlotsPerSecond(SimulationConfig config, int slots, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slots);
        var loop = new EnvironmentLoop(config, seed);
        var watch = Stopwatch.StartNew();
        for (int s = 0; s < slots; s++)
        {
            loop.Step();
        }
        watch.Stop();
        return slots / watch.Elapsed.TotalSeconds;
    }
}
