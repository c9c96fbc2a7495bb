using MecMarl.Learning;
using MecMarl.Nn;
using MecMarl.Randomness;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// Imitation of the full-CSI yardstick from local observations (docs/dense.md, "Imitation of the yardstick"): the
/// environment is played by <see cref="YardstickPolicy"/> (the config's <c>policies.yardstick</c> settings); at every
/// slot each agent's observation is paired with the action of the scheme's heuristic decoder that reproduces the
/// yardstick's decisions for its cell (<see cref="HeuristicDecoderInverse"/>, which reads what the agent observes
/// and the yardstick's decisions), and each agent's actor, of the scheme's shape, is fitted to its pairs by behaviour
/// cloning (<see cref="BehaviourCloning"/>). The actors are what <c>training.initPolicy</c> starts a training from.
/// Deterministic for a given seed; the teacher's episodes come from their own stream, apart from training and
/// evaluation episodes.
/// </summary>
public static class YardstickImitation
{
    private const ulong EpisodeStream = 0x1317;
    private const ulong InitStream = 0x1318;
    private const ulong ShuffleStream = 0x1319;

    /// <summary>
    /// Checks that <paramref name="scheme"/>'s actors can be imitated under <paramref name="config"/>: a learning scheme
    /// (<see cref="ArgumentException"/> otherwise) with agents of their own (not
    /// <c>schemes.&lt;id&gt;.parameterSharing</c>) and the heuristic decoder (<c>environment.decoder</c> "heuristic"),
    /// whose actions the labels are; every other problem is a <see cref="ConfigException"/> naming the field.
    /// </summary>
    public static void Validate(string scheme, ExperimentConfig config)
    {
        MultiAgentTrainer.Validate(scheme, config);
        if (config.Schemes[scheme].Sharing != ParameterSharing.None)
        {
            throw new ConfigException("<config>", $"schemes.{scheme}.parameterSharing",
                $"scheme '{scheme}' shares one model among the agents; imitation writes one actor per agent, which a shared model cannot start from");
        }
        if (config.SimulationFor(scheme).Environment.Decoder != DecoderKind.Heuristic)
        {
            throw new ConfigException("<config>", "environment.decoder",
                $"imitation labels are actions of the heuristic decoder, but scheme '{scheme}' uses the {config.SimulationFor(scheme).Environment.Decoder} decoder; set \"decoder\": \"heuristic\"");
        }
    }

    /// <summary>
    /// Plays <paramref name="episodes"/> evaluation episodes (seed <paramref name="evalSeed"/>) three times, with the
    /// yardstick, with the actions that reproduce it (<see cref="HeuristicDecoderInverse"/>, computed at each slot from
    /// the slot's observation and the yardstick's decisions, so with knowledge no agent has) through the scheme's
    /// decoder, and with the plain heuristic, and returns the deadlines each met: the ceiling of imitation through the
    /// decoder, before anything is learned (<see cref="Validate"/> first).
    /// </summary>
    public static LabelCheck CheckLabels(string scheme, ExperimentConfig config, int episodes, ulong evalSeed, CancellationToken cancellationToken = default)
    {
        Validate(scheme, config);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        SimulationConfig simulation = config.SimulationFor(scheme);
        var env = new MecEnvironment(simulation, config.Training.LayoutSeed);
        var teacher = new YardstickPolicy(env.Layout, config.Policies.Yardstick.Options());
        var labels = new Labels(env, teacher, new HeuristicDecoderInverse(env.Layout, simulation.Environment));
        var heuristic = new HeuristicPolicy(env.Layout, simulation.Environment.Heuristic);
        double Met(EvaluationResult r) => r.LatencyMetPct;
        return new LabelCheck(episodes, evalSeed,
            Met(PolicyEvaluation.Run(scheme, env, teacher, evalSeed, episodes, cancellationToken: cancellationToken)),
            Met(PolicyEvaluation.Run(scheme, env, labels, evalSeed, episodes, cancellationToken: cancellationToken)),
            Met(PolicyEvaluation.Run(scheme, env, heuristic, evalSeed, episodes, cancellationToken: cancellationToken)));
    }

    // The yardstick's decisions of the current slot as actions of the heuristic decoder, computed with knowledge of
    // the slot that no agent has (what a perfect imitator would do).
    private sealed class Labels(MecEnvironment env, YardstickPolicy teacher, HeuristicDecoderInverse inverse) : IPolicy
    {
        private readonly SlotDecisions _taught = new(env.Layout.UeCount);

        public void Act(IReadOnlyList<float[]> observations, float[][] actions)
        {
            teacher.Decide(env, _taught);
            for (int m = 0; m < actions.Length; m++)
            {
                inverse.Invert(env, m, _taught, actions[m]);
            }
        }
    }

    /// <summary>
    /// Plays <see cref="ImitationOptions.Episodes"/> teacher episodes on <c>training.layoutSeed</c>'s layout, fits one actor
    /// per agent and returns them (<see cref="Validate"/> first). <paramref name="progress"/> gets the episodes played and
    /// then, per fitted agent, the episodes plus the agents fitted.
    /// </summary>
    public static ImitationResult Run(string scheme, ExperimentConfig config, int seed, ImitationOptions options,
        Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(scheme, config);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
        SimulationConfig simulation = config.SimulationFor(scheme);
        var env = new MecEnvironment(simulation, config.Training.LayoutSeed);
        ScenarioLayout layout = env.Layout;
        int agents = env.AgentCount;
        int[] observationSizes = env.ObservationSizes(), actionSizes = env.ActionSizes();
        var teacher = new YardstickPolicy(layout, config.Policies.Yardstick.Options());
        var heuristic = new HeuristicPolicy(layout, simulation.Environment.Heuristic);
        var inverse = new HeuristicDecoderInverse(layout, simulation.Environment) { KeepPower = options.KeepPower };
        var taught = new SlotDecisions(layout.UeCount);
        var plain = new SlotDecisions(layout.UeCount);
        int pairs = options.Episodes * env.SlotsPerEpisode;
        var observations = new float[agents][];
        var targets = new float[agents][];
        for (int m = 0; m < agents; m++)
        {
            observations[m] = new float[(long)pairs * observationSizes[m]];
            targets[m] = new float[(long)pairs * actionSizes[m]];
        }
        ulong episodeBase = new Rng((ulong)seed, EpisodeStream).NextUInt64();
        long sent = 0, sameChannel = 0;
        int row = 0;
        for (int e = 0; e < options.Episodes; e++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            env.Reset(MecEnvironment.EpisodeSeed(episodeBase, e));
            for (int s = 0; s < env.SlotsPerEpisode; s++, row++)
            {
                teacher.Decide(env, taught);
                heuristic.Decide(env, plain);
                for (int u = 0; u < layout.UeCount; u++)
                {
                    if (!YardstickOptions.IsLeftOut(taught, u))
                    {
                        sent++;
                        sameChannel += plain.Channel[u] == taught.Channel[u] ? 1 : 0;
                    }
                }
                float[][] obs = env.Observations;
                for (int m = 0; m < agents; m++)
                {
                    obs[m].CopyTo(observations[m].AsSpan(row * observationSizes[m], observationSizes[m]));
                    inverse.Invert(env, m, taught, targets[m].AsSpan(row * actionSizes[m], actionSizes[m]));
                }
                env.StepDecisions(taught);
            }
            progress?.Invoke(e + 1);
        }
        DdpgOptions learner = config.Training.Learner;
        var init = new Rng((ulong)seed, InitStream);
        var shuffle = new Rng((ulong)seed, ShuffleStream);
        var actors = new DenseNetwork[agents];
        double[] mse = new double[agents];
        for (int m = 0; m < agents; m++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var shape = NetworkShape.Mlp(observationSizes[m], learner.ActorHidden, actionSizes[m], learner.ActorHiddenActivation, learner.ActorOutputActivation);
            actors[m] = new DenseNetwork(shape, Math.Min(options.Batch, pairs));
            actors[m].Initialize(init);
            mse[m] = BehaviourCloning.Fit(actors[m], observations[m], targets[m], pairs, options.Epochs, options.Batch, options.LearningRate, shuffle);
            progress?.Invoke(options.Episodes + m + 1);
        }
        return new ImitationResult(new PolicyFile(actors, seed, 0), pairs, mse, sent, sameChannel);
    }
}
