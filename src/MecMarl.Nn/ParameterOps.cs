using System.Numerics.Tensors;

namespace MecMarl.Nn;

/// <summary>Span operations over whole parameter vectors (target-network updates, axpy).</summary>
public static class ParameterOps
{
    /// <summary>
    /// Soft target update theta' = tau * theta + (1 - tau) * theta' (SPEC 8, tau = 0.01), in place on
    /// <paramref name="target"/>.
    /// </summary>
    public static void SoftUpdate(Span<float> target, ReadOnlySpan<float> source, float tau)
    {
        if (target.Length != source.Length)
        {
            throw new ArgumentException("Source and target lengths differ.");
        }
        if (!(tau >= 0f && tau <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(tau), tau, "tau must be in [0, 1].");
        }
        // Lerp(x, y, a) = x * (1 - a) + y * a.
        TensorPrimitives.Lerp(target, source, tau, target);
    }

    /// <summary>Hard update theta' = theta.</summary>
    public static void HardUpdate(Span<float> target, ReadOnlySpan<float> source)
    {
        if (target.Length != source.Length)
        {
            throw new ArgumentException("Source and target lengths differ.");
        }
        source.CopyTo(target);
    }

    /// <summary>y += alpha * x.</summary>
    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("x and y lengths differ.");
        }
        TensorPrimitives.MultiplyAdd(x, alpha, y, y);
    }
}
