using MecMarl.Learning;
using MecMarl.Nn;
using MecMarl.Randomness;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>Settings of <see cref="YardstickImitation"/> (<c>mecmarl imitate</c>; docs/dense.md, "Imitation of the yardstick").</summary>
public sealed record ImitationOptions
{
    /// <summary>Episodes of the teacher's play whose slots are the training pairs (SPEC 3 slots each). Default 200.</summary>
    public int Episodes { get; init; } = 200;

    /// <summary>Passes of behaviour cloning over the pairs. Default 30.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Minibatch rows. Default 256.</summary>
    public int Batch { get; init; } = 256;

    /// <summary>Adam learning rate of the cloning. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Leave the power entries at 1/2 (<see cref="HeuristicDecoderInverse.KeepPower"/>): the actor learns the
    /// teacher's admission, channels and shares only and keeps the heuristic's power margin. Default false.</summary>
    public bool KeepPower { get; init; }

    /// <summary>The problem with these settings, or null.</summary>
    public string? Problem() =>
        Episodes is < 1 or > 100_000 ? $"episodes {Episodes} is not between 1 and 100000"
        : Epochs is < 1 or > 10_000 ? $"epochs {Epochs} is not between 1 and 10000"
        : Batch is < 1 or > 65_536 ? $"batch {Batch} is not between 1 and 65536"
        : !(LearningRate > 0 && LearningRate <= 1) ? $"learning rate {LearningRate} is not in (0, 1]"
        : null;
}

/// <summary>What one imitation produced: the actors and how well they fit the teacher.</summary>
/// <param name="Policy">Actor m maps SBS m's observation to the action that reproduces the teacher (a policy file
/// <c>training.initPolicy</c> starts from).</param>
/// <param name="PairsPerAgent">Training pairs (slots) per agent.</param>
/// <param name="MeanSquaredError">Per agent, the cloning's mean squared error per action entry in its last epoch.</param>
/// <param name="LabelsSent">UE-slots the teacher sends to the edge (the rest it leaves out).</param>
/// <param name="LabelsOnHeuristicChannel">Of those, the UE-slots on the channel the plain heuristic would choose.</param>
public sealed record ImitationResult(PolicyFile Policy, int PairsPerAgent, double[] MeanSquaredError, long LabelsSent, long LabelsOnHeuristicChannel);

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
                heuristic.Decide(env.CurrentGains, env.CurrentTasks, env.PreviousInterferenceW, plain, env.PreviousChannels);
                for (int u = 0; u < layout.UeCount; u++)
                {
                    if (taught.Channel[u] >= 0 && taught.Share[u] > YardstickOptions.LeftOutShare * (1 + 1e-9))
                    {
                        sent++;
                        sameChannel += plain.Channel[u] == taught.Channel[u] ? 1 : 0;
                    }
                }
                float[][] obs = env.Observations;
                for (int m = 0; m < agents; m++)
                {
                    obs[m].CopyTo(observations[m].AsSpan(row * observationSizes[m], observationSizes[m]));
                    inverse.Invert(m, env.CurrentGains, env.CurrentTasks, env.PreviousInterferenceW.Slice(m * layout.Channels, layout.Channels),
                        env.PreviousChannels, taught, targets[m].AsSpan(row * actionSizes[m], actionSizes[m]));
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
