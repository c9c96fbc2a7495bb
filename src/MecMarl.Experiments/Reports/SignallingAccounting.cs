using MecMarl.Learning;
using MecMarl.Learning.Signalling;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// The signalling overhead of every scheme of a study under a config (docs/overhead.md): the
/// learning schemes through <see cref="SchemeSignalling"/> (from their <see cref="SchemeDescription"/>,
/// the network sizes the learners build and the observation and action widths of the training
/// environment), the fixed policies here. Full offloading, local computing, random, constant and the
/// heuristic decide at each SBS from local measurements (or none), so they signal nothing; the
/// yardstick gathers full channel state at a central controller every slot and sends decisions
/// back; the partial-information yardstick gathers own-cell state every slot and the large-scale
/// cross gains once per layout. The counts depend on the config only (not on seeds) and are
/// computed once per report, never in the training loop.
/// </summary>
public static class SignallingAccounting
{
    /// <summary>Values a centralized controller sends per UE: offloading fraction, channel, power and MEC share (<see cref="SlotDecisions"/>).</summary>
    public const int DecisionValuesPerUe = 4;

    /// <summary>Values a task takes in a state report: bits, cycles and deadline (SPEC 3).</summary>
    public const int TaskValues = 3;

    /// <summary>The counts of every scheme of <paramref name="schemes"/> (learning or fixed ids) under <paramref name="config"/>, by id.</summary>
    public static IReadOnlyDictionary<string, SignallingCounts> For(IEnumerable<string> schemes, ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(schemes);
        ArgumentNullException.ThrowIfNull(config);
        var env = new MecEnvironment(config.Simulation, config.Training.LayoutSeed);
        return schemes.Distinct().ToDictionary(s => s, s => For(s, config, env));
    }

    /// <summary>The counts of scheme <paramref name="scheme"/> under <paramref name="config"/>.</summary>
    public static SignallingCounts For(string scheme, ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return For(scheme, config, new MecEnvironment(config.Simulation, config.Training.LayoutSeed));
    }

    /// <summary>The flows of scheme <paramref name="scheme"/> (learning or fixed) on <paramref name="env"/>'s layout under <paramref name="config"/>.</summary>
    public static IReadOnlyList<SignallingFlow> Flows(string scheme, ExperimentConfig config, MecEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(env);
        int m = env.AgentCount;
        if (config.Schemes.Contains(scheme))
        {
            return SchemeSignalling.Flows(config.Schemes[scheme], config.Training.Learner,
                env.ObservationSizes(), env.ActionSizes(),
                config.Signalling.Topology, [.. env.Layout.Sbs.Select(s => (s.XM, s.YM))]);
        }
        ScenarioLayout l = env.Layout;
        int k = l.Channels;
        var flows = new List<SignallingFlow>();
        switch (scheme)
        {
            case SchemeIds.Yardstick:
                // SBS m measures every UE's gain to itself on every channel (own and cross) and knows its UEs' tasks.
                for (int a = 0; a < m; a++)
                {
                    flows.Add(Execution(SignallingMessage.ChannelStateReport(l.UeCount * k, TaskValues * l.CellSize(a)), a, SignallingFlow.Central, SignallingSchedule.EverySlot));
                    flows.Add(Execution(SignallingMessage.Decisions(l.CellSize(a), DecisionValuesPerUe), SignallingFlow.Central, a, SignallingSchedule.EverySlot));
                }
                break;
            case SchemeIds.YardstickLocal:
                // Own-cell gains on every channel and tasks every slot; large-scale gains (one per UE-SBS pair) of the other cells' UEs once per layout.
                SignallingSchedule layout = config.Simulation.Network.RedropEachEpisode ? SignallingSchedule.EveryEpisode : SignallingSchedule.OncePerLayout;
                for (int a = 0; a < m; a++)
                {
                    flows.Add(Execution(SignallingMessage.ChannelStateReport(l.CellSize(a) * k, TaskValues * l.CellSize(a)), a, SignallingFlow.Central, SignallingSchedule.EverySlot));
                    flows.Add(Execution(SignallingMessage.LargeScaleGainReport(l.UeCount - l.CellSize(a)), a, SignallingFlow.Central, layout));
                    flows.Add(Execution(SignallingMessage.Decisions(l.CellSize(a), DecisionValuesPerUe), SignallingFlow.Central, a, SignallingSchedule.EverySlot));
                }
                break;
            default:
                if (!FixedPolicies.Contains(scheme))
                {
                    throw new ArgumentException($"'{scheme}' is neither a learning scheme of the config nor a fixed policy.", nameof(scheme));
                }
                // Decided at each SBS from its own measurements (or none): nothing to send.
                break;
        }
        return flows;
    }

    private static SignallingCounts For(string scheme, ExperimentConfig config, MecEnvironment env)
    {
        bool learning = config.Schemes.Contains(scheme);
        return SignallingCounts.Tally(env.AgentCount, Flows(scheme, config, env), config.Signalling.Encoder,
            learning ? config.Training.Episodes : 0, env.SlotsPerEpisode);
    }

    private static SignallingFlow Execution(SignallingMessage message, int from, int to, SignallingSchedule schedule) =>
        new(message, from, to, SignallingPhase.Execution, schedule);
}
