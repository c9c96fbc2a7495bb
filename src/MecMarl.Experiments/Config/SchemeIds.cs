namespace MecMarl.Experiments;

/// <summary>
/// Identifiers of the schemes of SPEC section 8 as they appear in files (episodes.csv,
/// summary.json) and on the command line.
/// </summary>
public static class SchemeIds
{
    /// <summary>Multi-agent DRL (MADDPG: decentralized actors, centralized critics; paper Algorithm 1).</summary>
    public const string MaDrl = "ma-drl";

    /// <summary>Federated DRL (per-SBS DDPG with federated averaging, eq. 26; paper Algorithm 2).</summary>
    public const string FDrl = "f-drl";

    /// <summary>Independent DDPG learners (F-DRL without aggregation).</summary>
    public const string IlDrl = "il-drl";

    /// <summary>Full offloading benchmark (SPEC 8).</summary>
    public const string FullOffload = "full-offload";

    /// <summary>Local computing benchmark (SPEC 8).</summary>
    public const string Local = "local";

    /// <summary>Random actions through the config's decoder.</summary>
    public const string Random = "random";

    /// <summary>A fixed raw action per UE through the config's decoder (<c>policies.constant.action</c>).</summary>
    public const string Constant = "constant";

    /// <summary>The decentralized heuristic: each SBS decides from its agent's observation only (docs/dense.md).</summary>
    public const string Heuristic = "heuristic";

    /// <summary>The model-based yardstick (full channel knowledge, centralized; a reference, not a learned scheme).</summary>
    public const string Yardstick = "yardstick";

    /// <summary>The partial-information yardstick: the yardstick's method with only large-scale cross-cell gains (a reference).</summary>
    public const string YardstickLocal = "yardstick-local";

    /// <summary>The learning schemes, in the order figures and tables list them.</summary>
    public static IReadOnlyList<string> Learning { get; } = [MaDrl, FDrl, IlDrl];

    /// <summary>The fixed (non-learning) policies other than the model-based references, in the order figures and tables list them.</summary>
    public static IReadOnlyList<string> Fixed { get; } = [FullOffload, Local, Random, Constant, Heuristic];

    /// <summary>The model-based references (centralized, with more channel knowledge than any agent), listed last.</summary>
    public static IReadOnlyList<string> References { get; } = [YardstickLocal, Yardstick];

    /// <summary>Human-readable name of a scheme id, as the paper's figures label it.</summary>
    public static string DisplayName(string id) => id switch
    {
        MaDrl => "MA-DRL",
        FDrl => "F-DRL",
        IlDrl => "IL-DRL",
        FullOffload => "Full offloading",
        Local => "Local computing",
        Random => "Random actions",
        Constant => "Constant action",
        Heuristic => "Heuristic (decentralized)",
        Yardstick => "Yardstick (model-based)",
        YardstickLocal => "Yardstick, large-scale cross gains (model-based)",
        _ => id,
    };
}
