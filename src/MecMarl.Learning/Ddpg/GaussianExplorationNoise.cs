using MecMarl.Randomness;

namespace MecMarl.Learning;

/// <summary>
/// SPEC 8 [choice] exploration: a ~ clip(mu(s) + N(0, std_t^2), 0, 1) per action component, with
/// std_t decaying linearly from <see cref="StdStart"/> at step 0 to <see cref="StdEnd"/> at step
/// <see cref="DecaySteps"/> (all training slots) and constant after.
/// </summary>
public sealed class GaussianExplorationNoise
{
    /// <summary>Creates the schedule (SPEC 8 defaults 0.2 -> 0.01).</summary>
    public GaussianExplorationNoise(long decaySteps, double stdStart = 0.2, double stdEnd = 0.01)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(decaySteps);
        if (!(stdStart >= 0) || !(stdEnd >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(stdStart), "Noise std must be non-negative.");
        }
        DecaySteps = decaySteps;
        StdStart = stdStart;
        StdEnd = stdEnd;
    }

    /// <summary>Std at step 0.</summary>
    public double StdStart { get; }

    /// <summary>Std from step <see cref="DecaySteps"/> on.</summary>
    public double StdEnd { get; }

    /// <summary>Steps over which the std decays (the total number of training slots).</summary>
    public long DecaySteps { get; }

    /// <summary>std_t = start + (end - start) * min(t, DecaySteps) / DecaySteps.</summary>
    public double StdAt(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        double frac = Math.Min(step, DecaySteps) / (double)DecaySteps;
        return StdStart + (StdEnd - StdStart) * frac;
    }

    /// <summary>Adds N(0, std_t^2) noise from <paramref name="rng"/> to each component of <paramref name="action"/> and clips to [0, 1].</summary>
    public void Apply(Span<float> action, long step, Rng rng) => Perturb(action, StdAt(step), rng);

    /// <summary>a = clip(a + <paramref name="std"/> z, 0, 1) per component, z ~ N(0, 1) drawn from <paramref name="rng"/> in component order.</summary>
    public static void Perturb(Span<float> action, double std, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        for (int i = 0; i < action.Length; i++)
        {
            double a = action[i] + std * rng.NextGaussian();
            action[i] = (float)Math.Clamp(a, 0.0, 1.0);
        }
    }

    /// <summary>
    /// Draws <c>z.Length</c> standard normal values from <paramref name="rng"/> in order, the draws
    /// <see cref="Apply(Span{float}, long, Rng)"/> would make, so that they can be made ahead of
    /// time (on another thread) and used with <see cref="Apply(Span{float}, long, ReadOnlySpan{double})"/>.
    /// </summary>
    public static void Draw(Span<double> z, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = rng.NextGaussian();
        }
    }

    /// <summary>
    /// <see cref="Apply(Span{float}, long, Rng)"/> with standard normal values drawn beforehand by
    /// <see cref="Draw"/>: a = clip(a + std(step) z, 0, 1), bit-identical to drawing them here.
    /// </summary>
    public void Apply(Span<float> action, long step, ReadOnlySpan<double> z)
    {
        if (z.Length < action.Length)
        {
            throw new ArgumentException($"{z.Length} normal values for {action.Length} actions.", nameof(z));
        }
        double std = StdAt(step);
        for (int i = 0; i < action.Length; i++)
        {
            double a = action[i] + std * z[i];
            action[i] = (float)Math.Clamp(a, 0.0, 1.0);
        }
    }
}
