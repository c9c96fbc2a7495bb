using System.Diagnostics;
using MecMarl.Experiments;

namespace MecMarl.Bench.Core;

/// <summary>
/// Training throughput as <c>mecmarl bench</c> reports it: slots per second of a learning scheme
/// on the paper scenario, counted once learning has started, each slot including acting (every
/// actor plus exploration noise), the environment step, storing the transition and one gradient
/// step of every agent.
/// </summary>
public static class TrainingBenchmark
{
    /// <summary>Least wall time of training slots with updates before timing starts, so that the JIT has compiled the hot paths at full optimisation, s.</summary>
    public const double WarmUpSeconds = 1.0;

    /// <summary>
    /// Fills the replay buffer to <c>learningStarts</c>, trains whole episodes with updates for at
    /// least <see cref="WarmUpSeconds"/>, then times <paramref name="runs"/> consecutive runs of at
    /// least <paramref name="slots"/> training slots each (whole episodes) on one trainer.
    /// </summary>
    public static TrainingThroughput Run(string scheme, ExperimentConfig config, int slots, int threads, int seed = 1, int runs = 1)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slots);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runs);
        int perEpisode = config.Simulation.Environment.SlotsPerEpisode;
        int timedEpisodes = (slots + perEpisode - 1) / perEpisode;
        MultiAgentTrainer trainer = FilledTrainer(scheme, config, threads, seed);
        long warm = Stopwatch.GetTimestamp();
        do
        {
            trainer.RunEpisode();
        }
        while (Stopwatch.GetElapsedTime(warm).TotalSeconds < WarmUpSeconds);
        var seconds = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int e = 0; e < timedEpisodes; e++)
            {
                trainer.RunEpisode();
            }
            seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return new TrainingThroughput(scheme, threads, (long)timedEpisodes * perEpisode, seconds);
    }

    /// <summary>
    /// A trainer of <paramref name="scheme"/> whose replay is filled to <c>learningStarts</c> (whole
    /// episodes), so that every further slot includes an update of every agent. Its episode count is
    /// raised by a million, since the count sets only the exploration noise schedule, which must
    /// stay long for any warm-up and timing.
    /// </summary>
    public static MultiAgentTrainer FilledTrainer(string scheme, ExperimentConfig config, int threads, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(config);
        int perEpisode = config.Simulation.Environment.SlotsPerEpisode;
        int fillEpisodes = (config.Training.Learner.LearningStarts + perEpisode - 1) / perEpisode;
        // The episode count sets the noise schedule only; make it long enough for any warm-up.
        ExperimentConfig c = config with { Training = config.Training with { Episodes = fillEpisodes + 1_000_000 } };
        var trainer = new MultiAgentTrainer(scheme, c, seed, threads);
        for (int e = 0; e < fillEpisodes; e++)
        {
            trainer.RunEpisode();
        }
        return trainer;
    }

    /// <summary>Environment slots per second with random actions (decode + evaluate + next slot + observations).</summary>
    public static double EnvironmentSlotsPerSecond(ExperimentConfig config, int slots) =>
        EnvironmentBenchmark.MeasureSlotsPerSecond((config ?? throw new ArgumentNullException(nameof(config))).Simulation, slots, config.Training.LayoutSeed);
}
