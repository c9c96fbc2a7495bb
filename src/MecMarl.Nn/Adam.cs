namespace MecMarl.Nn;

/// <summary>
/// Adam (Kingma and Ba 2015) with bias correction exactly as PyTorch's <c>torch.optim.Adam</c>
/// (no weight decay, no amsgrad): at step t = 1, 2, ...,
/// m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; bc1 = 1 - b1^t; bc2 = 1 - b2^t;
/// p -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps). SPEC 8: lr 1e-3, b1 0.9, b2 0.999, eps 1e-8.
/// Hyperparameters are doubles (Python floats in PyTorch). The moments and the step count are public for checkpoints.
/// </summary>
public sealed class Adam : IOptimizer
{
    private readonly float[] _m;
    private readonly float[] _v;

    /// <summary>Creates an Adam optimiser for <paramref name="parameterCount"/> parameters with zero moments.</summary>
    public Adam(int parameterCount, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, float? maxGradientNorm = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon >= 0))
        {
            throw new ArgumentException("Adam needs 0 <= beta < 1 and eps >= 0.");
        }
        ParameterCount = parameterCount;
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        MaxGradientNorm = maxGradientNorm;
        _m = new float[parameterCount];
        _v = new float[parameterCount];
    }

    /// <inheritdoc />
    public int ParameterCount { get; }

    /// <summary>Learning rate lr.</summary>
    public double LearningRate { get; }

    /// <summary>
    /// Factor in [0, 1] on <see cref="LearningRate"/> for the next steps (a learning-rate schedule, such
    /// as PPO's linear annealing, <c>ppo.annealLearningRate</c>); 1 by default, which leaves every step
    /// exactly as without it. Not part of the optimiser's saved state: its owner sets it from the
    /// training's progress before stepping.
    /// </summary>
    public double LearningRateScale
    {
        get;
        set
        {
            if (!(value >= 0 && value <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The learning-rate scale must be in [0, 1].");
            }
            field = value;
        }
    } = 1.0;

    /// <summary>First-moment decay b1.</summary>
    public double Beta1 { get; }

    /// <summary>Second-moment decay b2.</summary>
    public double Beta2 { get; }

    /// <summary>Denominator term eps.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public float? MaxGradientNorm { get; }

    /// <summary>Steps taken so far (t of the bias correction).</summary>
    public long StepCount { get; set; }

    /// <summary>First moments m, one per parameter.</summary>
    public Span<float> FirstMoments => _m;

    /// <summary>Second moments v, one per parameter.</summary>
    public Span<float> SecondMoments => _v;

    /// <inheritdoc />
    public void Step(Span<float> parameters, Span<float> gradients)
    {
        (float stepSize, float invSqrtBc2) = Begin(parameters, gradients);
        AdamKernel.Apply(parameters, gradients, _m, _v, (float)Beta1, (float)(1.0 - Beta1), (float)Beta2, (float)(1.0 - Beta2),
            (float)Epsilon, stepSize, invSqrtBc2);
    }

    /// <summary>
    /// <see cref="Step"/> followed by the soft target update
    /// <c>ParameterOps.SoftUpdate(target, parameters, tau)</c> (SPEC 8), fused into one pass over the
    /// arrays; the results are bit-identical to the two calls in sequence.
    /// </summary>
    public void StepWithSoftUpdate(Span<float> parameters, Span<float> gradients, Span<float> target, float tau)
    {
        if (target.Length != ParameterCount)
        {
            throw new ArgumentException($"Adam expects {ParameterCount} target parameters.", nameof(target));
        }
        if (!(tau >= 0f && tau <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(tau), tau, "tau must be in [0, 1].");
        }
        (float stepSize, float invSqrtBc2) = Begin(parameters, gradients);
        AdamKernel.ApplyWithSoftUpdate(parameters, gradients, _m, _v, target, tau, (float)Beta1, (float)(1.0 - Beta1), (float)Beta2,
            (float)(1.0 - Beta2), (float)Epsilon, stepSize, invSqrtBc2);
    }

    /// <summary>Checks lengths, clips, counts the step and returns the step size and 1 / sqrt(bc2).</summary>
    private (float StepSize, float InvSqrtBc2) Begin(Span<float> parameters, Span<float> gradients)
    {
        if (parameters.Length != ParameterCount || gradients.Length != ParameterCount)
        {
            throw new ArgumentException($"Adam expects {ParameterCount} parameters and gradients.");
        }
        if (MaxGradientNorm is float max)
        {
            GradientClipping.ClipByGlobalNorm(gradients, max);
        }
        StepCount++;
        double bc1 = 1.0 - Math.Pow(Beta1, StepCount);
        double bc2 = 1.0 - Math.Pow(Beta2, StepCount);
        // Like PyTorch, the scalars are formed in double (1 - 0.999 = 0.001 exactly as a float) and
        // rounded once to float for the element-wise arithmetic.
        return ((float)(LearningRate * LearningRateScale / bc1), (float)(1.0 / Math.Sqrt(bc2)));
    }
}
