using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MecMarl.Nn;

namespace MecMarl.Learning;

/// <summary>
/// Every hyperparameter of a DDPG agent, defaulting to the paper values of SPEC 8
/// (actor obs -> 64 ReLU -> action sigmoid, critic input -> 64 ReLU -> 1, Adam 1e-3 for both,
/// buffer 10,000, batch 32, gamma 0.9, tau 0.01, noise std 0.2 -> 0.01, learning starts 1,000,
/// no gradient clipping, MSE critic loss). Experiment configs give the hyperparameters a config may set in
/// their <c>training</c> section (JSON names in camelCase); those marked <see cref="JsonIgnoreAttribute"/> are
/// fixed by the learner. <see cref="RangeAttribute"/> is the range a config accepts (checked with the JSON
/// path when a config is validated); <see cref="JsonPropertyOrderAttribute"/> places a value among the section's
/// other values in the written config.
/// </summary>
public record DdpgOptions
{
    /// <summary>Hidden layer widths of the actor (SPEC 8: [64]).</summary>
    public IReadOnlyList<int> ActorHidden { get; init; } = [64];

    /// <summary>Activation of the actor's hidden layers (SPEC 8: ReLU).</summary>
    [JsonIgnore]
    public Activation ActorHiddenActivation { get; init; } = Activation.Relu;

    /// <summary>Activation of the actor's output, mapping to the action range (SPEC 8: sigmoid, actions in [0, 1]).</summary>
    [JsonIgnore]
    public Activation ActorOutputActivation { get; init; } = Activation.Sigmoid;

    /// <summary>Hidden layer widths of the critic (SPEC 8: [64]).</summary>
    public IReadOnlyList<int> CriticHidden { get; init; } = [64];

    /// <summary>Activation of the critic's hidden layers (SPEC 8: ReLU); its output is linear.</summary>
    [JsonIgnore]
    public Activation CriticHiddenActivation { get; init; } = Activation.Relu;

    /// <summary>Adam learning rate of the actor (SPEC 8: 1e-3).</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double ActorLearningRate { get; init; } = 1e-3;

    /// <summary>Adam learning rate of the critic (SPEC 8: 1e-3).</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double CriticLearningRate { get; init; } = 1e-3;

    /// <summary>Adam first-moment decay (PyTorch default 0.9).</summary>
    [JsonIgnore]
    public double AdamBeta1 { get; init; } = 0.9;

    /// <summary>Adam second-moment decay (PyTorch default 0.999).</summary>
    [JsonIgnore]
    public double AdamBeta2 { get; init; } = 0.999;

    /// <summary>Adam epsilon (PyTorch default 1e-8).</summary>
    [JsonIgnore]
    public double AdamEpsilon { get; init; } = 1e-8;

    /// <summary>Discount factor gamma of the critic target (SPEC 8: 0.9).</summary>
    [Range(0.0, 1.0)]
    public double Gamma { get; init; } = 0.9;

    /// <summary>Soft target update rate tau, theta' = tau theta + (1 - tau) theta' (SPEC 8: 0.01).</summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true)]
    public double Tau { get; init; } = 0.01;

    /// <summary>Mini-batch size in transitions (SPEC 8: 32).</summary>
    [Range(1, 65_536)]
    public int BatchSize { get; init; } = 32;

    /// <summary>Replay buffer capacity in transitions (SPEC 8: 10,000).</summary>
    public int BufferCapacity { get; init; } = 10_000;

    /// <summary>Transitions a buffer must hold before gradient steps start (SPEC 8 [choice]: 1,000).</summary>
    public int LearningStarts { get; init; } = 1_000;

    /// <summary>Exploration noise std at the first step (SPEC 8 [choice]: 0.2).</summary>
    [Range(0.0, double.PositiveInfinity)]
    public double NoiseStdStart { get; init; } = 0.2;

    /// <summary>Exploration noise std at the last training step (SPEC 8 [choice]: 0.01).</summary>
    [Range(0.0, double.PositiveInfinity)]
    public double NoiseStdEnd { get; init; } = 0.01;

    /// <summary>Global L2 gradient-norm clip for both networks, or null for none (SPEC 8: none).</summary>
    [JsonPropertyOrder(2)]
    [Range(0.0, double.PositiveInfinity, MinimumIsExclusive = true)]
    public float? MaxGradientNorm { get; init; }

    /// <summary>Critic loss (SPEC 8: MSE).</summary>
    [JsonPropertyOrder(2)]
    public CriticLoss CriticLoss { get; init; } = CriticLoss.Mse;

    /// <summary>Threshold of the Huber loss when <see cref="CriticLoss"/> is Huber.</summary>
    [JsonPropertyOrder(2)]
    [Range(0.0, double.PositiveInfinity, MinimumIsExclusive = true)]
    public double HuberDelta { get; init; } = 1.0;

    /// <summary>
    /// Twin critics (TD3, Fujimoto et al. 2018): two critics and two target critics, the target
    /// uses the smaller of the two target values; the actor follows the first critic. Off in SPEC 8.
    /// </summary>
    [JsonPropertyOrder(4)]
    public bool TwinCritics { get; init; }

    /// <summary>
    /// Target policy smoothing (TD3): std of Gaussian noise added to the target actions mu'(s'),
    /// in action units, before clipping to [0, 1]; 0 = off (SPEC 8).
    /// </summary>
    [JsonPropertyOrder(4)]
    [Range(0.0, double.PositiveInfinity)]
    public double TargetPolicyNoise { get; init; }

    /// <summary>Bound c of the target smoothing noise, clipped to [-c, c] (TD3 default 0.5; action units).</summary>
    [JsonPropertyOrder(4)]
    [Range(0.0, double.PositiveInfinity)]
    public double TargetNoiseClip { get; init; } = 0.5;

    /// <summary>
    /// Delayed policy updates (TD3): the actor step and the soft target updates run once every
    /// this many critic steps; 1 = every step (SPEC 8).
    /// </summary>
    [JsonPropertyOrder(4)]
    [Range(1, 1000)]
    public int PolicyDelay { get; init; } = 1;

    /// <summary>
    /// Start every actor's output layer at zero weights and biases, so that every initial action is
    /// exactly sigmoid(0) = 0.5: under the heuristic decoder, exactly the <c>heuristic</c> policy
    /// (docs/dense.md). Off (SPEC 8's small uniform output initialisation) by default; the random
    /// draws of the initialisation are the same either way. Written to a config only when on.
    /// </summary>
    [JsonPropertyOrder(4)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ZeroActorOutputLayer { get; init; }

    /// <summary>These options as a plain <see cref="DdpgOptions"/> (a derived record, such as an experiment's training section, without its own fields).</summary>
    public DdpgOptions ToDdpgOptions() => new(this);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        static void Require(bool ok, string what)
        {
            if (!ok)
            {
                throw new ArgumentException($"Invalid DDPG option: {what}.");
            }
        }
        Require(ActorHidden.All(h => h > 0), "ActorHidden widths must be positive");
        Require(CriticHidden.All(h => h > 0), "CriticHidden widths must be positive");
        Require(ActorLearningRate > 0 && CriticLearningRate > 0, "learning rates must be positive");
        Require(AdamBeta1 is >= 0 and < 1 && AdamBeta2 is >= 0 and < 1 && AdamEpsilon >= 0, "Adam betas in [0, 1), eps >= 0");
        Require(Gamma is >= 0 and <= 1, "Gamma in [0, 1]");
        Require(Tau is >= 0 and <= 1, "Tau in [0, 1]");
        Require(BatchSize > 0, "BatchSize > 0");
        Require(BufferCapacity > 0, "BufferCapacity > 0");
        Require(LearningStarts >= 0, "LearningStarts >= 0");
        Require(NoiseStdStart >= 0 && NoiseStdEnd >= 0, "noise std >= 0");
        Require(MaxGradientNorm is null or > 0, "MaxGradientNorm null or > 0");
        Require(HuberDelta > 0, "HuberDelta > 0");
        Require(TargetPolicyNoise >= 0 && TargetNoiseClip >= 0, "TargetPolicyNoise and TargetNoiseClip >= 0");
        Require(PolicyDelay >= 1, "PolicyDelay >= 1");
    }
}
