using System.Text.Json.Serialization;

namespace MecMarl.Learning;

/// <summary>
/// Federated averaging (SPEC 8, eq. 26) and its variants (docs/schemes.md, "Federated variants").
/// The defaults of every init-only field are the paper's (Algorithm 2): after every
/// <paramref name="PeriodEpisodes"/>-th training episode a coordinator replaces the chosen networks
/// of every agent, and their targets, by their average weighted by the agents' batch sizes;
/// float32 uploads, no proximal term; optimiser state stays local (SPEC 8 [choice]). A config's
/// <c>aggregation</c> object is bound to this record; a new variant is one <c>init</c> property whose
/// default is the paper's behaviour (a resolved config writes it only when it differs from that default).
/// </summary>
/// <param name="PeriodEpisodes">Episodes between two rounds (SPEC 8 [choice]: 5); 0 when the period is in slots (<see cref="PeriodSlots"/>).</param>
/// <param name="Networks">Networks averaged (paper: <see cref="AggregatedNetworks.All"/>).</param>
public sealed record FedAvgAggregation(
    [property: JsonPropertyOrder(-1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int PeriodEpisodes,
    AggregatedNetworks Networks)
{
    /// <summary>Training slots between two rounds (a round after every this-many-th slot, counted over the run), or null when the period is in episodes (then <see cref="PeriodEpisodes"/> is 0 with slots).</summary>
    [JsonPropertyOrder(-1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? PeriodSlots { get; init; }

    /// <summary>Networks whose targets are averaged too (a subset of <see cref="Networks"/>; default: the same, as the paper); a target not named stays local and follows its averaged network by the soft update.</summary>
    public AggregatedNetworks Targets { get; init; } = Networks;

    /// <summary>The weights W_m of eq. 26 (paper: the batch sizes).</summary>
    public AggregationWeighting Weighting { get; init; } = AggregationWeighting.BatchSize;

    /// <summary>Fraction of SBSs in each round, in (0, 1]: ceil(fraction x M) SBSs drawn without replacement from the participation stream (paper: 1, every SBS).</summary>
    public double Participation { get; init; } = 1;

    /// <summary>Encoding of uploaded models and of the coordinator's broadcast (paper: float32).</summary>
    public UploadQuantization Quantization { get; init; } = UploadQuantization.None;

    /// <summary>FedProx coefficient mu >= 0: mu / 2 ||theta - theta_global||^2 is added to the local loss of every averaged network (0 = plain FedAvg, the paper).</summary>
    public double ProximalMu { get; init; }

    /// <summary>Who averages with whom (paper: one coordinator).</summary>
    public AggregationTopology Topology { get; init; } = AggregationTopology.Coordinator;

    /// <summary>SBSs per cluster (<see cref="AggregationTopology.Hierarchical"/> only; 1 to M; 0 otherwise).</summary>
    public int ClusterSize { get; init; }

    /// <summary>Every this-many-th round is a macro-BS round over all participants (<see cref="AggregationTopology.Hierarchical"/> only; >= 1; 0 otherwise).</summary>
    public int GlobalEveryRounds { get; init; }

    /// <summary>Neighbours each SBS averages with (<see cref="AggregationTopology.Gossip"/> only; 1 to M - 1; 0 otherwise).</summary>
    public int Degree { get; init; }

    /// <summary>
    /// The first field that cannot work, as (field under <c>aggregation</c>, problem), or null. Limits
    /// that depend on the SBS count M (cluster size, gossip degree) are checked by
    /// <see cref="ProblemFor"/>.
    /// </summary>
    public (string Field, string Problem)? Problem()
    {
        if (PeriodSlots is { } slots)
        {
            if (PeriodEpisodes != 0)
            {
                return ("periodSlots", "give the period in episodes (\"periodEpisodes\") or in slots (\"periodSlots\"), not both");
            }
            if (slots < 1)
            {
                return ("periodSlots", $"must be >= 1, found {slots}");
            }
        }
        else if (PeriodEpisodes < 1)
        {
            return ("periodEpisodes", $"must be >= 1, found {PeriodEpisodes}");
        }
        if (Networks == AggregatedNetworks.None)
        {
            return ("networks", "must name at least one of \"actor\", \"critic\"");
        }
        if ((Targets & ~Networks) != 0)
        {
            return ("targets", "may name only networks that are averaged (\"networks\"); a target is averaged with its network or not at all");
        }
        if (!(Participation > 0 && Participation <= 1))
        {
            return ("participation", $"must be in (0, 1], found {Participation}");
        }
        if (!(ProximalMu >= 0) || double.IsInfinity(ProximalMu))
        {
            return ("proximalMu", $"must be finite and >= 0, found {ProximalMu}");
        }
        if (Topology == AggregationTopology.Hierarchical)
        {
            if (ClusterSize < 1)
            {
                return ("clusterSize", $"must be >= 1, found {ClusterSize}");
            }
            if (GlobalEveryRounds < 1)
            {
                return ("globalEveryRounds", $"must be >= 1, found {GlobalEveryRounds}");
            }
        }
        else if (ClusterSize != 0 || GlobalEveryRounds != 0)
        {
            return (ClusterSize != 0 ? "clusterSize" : "globalEveryRounds", "applies to \"topology\": \"hierarchical\" only");
        }
        if (Topology == AggregationTopology.Gossip)
        {
            if (Degree < 1)
            {
                return ("degree", $"must be >= 1, found {Degree}");
            }
            if (Participation < 1)
            {
                return ("participation", "partial participation is drawn by a coordinator; gossip has none, so it needs 1");
            }
        }
        else if (Degree != 0)
        {
            return ("degree", "applies to \"topology\": \"gossip\" only");
        }
        return null;
    }

    /// <summary><see cref="Problem"/>, then the limits for <paramref name="sbsCount"/> SBSs: a cluster of at most M SBSs, a gossip degree of at most M - 1.</summary>
    public (string Field, string Problem)? ProblemFor(int sbsCount)
    {
        if (Problem() is { } p)
        {
            return p;
        }
        if (Topology == AggregationTopology.Hierarchical && ClusterSize > sbsCount)
        {
            return ("clusterSize", $"{ClusterSize} is more than the {sbsCount} SBSs of the network");
        }
        if (Topology == AggregationTopology.Gossip && Degree > sbsCount - 1)
        {
            return ("degree", $"{Degree} is more than the {sbsCount - 1} other SBSs of the network");
        }
        return null;
    }
}
