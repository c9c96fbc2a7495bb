namespace MecMarl.Simulation;

/// <summary>
/// A fixed raw action (SPEC 7) for every UE of every cell, in every slot, whatever the observation:
/// per UE <c>[alpha, powerFraction, shareWeight, score_0 .. score_{K-1}]</c>, each in [0, 1]. What it
/// does depends entirely on the environment's decoder (<c>environment.decoder</c>; docs/decoders.md):
/// through the greedy SPEC 7 decoder equal scores give channels by UE index, through the
/// deadline-aware decoder the channels follow the observed gains and the powers the estimated need.
/// </summary>
public sealed class ConstantPolicy : IPolicy
{
    private readonly ScenarioLayout _layout;
    private readonly float[] _perUe;

    /// <summary>Creates the policy for <paramref name="layout"/> with <paramref name="perUeAction"/> (length 3 + K, values in [0, 1]).</summary>
    /// <exception cref="ArgumentException">The action has the wrong length or a value outside [0, 1] (or NaN).</exception>
    public ConstantPolicy(ScenarioLayout layout, ReadOnlySpan<double> perUeAction)
    {
        ArgumentNullException.ThrowIfNull(layout);
        int stride = 3 + layout.Channels;
        if (perUeAction.Length != stride)
        {
            throw new ArgumentException($"the constant action has {perUeAction.Length} values, expected 3 + K = {stride}", nameof(perUeAction));
        }
        _perUe = new float[stride];
        for (int i = 0; i < stride; i++)
        {
            double v = perUeAction[i];
            if (!(v >= 0 && v <= 1))
            {
                throw new ArgumentException($"constant action value {i} is {v}, expected a number in [0, 1]", nameof(perUeAction));
            }
            _perUe[i] = (float)v;
        }
        _layout = layout;
    }

    /// <summary>The default per-UE action for K channels: alpha 1, every other component 0.5.</summary>
    public static double[] DefaultAction(int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        var a = new double[3 + channels];
        Array.Fill(a, 0.5);
        a[0] = 1.0;
        return a;
    }

    /// <inheritdoc />
    public void Act(IReadOnlyList<float[]> observations, float[][] actions)
    {
        for (int m = 0; m < _layout.SbsCount; m++)
        {
            Span<float> a = actions[m];
            for (int i = 0; i < _layout.CellSize(m); i++)
            {
                _perUe.CopyTo(a.Slice(i * _perUe.Length, _perUe.Length));
            }
        }
    }
}
