using System.Numerics.Tensors;

namespace MecMarl.Nn;

/// <summary>Global-norm gradient clipping as <c>torch.nn.utils.clip_grad_norm_</c> (L2).</summary>
public static class GradientClipping
{
    /// <summary>
    /// total = ||g||_2; if total &gt; <paramref name="maxNorm"/>, scales g by maxNorm / (total + 1e-6).
    /// Returns the norm before clipping.
    /// </summary>
    public static float ClipByGlobalNorm(Span<float> gradients, float maxNorm)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNorm);
        float total = TensorPrimitives.Norm(gradients);
        float coef = maxNorm / (total + 1e-6f);
        if (coef < 1f)
        {
            TensorPrimitives.Multiply(gradients, coef, gradients);
        }
        return total;
    }
}
