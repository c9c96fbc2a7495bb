namespace MecMarl.Simulation;

/// <summary>
/// Counter-based random draws: a draw is a hash (the SplitMix64 finaliser) of a key derived from
/// (seed, purpose) and an index, so any single draw of an episode (one fading coefficient, one task)
/// can be computed alone, in any order, and is the same whatever else was drawn. This is what makes
/// every policy see the same fading and tasks from an evaluation seed, and what lets the
/// environment compute only the gains it needs.
/// </summary>
public static class CounterRandom
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The SplitMix64 output function (a 64-bit bijective mixer).</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The key of the draws of <paramref name="purpose"/> under <paramref name="seed"/>.</summary>
    public static ulong Key(ulong seed, ulong purpose) => Mix(Mix(seed + Gamma) ^ Mix((purpose + 1) * 0xD1B54A32D192ED03UL));

    /// <summary>64 random bits of draw <paramref name="index"/> under <paramref name="key"/>.</summary>
    public static ulong Bits(ulong key, ulong index) => Mix(key + (index + 1) * Gamma);

    /// <summary>Uniform in [0, 1) (53 bits).</summary>
    public static double Unit(ulong key, ulong index) => (Bits(key, index) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in the open interval (0, 1) (53 bits, centred cells), safe for <c>-ln</c>: never 0 or infinite.</summary>
    public static double OpenUnit(ulong key, ulong index) => ((Bits(key, index) >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Purpose tag of fading draws.</summary>
    internal const ulong FadingPurpose = 1;

    /// <summary>Purpose tag of task draws.</summary>
    internal const ulong TaskPurpose = 2;

    /// <summary>Purpose tag of per-episode UE redrops.</summary>
    internal const ulong RedropPurpose = 3;
}
