using System.Globalization;
using System.Text.Json.Serialization;

namespace MecMarl.Learning;

/// <summary>
/// The hyperparameters of a PPO scheme (<see cref="LearnerKind.Ppo"/>; Schulman et al. 2017, clipped
/// surrogate objective; IPPO / MAPPO as in Yu et al. 2022), read from the scheme's own <c>ppo</c>
/// object in the config's <c>schemes</c> section (docs/schemes.md, "PPO learners"). The network
/// sizes, the discount gamma and Adam's betas and epsilon come from the <c>training</c> section
/// (<see cref="DdpgOptions"/>: the actor is the DDPG actor's shape, the value network the critic's
/// hidden layers with a linear output). <see cref="Problem"/> names the first invalid field.
/// </summary>
public sealed record PpoOptions
{
    /// <summary>Adam learning rate of the actor (the policy mean) and of the learned log-std (per gradient step; default 3e-4).</summary>
    public double ActorLearningRate { get; init; } = 3e-4;

    /// <summary>Adam learning rate of the value network (default 1e-3).</summary>
    public double ValueLearningRate { get; init; } = 1e-3;

    /// <summary>Rollout length in training slots: an update runs after every this many slots, on exactly those slots (default 250 = 5 episodes of 50 slots).</summary>
    public int RolloutSlots { get; init; } = 250;

    /// <summary>Passes over the rollout per update (default 4).</summary>
    public int Epochs { get; init; } = 4;

    /// <summary>Transitions per minibatch; each epoch shuffles the rollout and cuts it into minibatches of this size, the last one possibly smaller (default 50; at most <see cref="RolloutSlots"/>).</summary>
    public int MinibatchSize { get; init; } = 50;

    /// <summary>Clip range epsilon of the surrogate: the probability ratio is clipped to [1 - epsilon, 1 + epsilon] (default 0.2).</summary>
    public double ClipRange { get; init; } = 0.2;

    /// <summary>GAE lambda (Schulman et al. 2016) in [0, 1]; with the config's gamma 0 it has no effect (the advantage is r - V(s)). Default 0.95.</summary>
    public double GaeLambda { get; init; } = 0.95;

    /// <summary>Weight c of the entropy bonus: the loss gains -c H(pi(.|s)) (H in nats, summed over action components); 0 = none (default).</summary>
    public double EntropyCoefficient { get; init; }

    /// <summary>
    /// Weight c of a pull of the policy mean toward the neutral action 1/2: the actor's loss gains
    /// c times the mean over the minibatch's rows of the sum over action components of (mu - 1/2)^2,
    /// so that a correction the advantages do not keep paying for decays back toward 1/2 (under
    /// <c>environment.decoder: "heuristic"</c>, toward the heuristic's own decisions; docs/dense.md,
    /// "A pull toward the heuristic"). 0 = none (default; omitted from a written config when 0, so
    /// configs without it keep their fingerprints).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double AnchorCoefficient { get; init; }

    /// <summary>How the Gaussian's standard deviation is set (default <see cref="PpoStd.Learned"/>).</summary>
    public PpoStd Std { get; init; } = PpoStd.Learned;

    /// <summary>With <see cref="PpoStd.Learned"/>: the initial std of every action component, in action units (default 0.05).</summary>
    public double InitialStd { get; init; } = 0.05;

    /// <summary>Lower bound of the std, in action units: the learned log-std is clamped at log of it after every step, and a scheduled std below it is raised to it (default 0.005).</summary>
    public double MinStd { get; init; } = 0.005;

    /// <summary>Normalise the advantages of each agent's rollout to mean 0 and std 1 before the epochs (default true).</summary>
    public bool NormalizeAdvantages { get; init; } = true;

    /// <summary>
    /// Zero the actor's output layer (weights and biases) after the SPEC 8 initialisation, so that the
    /// policy mean starts at exactly 0.5 for every observation (under <c>environment.decoder: "heuristic"</c>:
    /// exactly the heuristic); false keeps SPEC 8's U(-3e-3, 3e-3) output layer, whose means start near 0.5
    /// but not at it (default false). The random draws are the same either way.
    /// </summary>
    public bool ZeroOutputLayer { get; init; }

    /// <summary>
    /// Anneal the actor's, the log-std's and the value network's learning rates linearly to 0 over the
    /// training (as CleanRL's PPO does): the update that starts after s of the training's S slots
    /// (<c>training.episodes</c> x slots per episode) steps with each rate times 1 - s / S, so the first
    /// update uses the full rates and the last one a small fraction of them. False keeps the rates
    /// constant (default; omitted from a written config when false, so configs without it keep their
    /// fingerprints).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool AnnealLearningRate { get; init; }

    /// <summary>Global L2 gradient-norm clip applied separately to the actor's, the log-std's and the value network's gradient of every minibatch, or null for none (default 0.5).</summary>
    public float? MaxGradientNorm { get; init; } = 0.5f;

    /// <summary>The first invalid field as (JSON name, problem), or null when every value is usable.</summary>
    public (string Field, string Problem)? Problem()
    {
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        if (!(ActorLearningRate > 0) || double.IsInfinity(ActorLearningRate))
        {
            return ("actorLearningRate", $"must be a finite number > 0, found {F(ActorLearningRate)}");
        }
        if (!(ValueLearningRate > 0) || double.IsInfinity(ValueLearningRate))
        {
            return ("valueLearningRate", $"must be a finite number > 0, found {F(ValueLearningRate)}");
        }
        if (RolloutSlots < 1 || RolloutSlots > 100_000)
        {
            return ("rolloutSlots", $"must be an integer in 1..100000, found {RolloutSlots}");
        }
        if (Epochs < 1 || Epochs > 1000)
        {
            return ("epochs", $"must be an integer in 1..1000, found {Epochs}");
        }
        if (MinibatchSize < 1 || MinibatchSize > RolloutSlots)
        {
            return ("minibatchSize", $"must be an integer in 1..rolloutSlots ({RolloutSlots}), found {MinibatchSize}");
        }
        if (!(ClipRange > 0 && ClipRange < 1))
        {
            return ("clipRange", $"must be in (0, 1), found {F(ClipRange)}");
        }
        if (!(GaeLambda >= 0 && GaeLambda <= 1))
        {
            return ("gaeLambda", $"must be in [0, 1], found {F(GaeLambda)}");
        }
        if (!(EntropyCoefficient >= 0) || double.IsInfinity(EntropyCoefficient))
        {
            return ("entropyCoefficient", $"must be a finite number >= 0, found {F(EntropyCoefficient)}");
        }
        if (!(AnchorCoefficient >= 0) || double.IsInfinity(AnchorCoefficient))
        {
            return ("anchorCoefficient", $"must be a finite number >= 0, found {F(AnchorCoefficient)}");
        }
        if (!(InitialStd > 0 && InitialStd <= 10))
        {
            return ("initialStd", $"must be in (0, 10], found {F(InitialStd)}");
        }
        if (!(MinStd > 0 && MinStd <= InitialStd))
        {
            return ("minStd", $"must be in (0, initialStd ({F(InitialStd)})], found {F(MinStd)}");
        }
        if (MaxGradientNorm is { } g && !(g > 0 && float.IsFinite(g)))
        {
            return ("maxGradientNorm", $"must be null or a finite number > 0, found {g.ToString("R", CultureInfo.InvariantCulture)}");
        }
        return null;
    }
}
