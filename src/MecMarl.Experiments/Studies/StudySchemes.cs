namespace MecMarl.Experiments;

/// <summary>
/// The schemes a study (<c>reproduce</c>, <c>sweep</c>) can run: the learning schemes of SPEC 8
/// (trained per seed) and the fixed schemes (evaluated once): every policy of <see cref="FixedPolicies"/>.
/// </summary>
public static class StudySchemes
{
    /// <summary>The fixed schemes a study can evaluate: every id of <see cref="FixedPolicies"/> (the keyword <c>fixed</c> of <c>--schemes</c>).</summary>
    public static IReadOnlyList<string> Fixed => FixedPolicies.Ids;

    /// <summary>The default of <c>--schemes</c> (keyword <c>all</c>): the learning schemes, then the paper job's fixed rows
    /// (<see cref="FixedPolicies.ReproduceDefault"/>: full offloading, local computing, yardstick).</summary>
    public static IReadOnlyList<string> All { get; } = [.. SchemeIds.Learning, .. FixedPolicies.ReproduceDefault];

    /// <summary>True for a built-in learning scheme (trained per seed); a config may define more (<see cref="SchemesConfig"/>), which are every scheme of a study that is not <see cref="IsFixed"/>.</summary>
    public static bool IsLearning(string id) => SchemeIds.Learning.Contains(id);

    /// <summary>True for a fixed scheme (no training).</summary>
    public static bool IsFixed(string id) => Fixed.Contains(id);

    /// <summary>Evaluates fixed scheme <paramref name="id"/> on the layout and evaluation episodes of <paramref name="config"/> (SPEC 9).</summary>
    public static EvaluationResult EvaluateFixed(string id, ExperimentConfig config, int episodes, ulong evalSeed,
        Action<int>? onEpisode = null, CancellationToken cancellationToken = default) =>
        Evaluation.Fixed(id, config, episodes, evalSeed, onEpisode, cancellationToken);

    /// <summary>
    /// Parses a comma-separated scheme list such as <c>f-drl,full-offload,local</c> (or <c>all</c>,
    /// <c>learning</c>, <c>fixed</c>); throws <see cref="FormatException"/> naming the bad item.
    /// <paramref name="isConfigScheme"/> accepts further learning schemes, those a config's
    /// <c>schemes</c> section defines (<see cref="SchemesConfig.Contains"/>); the keywords keep
    /// meaning the built-in schemes.
    /// </summary>
    public static IReadOnlyList<string> Parse(string text, Func<string, bool>? isConfigScheme = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = new List<string>();
        foreach (string item in text.Split(',', StringSplitOptions.TrimEntries))
        {
            IReadOnlyList<string> ids = item switch
            {
                "all" => All,
                "learning" => SchemeIds.Learning,
                "fixed" => Fixed,
                _ when IsLearning(item) || IsFixed(item) || isConfigScheme?.Invoke(item) == true => [item],
                _ => throw new FormatException($"unknown scheme '{item}', expected learning schemes ({string.Join(", ", SchemeIds.Learning)}, or one the config's schemes section defines), fixed schemes ({string.Join(", ", Fixed)}), all, learning or fixed"),
            };
            foreach (string id in ids)
            {
                if (list.Contains(id))
                {
                    throw new FormatException($"scheme '{id}' appears twice");
                }
                list.Add(id);
            }
        }
        return list;
    }

    /// <summary>
    /// The warning when a chosen scheme with federated averaging would never aggregate (<c>training.episodes</c> below
    /// its <c>schemes.&lt;id&gt;.aggregation.periodEpisodes</c>, or its slots below <c>periodSlots</c>: F-DRL is then IL-DRL under another name), or null.
    /// </summary>
    public static string? FdrlWarning(IEnumerable<string> schemes, ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(schemes);
        ArgumentNullException.ThrowIfNull(config);
        int episodes = config.Training.Episodes;
        foreach (string id in schemes.Where(config.Schemes.Contains))
        {
            if (config.Schemes[id].Aggregation is { PeriodSlots: { } slots } s && (long)episodes * config.Simulation.Environment.SlotsPerEpisode < slots)
            {
                return $"{id} never aggregates: training.episodes {episodes} x {config.Simulation.Environment.SlotsPerEpisode} slots < schemes.{id}.aggregation.periodSlots {slots}, so it trains as its learners would without averaging; lower the period or train longer.";
            }
            if (config.Schemes[id].Aggregation is { PeriodSlots: null } a && episodes < a.PeriodEpisodes)
            {
                return $"{id} never aggregates: training.episodes {episodes} < schemes.{id}.aggregation.periodEpisodes {a.PeriodEpisodes}, so it trains as its learners would without averaging; lower the period (e.g. --set schemes.{id}.aggregation.periodEpisodes={Math.Max(1, episodes / 2)}) or train longer.";
            }
        }
        return null;
    }
}
