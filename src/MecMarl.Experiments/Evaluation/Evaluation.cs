using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>SPEC 9 evaluation of learned and fixed schemes on the same evaluation episodes.</summary>
public static class Evaluation
{
    /// <summary>Evaluates a trainer's current actors without noise on episodes from <paramref name="evalSeed"/>, on the training layout.</summary>
    public static EvaluationResult Learned(MultiAgentTrainer trainer, int episodes, ulong evalSeed,
        Action<int>? onEpisode = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        return Learned(trainer.Scheme, trainer.Seed, trainer.Config, trainer.Policy(), episodes, evalSeed, onEpisode, cancellationToken);
    }

    /// <summary>Evaluates trained actors (<paramref name="policy"/>, no noise) of scheme <paramref name="scheme"/> and training seed <paramref name="seed"/> on the layout of <paramref name="config"/>.</summary>
    public static EvaluationResult Learned(string scheme, int seed, ExperimentConfig config, ActorPolicy policy, int episodes, ulong evalSeed,
        Action<int>? onEpisode = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var env = new MecEnvironment(config.SimulationFor(scheme), config.Training.LayoutSeed);
        return PolicyEvaluation.Run(scheme, env, policy, evalSeed, episodes, seed, onEpisode, cancellationToken);
    }

    /// <summary>
    /// Evaluates a fixed policy (any id of <see cref="FixedPolicies"/>) on the same layout
    /// (<c>training.layoutSeed</c>) and evaluation episodes as the learned schemes.
    /// </summary>
    public static EvaluationResult Fixed(string scheme, ExperimentConfig config, int episodes, ulong evalSeed,
        Action<int>? onEpisode = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        return FixedPolicies.Evaluate(scheme, config, config.Training.LayoutSeed, evalSeed, episodes, onEpisode, cancellationToken);
    }
}
