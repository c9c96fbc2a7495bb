using System.Diagnostics;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>Training throughput of one learning scheme (<see cref="TrainingBenchmark"/>).</summary>
/// <param name="Scheme">Scheme id.</param>
/// <param name="Threads">Threads for the per-agent work.</param>
/// <param name="Slots">Timed training slots.</param>
/// <param name="Seconds">Wall time of the timed slots.</param>
public sealed record TrainingThroughput(string Scheme, int Threads, long Slots, double Seconds)
{
    /// <summary>Training slots per second.</summary>
    public double SlotsPerSecond => Slots / Seconds;
}

/// <summary>
/// Training throughput as <c>mecmarl bench</c> reports it: slots per second of a learning scheme
/// on the paper scenario, counted once learning has started, each slot including acting (every
/// actor plus exploration noise), the environment step, storing the transition and one gradient
/// step of every agent.
/// </summary>
public static class TrainingBenchmark
{
    /// <summary>Times at least <paramref name="slots"/> training slots (whole episodes) after the buffer reached <c>learningStarts</c> and one more warm-up episode.</summary>
    public static TrainingThroughput Run(string scheme, ExperimentConfig config, int slots, int threads, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slots);
        int perEpisode = config.Simulation.Environment.SlotsPerEpisode;
        int warmEpisodes = (config.Training.Learner.LearningStarts + perEpisode - 1) / perEpisode + 1;
        int timedEpisodes = (slots + perEpisode - 1) / perEpisode;
        ExperimentConfig c = config with { Training = config.Training with { Episodes = warmEpisodes + timedEpisodes } };
        var trainer = new MultiAgentTrainer(scheme, c, seed, threads);
        for (int e = 0; e < warmEpisodes; e++)
        {
            trainer.RunEpisode();
        }
        long startSlots = trainer.SlotsDone;
        long start = Stopwatch.GetTimestamp();
        for (int e = 0; e < timedEpisodes; e++)
        {
            trainer.RunEpisode();
        }
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new TrainingThroughput(scheme, threads, trainer.SlotsDone - startSlots, seconds);
    }

    /// <summary>Environment slots per second with random actions (decode + evaluate + next slot + observations).</summary>
    public static double EnvironmentSlotsPerSecond(ExperimentConfig config, int slots) =>
        EnvironmentBenchmark.MeasureSlotsPerSecond((config ?? throw new ArgumentNullException(nameof(config))).Simulation, slots, config.Training.LayoutSeed);
}
