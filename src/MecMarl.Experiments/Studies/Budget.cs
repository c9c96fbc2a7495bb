namespace MecMarl.Experiments;

/// <summary>
/// A training budget of <c>mecmarl reproduce</c>: how long each learning scheme trains per seed,
/// and how many episodes evaluation uses. Everything else comes from the config.
/// </summary>
/// <param name="Name"><c>smoke</c>, <c>default</c> or <c>paper</c>.</param>
/// <param name="Episodes">Training episodes per scheme and seed (overrides <c>training.episodes</c>).</param>
/// <param name="EvalEpisodes">Evaluation episodes (overrides <c>evaluation.episodes</c>).</param>
/// <param name="LearningStartsCap">Upper bound on <c>training.learningStarts</c> (so a short run learns at all), or null.</param>
/// <param name="EpisodesPerRoundCap">Upper bound on every scheme's FedAvg period <c>schemes.&lt;id&gt;.aggregation.periodEpisodes</c> (so that F-DRL aggregates within a short run), or null.</param>
public sealed record Budget(string Name, int Episodes, int EvalEpisodes, int? LearningStartsCap, int? EpisodesPerRoundCap = null)
{
    /// <summary>
    /// A few episodes of each scheme, to check that everything runs (well under a minute; CI). F-DRL
    /// aggregates every 2 episodes here (twice in 4), so that the smoke run exercises federated
    /// averaging and F-DRL differs from IL-DRL.
    /// </summary>
    public static Budget Smoke { get; } = new("smoke", 4, 2, 64, 2);

    /// <summary>The README's main job: every scheme long enough to learn, under 10 minutes on 2 cores.</summary>
    public static Budget Default { get; } = new("default", 300, 20, null);

    /// <summary>Long enough for the training curves to settle (docs/reproduction.md shows them).</summary>
    public static Budget Paper { get; } = new("paper", 1000, 20, null);

    /// <summary>The budgets by name.</summary>
    public static IReadOnlyList<Budget> All { get; } = [Smoke, Default, Paper];

    /// <summary>The budget called <paramref name="name"/>, or null.</summary>
    public static Budget? Find(string name) => All.FirstOrDefault(b => b.Name == name);

    /// <summary>The config with this budget's episode counts.</summary>
    public ExperimentConfig Apply(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        TrainingConfig t = config.Training with { Episodes = Episodes };
        if (LearningStartsCap is { } cap && t.Learner.LearningStarts > cap)
        {
            t = t with { LearningStarts = Math.Max(cap, t.BatchSize) };
        }
        SchemesConfig schemes = EpisodesPerRoundCap is { } rounds ? config.Schemes.WithAggregationPeriodAtMost(rounds) : config.Schemes;
        return config with { Training = t, Schemes = schemes, Evaluation = config.Evaluation with { Episodes = EvalEpisodes } };
    }

    /// <summary>Records in <paramref name="layers"/> which resolved values this budget set in <paramref name="applied"/> (against <paramref name="before"/>).</summary>
    public static void Note(ConfigLayers layers, ExperimentConfig before, ExperimentConfig applied, string source)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(applied);
        layers.Note("training.episodes", source);
        layers.Note("evaluation.episodes", source);
        if (applied.Training.Learner.LearningStarts != before.Training.Learner.LearningStarts)
        {
            layers.Note("training.learningStarts", source);
        }
        foreach (string id in applied.Schemes.Ids)
        {
            if (applied.Schemes[id].Aggregation?.PeriodEpisodes != before.Schemes[id].Aggregation?.PeriodEpisodes)
            {
                layers.Note($"schemes.{id}.aggregation.periodEpisodes", source);
            }
        }
    }
}
