namespace MecMarl.Nn;

/// <summary>A first-order optimiser stepping one contiguous parameter vector with its gradient.</summary>
public interface IOptimizer
{
    /// <summary>Number of parameters this optimiser was created for.</summary>
    int ParameterCount { get; }

    /// <summary>Optional gradient clipping: maximum global L2 norm, or null for none (SPEC 8 default: none).</summary>
    float? MaxGradientNorm { get; }

    /// <summary>One step: clips <paramref name="gradients"/> in place if configured, then updates <paramref name="parameters"/>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Step is the optimiser term of art (one optimisation step); the keyword clash is Visual Basic's only.")]
    void Step(Span<float> parameters, Span<float> gradients);
}
