using System.Globalization;
using System.Text;

namespace MecMarl.Experiments;

/// <summary>
/// Where a training's wall time went in its slot loop (docs/cluster.md, "Per-slot latency budget"),
/// in seconds summed over the episodes it covers, measured with <c>Stopwatch.GetTimestamp</c>
/// around the trainer's calls (SPEC 8's slot: act, step, store and update, aggregation hooks).
/// The parts <see cref="ActingSeconds"/>, <see cref="SteppingSeconds"/>, <see cref="UpdatingSeconds"/>,
/// <see cref="MessagingSeconds"/>, <see cref="AveragingSeconds"/> and <see cref="OtherSeconds"/> are
/// disjoint and sum to <see cref="WallSeconds"/>, the episodes' <see cref="EpisodeRecord.WallSeconds"/>.
/// With the agents in the trainer's process the learner's calls are acting, updating and averaging
/// and messaging is 0; with the agents elsewhere (<see cref="IRemoteLearner"/>: grains on a cluster)
/// acting and updating are the agents' own compute (per call the slowest agent's) and the rest of
/// the calls' time is messaging. Timing changes no result. Immutable.
/// </summary>
public sealed record SlotBudget
{
    /// <summary>No time, no slot.</summary>
    public static readonly SlotBudget Zero = new();

    /// <summary>Training episodes covered.</summary>
    public int Episodes { get; init; }

    /// <summary>Training slots covered (each one act, one environment step, one store and, once learning has started, one gradient step per agent).</summary>
    public long Slots { get; init; }

    /// <summary>Averaging rounds run in these episodes (eq. 26; 0 for a scheme without aggregation).</summary>
    public int Rounds { get; init; }

    /// <summary>Wall time of the episodes, s (the sum of their <see cref="EpisodeRecord.WallSeconds"/>).</summary>
    public double WallSeconds { get; init; }

    /// <summary>
    /// Acting, s: every agent's a_m = clip(mu_m(s_m) + noise). In process: the learner's
    /// <c>Act</c> calls. Agents elsewhere: per call the longest time an agent spent inside its act (the agents act at once).
    /// </summary>
    public double ActingSeconds { get; init; }

    /// <summary>Stepping, s: the environment's step (SPEC 7: channels, queues, rewards) and the learned rewards, in the trainer.</summary>
    public double SteppingSeconds { get; init; }

    /// <summary>
    /// Updating, s: storing the transitions and the agents' gradient steps. In process: the
    /// learner's <c>Observe</c> and <c>Update</c> calls. Agents elsewhere: per call the longest time
    /// an agent spent inside its store and step.
    /// </summary>
    public double UpdatingSeconds { get; init; }

    /// <summary>
    /// Messaging, s (agents elsewhere only; 0 in process): the time of the acting and updating calls
    /// as the trainer saw them minus the agents' time inside them: sending, receiving, serializing,
    /// scheduling the grains, and waiting for an agent whose core was busy with another.
    /// </summary>
    public double MessagingSeconds { get; init; }

    /// <summary>Averaging, s: the aggregation rounds (eq. 26) with their uploads and broadcasts; on a cluster the coordinator's whole round as the trainer saw it, messages included.</summary>
    public double AveragingSeconds { get; init; }

    /// <summary>Other, s: the trainer's own bookkeeping between the timed calls (noise schedule, metric totals, the episode's record).</summary>
    public double OtherSeconds { get; init; }

    /// <summary>
    /// Agents elsewhere only (null in process): the time every agent spent inside its act calls,
    /// summed over the agents, s. Beside <see cref="ActingSeconds"/> (the slowest agent per call) it
    /// shows how much acting work a silo's cores had to do one agent after another.
    /// </summary>
    public double? ActingAllAgentsSeconds { get; init; }

    /// <summary>Agents elsewhere only (null in process): the time every agent spent inside its store and gradient step, summed over the agents, s.</summary>
    public double? UpdatingAllAgentsSeconds { get; init; }

    /// <summary>The parts' sum, s: <see cref="WallSeconds"/> up to rounding.</summary>
    public double PartsSeconds => ActingSeconds + SteppingSeconds + UpdatingSeconds + MessagingSeconds + AveragingSeconds + OtherSeconds;

    /// <summary>This budget and <paramref name="other"/> together (the time of both runs of episodes).</summary>
    public SlotBudget Add(SlotBudget other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new SlotBudget
        {
            Episodes = Episodes + other.Episodes,
            Slots = Slots + other.Slots,
            Rounds = Rounds + other.Rounds,
            WallSeconds = WallSeconds + other.WallSeconds,
            ActingSeconds = ActingSeconds + other.ActingSeconds,
            SteppingSeconds = SteppingSeconds + other.SteppingSeconds,
            UpdatingSeconds = UpdatingSeconds + other.UpdatingSeconds,
            MessagingSeconds = MessagingSeconds + other.MessagingSeconds,
            AveragingSeconds = AveragingSeconds + other.AveragingSeconds,
            OtherSeconds = OtherSeconds + other.OtherSeconds,
            ActingAllAgentsSeconds = Sum(ActingAllAgentsSeconds, other.ActingAllAgentsSeconds, Episodes, other.Episodes),
            UpdatingAllAgentsSeconds = Sum(UpdatingAllAgentsSeconds, other.UpdatingAllAgentsSeconds, Episodes, other.Episodes),
        };
    }

    // An empty side adds nothing; otherwise a part measured on one side only is not known for both.
    private static double? Sum(double? a, double? b, int episodesA, int episodesB) =>
        episodesA == 0 ? b : episodesB == 0 ? a : a + b;

    /// <summary>
    /// One line: slots, wall time and slots per second, then every part in milliseconds per slot (and
    /// per round for averaging), e.g. <c>slot budget: 1,500 slots in 38.00 s (39.5 slots/s); per slot:
    /// acting 1.234 ms, stepping ..., messaging ..., averaging ... (6 rounds, 95.1 ms each), other ...</c>,
    /// then, for agents elsewhere, their compute summed over the agents.
    /// </summary>
    public string Describe()
    {
        double perSlot = Slots > 0 ? 1000.0 / Slots : 0;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"slot budget: {Slots:N0} slots in {WallSeconds:F2} s ({(WallSeconds > 0 ? Slots / WallSeconds : 0):F1} slots/s); per slot: ");
        sb.Append(CultureInfo.InvariantCulture,
            $"acting {ActingSeconds * perSlot:F3} ms, stepping {SteppingSeconds * perSlot:F3} ms, updating {UpdatingSeconds * perSlot:F3} ms, ");
        sb.Append(CultureInfo.InvariantCulture,
            $"messaging {MessagingSeconds * perSlot:F3} ms, averaging {AveragingSeconds * perSlot:F3} ms ({Rounds} rounds, {(Rounds > 0 ? AveragingSeconds * 1000 / Rounds : 0):F1} ms each), other {OtherSeconds * perSlot:F3} ms");
        if (ActingAllAgentsSeconds is { } acting && UpdatingAllAgentsSeconds is { } updating)
        {
            sb.Append(CultureInfo.InvariantCulture, $"; agents' compute summed over the agents: acting {acting * perSlot:F3} ms, updating {updating * perSlot:F3} ms per slot");
        }
        return sb.ToString();
    }
}
