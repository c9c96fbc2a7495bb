using System.Numerics;
using System.Runtime.CompilerServices;

namespace MecMarl.Randomness;

/// <summary>
/// The one seeded pseudo-random generator of MecMarl: xoshiro256** (Blackman and Vigna, 2018)
/// seeded through SplitMix64. Every random draw of the simulator, the networks and the learners
/// comes from an instance of this class that was passed in, so a run is reproduced exactly by
/// its seed, and the whole generator state (four 64-bit words) can be saved in a checkpoint and
/// restored with <see cref="State"/>.
/// </summary>
/// <remarks>
/// Not thread-safe: give each thread or component its own stream with <see cref="Create(ulong, ulong)"/>.
/// </remarks>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator from a seed (stream 0).</summary>
    public Rng(ulong seed) : this(seed, 0) { }

    /// <summary>
    /// Creates the generator of stream <paramref name="stream"/> of <paramref name="seed"/>. Distinct
    /// (seed, stream) pairs give statistically independent sequences; use streams to give each
    /// purpose (layout, fading, tasks, exploration, sampling, ...) its own generator.
    /// </summary>
    public Rng(ulong seed, ulong stream)
    {
        ulong x = seed ^ (0x9E3779B97F4A7C15UL * (stream + 1));
        // Mix the stream in twice so that nearby (seed, stream) pairs decorrelate.
        x = SplitMix64(ref x) ^ (stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
        if ((_s0 | _s1 | _s2 | _s3) == 0)
        {
            _s0 = 1;
        }
    }

    /// <summary>Creates the generator of stream <paramref name="stream"/> of <paramref name="seed"/>.</summary>
    public static Rng Create(ulong seed, ulong stream) => new(seed, stream);

    /// <summary>Derives a child generator from the next output of this one (advances this one by one draw).</summary>
    public Rng Fork(ulong stream) => new(NextUInt64(), stream);

    /// <summary>The full generator state (four words of xoshiro256**), for checkpoints.</summary>
    public RngState State
    {
        get => new(_s0, _s1, _s2, _s3);
        set
        {
            if ((value.S0 | value.S1 | value.S2 | value.S3) == 0)
            {
                throw new ArgumentException("An all-zero xoshiro256** state is invalid.", nameof(value));
            }
            (_s0, _s1, _s2, _s3) = (value.S0, value.S1, value.S2, value.S3);
        }
    }

    /// <summary>Next 64 uniformly distributed bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform double in (0, 1]: never 0, for logarithms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDoubleOpenZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>Uniform float in [0, 1) with 24 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform double in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Exponential variate with mean 1 (inverse transform of a draw in (0, 1]).</summary>
    public double NextExponential() => -Math.Log(NextDoubleOpenZero());

    /// <summary>Standard normal variate (Box-Muller; two uniforms per call, no cached spare, so the state is just the four words).</summary>
    public double NextGaussian()
    {
        double u1 = NextDoubleOpenZero();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Uniform integer in [0, <paramref name="n"/>), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ulong bound = (ulong)n;
        ulong m = Math.BigMul(NextUInt64(), bound, out ulong low);
        if (low < bound)
        {
            ulong threshold = (0UL - bound) % bound;
            while (low < threshold)
            {
                m = Math.BigMul(NextUInt64(), bound, out low);
            }
        }
        return (int)m;
    }

    /// <summary>Fisher-Yates shuffle of <paramref name="items"/> in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
