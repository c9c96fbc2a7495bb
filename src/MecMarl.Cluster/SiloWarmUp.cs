using System.Diagnostics;
using MecMarl.Experiments;

namespace MecMarl.Cluster;

/// <summary>
/// What a silo runs before it joins the cluster: a few episodes of each kind of training a work item
/// may hold (MA-DRL's joint critic and replay, F-DRL's averaging, IL-DRL, a PPO scheme, the
/// heuristic decoder) on a scenario of two small cells, in a temporary folder outside the store that
/// is removed afterwards, so that .NET compiles the code of work items before the silo takes any
/// (docs/cluster.md, "Silos and the JIT"). Nothing of it is kept or reported; it changes no result.
/// </summary>
public static class SiloWarmUp
{
    // Two cells of two UEs, 5 slots per episode, networks of 8 units: each training below takes a few milliseconds of
    // arithmetic, so the warm-up costs what compiling costs. The schemes cover the learners and replay layouts.
    private const string Config = """
        {
          "network": { "sbsCount": 2, "uesPerCell": 2 },
          "channel": { "channels": 2 },
          "environment": { "slotsPerEpisode": 5, "decoder": "heuristic" },
          "training": { "episodes": 3, "actorHidden": [8], "criticHidden": [8], "batchSize": 4, "bufferCapacity": 50,
                        "learningStarts": 4, "checkpointEveryEpisodes": 1 },
          "schemes": {
            "f-drl": { "aggregation": { "periodEpisodes": 1 } },
            "warm-ppo": { "learner": "ppo", "reward": "difference", "ppo": { "rolloutSlots": 5, "minibatchSize": 5, "epochs": 1 } }
          },
          "evaluation": { "episodes": 1 }
        }
        """;

    private static readonly string[] Schemes = ["ma-drl", "f-drl", "il-drl", "warm-ppo"];

    /// <summary>
    /// Runs the warm-up in a new folder inside <paramref name="parent"/> (default: the system's temporary folder),
    /// removes that folder, and returns the wall time and the schemes it ran, each once its evaluation was done;
    /// <paramref name="cancellationToken"/> stops it (with <see cref="OperationCanceledException"/>, the folder
    /// removed all the same).
    /// </summary>
    public static (TimeSpan Wall, IReadOnlyList<string> Ran) Run(string? parent = null, CancellationToken cancellationToken = default)
    {
        var ran = new List<string>();
        var clock = Stopwatch.StartNew();
        ExperimentConfig config = ExperimentConfig.Parse(Config, "silo warm-up");
        string root = parent is null
            ? Directory.CreateTempSubdirectory("mecmarl-warm-up-").FullName
            : Directory.CreateDirectory(Path.Combine(parent, $"mecmarl-warm-up-{Guid.NewGuid():N}")).FullName;
        try
        {
            // As a sweep's work item runs (SiloWork.Execute): one point folder, each scheme through Sweep.RunWork.
            // The learning schemes train seed 1; the fixed heuristic has no training seed.
            var point = new Reproduction(root, config, [1], "sweep", [.. Schemes, "heuristic"]);
            foreach ((string scheme, int? seed) in Schemes.Select(s => (s, (int?)1)).Append(("heuristic", null)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (double.IsFinite(Sweep.RunWork(point, scheme, seed, null, cancellationToken).Result.LatencyMetPct))
                {
                    ran.Add(scheme);
                }
            }
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A temporary folder left behind does no harm; the warm-up itself was done.
            }
        }
        return (clock.Elapsed, ran);
    }
}
