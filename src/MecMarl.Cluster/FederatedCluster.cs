using MecMarl.Experiments;
using MecMarl.Learning;

namespace MecMarl.Cluster;

/// <summary>
/// Federated training across silos (<c>train --scheme f-drl --cluster ...</c>, docs/cluster.md): the
/// training is a work item (<see cref="WorkKind.FederatedTraining"/>) whose silo runs the run
/// folder's <see cref="TrainingRun"/> with its trainer and environment, every SBS's agent is an
/// <see cref="IAgentGrain"/> and the averaging rounds run in an <see cref="ICoordinatorGrain"/>
/// (<see cref="GrainLearner"/>). The files are those of the local <c>train</c>, byte for byte
/// (wall times and log time stamps aside), plus <see cref="GrainLearner.BytesFile"/>.
/// </summary>
public static class FederatedCluster
{
    /// <summary>
    /// Per-episode latency budget of the training in the run folder (<see cref="SlotBudgetCsv"/>: acting,
    /// stepping, updating, messaging, averaging, other; docs/cluster.md, "Per-slot latency budget").
    /// After a resumption the episodes trained again replace their rows.
    /// </summary>
    public const string BudgetFile = "slot_budget.csv";

    /// <summary>How many times a training goes back to its last checkpoint after losing an agent before the item fails.</summary>
    public const int MaxResumptions = 20;

    /// <summary>
    /// Why <paramref name="scheme"/> cannot train across silos under <paramref name="config"/> (one
    /// line naming the scheme and the field), or null: it must average models (eq. 26) with its own
    /// replay per agent and DDPG agents (any topology: coordinator, hierarchical or gossip).
    /// </summary>
    public static string? Problem(ExperimentConfig config, string scheme)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(scheme);
        if (!config.Schemes.Contains(scheme))
        {
            return $"unknown scheme '{scheme}', expected one of {string.Join(", ", config.Schemes.Ids)}";
        }
        SchemeDescription d = config.Schemes[scheme];
        if (d.Aggregation is not { } aggregation || d.Replay != ReplayLayout.PerAgent)
        {
            return $"scheme '{scheme}' does not average the agents' models (schemes.{scheme}.aggregation); a training runs across silos only for a federated scheme (f-drl or a variant of it); train it without --cluster";
        }
        if (d.Learner == LearnerKind.Ppo)
        {
            return $"scheme '{scheme}' averages PPO agents (schemes.{scheme}.learner is \"ppo\"); a training runs across silos only with DDPG agents; train it without --cluster";
        }
        return aggregation.ProblemFor(config.Simulation.Network.SbsCount) is { } p ? $"schemes.{scheme}.aggregation.{p.Field}: {p.Problem}" : null;
    }

    /// <summary>The per-episode budget rows of <see cref="BudgetFile"/> in <paramref name="folder"/> (none when it is missing or unreadable: the file is only a record).</summary>
    public static IReadOnlyList<(int Episode, SlotBudget Budget)> ReadBudget(string folder)
    {
        try
        {
            return SlotBudgetCsv.Read(Path.Combine(folder, BudgetFile));
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// Trains the run in <paramref name="folder"/> (created by the client) to its end with a
    /// <see cref="GrainLearner"/>, from its last checkpoint if it has one. An agent or coordinator
    /// lost with its silo sends the training back to its last checkpoint, with every grain rebuilt
    /// from it (at most <see cref="MaxResumptions"/> times); the result is that of an uninterrupted run.
    /// </summary>
    /// <param name="request">The work item (key, placement slot).</param>
    /// <param name="folder">The run folder as this silo sees it.</param>
    /// <param name="grains">The cluster's grain factory.</param>
    /// <param name="onEpisode">Gets the episodes done after each episode.</param>
    /// <param name="log">Gets a line when the training goes back to its checkpoint.</param>
    /// <param name="stop">Checkpoints and stops the training after the current episode.</param>
    public static void Train(WorkRequest request, string folder, IGrainFactory grains, Action<int> onEpisode, Action<string> log, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(onEpisode);
        ArgumentNullException.ThrowIfNull(log);
        for (int attempt = 0, lost = 0; ; attempt++)
        {
            GrainLearner? learner = null;
            try
            {
                using TrainingRun run = TrainingRun.Open(folder);
                string json = run.Config.ToJson();
                string budgetPath = Path.Combine(folder, BudgetFile);
                List<(int Episode, SlotBudget Budget)>? budgets = null;
                run.Train((_, _, obs, act, seed, _, positions) => learner = new GrainLearner(grains, request.Key, request.AgentSlot, json, run.Scheme, (int)seed, obs, act, positions!, folder),
                    1, e =>
                    {
                        // The rows of earlier attempts up to this one's first episode, then this attempt's.
                        budgets ??= [.. ReadBudget(folder).Where(r => r.Episode < e.Episode)];
                        budgets.Add((e.Episode, run.LastEpisodeBudget));
                        AtomicFile.WriteAllText(budgetPath, SlotBudgetCsv.Format(budgets));
                        onEpisode(e.Episode);
                    }, stop);
                learner?.Release();
                return;
            }
            catch (RunFolderException e) when (e.InUse && attempt < 600 && !stop.IsCancellationRequested)
            {
                // Another process still holds the run (a silo checkpointing on its way down): wait for it.
                Thread.Sleep(200);
            }
            catch (FederatedAgentLostException e) when (++lost <= MaxResumptions && !stop.IsCancellationRequested)
            {
                log($"{e.Message}; going back to the last checkpoint (resumption {lost})");
                // Let the cluster declare a lost silo dead, so that the grains are rebuilt on live ones.
                Thread.Sleep(TimeSpan.FromSeconds(Math.Min(10, lost)));
            }
        }
    }
}
