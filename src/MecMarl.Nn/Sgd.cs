using System.Numerics.Tensors;

namespace MecMarl.Nn;

/// <summary>Plain stochastic gradient descent: p -= lr * g (optionally after global-norm clipping).</summary>
public sealed class Sgd : IOptimizer
{
    /// <summary>Creates an SGD optimiser.</summary>
    public Sgd(int parameterCount, float learningRate, float? maxGradientNorm = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        ParameterCount = parameterCount;
        LearningRate = learningRate;
        MaxGradientNorm = maxGradientNorm;
    }

    /// <inheritdoc />
    public int ParameterCount { get; }

    /// <summary>Learning rate lr.</summary>
    public float LearningRate { get; }

    /// <inheritdoc />
    public float? MaxGradientNorm { get; }

    /// <inheritdoc />
    public void Step(Span<float> parameters, Span<float> gradients)
    {
        if (parameters.Length != ParameterCount || gradients.Length != ParameterCount)
        {
            throw new ArgumentException($"SGD expects {ParameterCount} parameters and gradients.");
        }
        if (MaxGradientNorm is float max)
        {
            GradientClipping.ClipByGlobalNorm(gradients, max);
        }
        TensorPrimitives.MultiplyAdd(gradients, -LearningRate, parameters, parameters);
    }
}
