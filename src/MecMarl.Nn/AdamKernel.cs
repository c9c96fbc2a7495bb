using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MecMarl.Nn;

/// <summary>
/// One fused pass of the Adam update over four equally long spans (TensorPrimitives has no fused
/// Adam; doing it op by op would read and write each array several times). Per element, in the
/// order of PyTorch 1.13's single-tensor Adam:
/// m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= stepSize * m / (sqrt(v) / sqrt(bc2) + eps),
/// with stepSize = lr / bc1. No fused multiply-add, so the SIMD body and scalar tail round alike.
/// The SIMD body addresses the arrays through pinned pointers (no per-vector slicing), which
/// nearly halves its time: the pass is bound by the square root and the division, not by memory.
/// </summary>
internal static unsafe class AdamKernel
{
    /// <summary>Updates <paramref name="p"/>, <paramref name="m"/> and <paramref name="v"/> in place from gradient <paramref name="g"/>.</summary>
    public static void Apply(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v,
        float beta1, float oneMinusB1, float beta2, float oneMinusB2, float eps, float stepSize, float invSqrtBc2) =>
        Run(p, g, m, v, default, 0f, beta1, oneMinusB1, beta2, oneMinusB2, eps, stepSize, invSqrtBc2);

    /// <summary>
    /// <see cref="Apply"/> followed, in the same pass, by the soft target update
    /// t = t * (1 - tau) + p * tau of each updated parameter p, written as <c>TensorPrimitives.Lerp</c>
    /// writes it (MultiplyAddEstimate(t, 1 - tau, p * tau), fused where the hardware has FMA), so the
    /// result equals <see cref="ParameterOps.SoftUpdate"/> after <see cref="Apply"/> bit for bit;
    /// every array is read and written once instead of twice.
    /// </summary>
    public static void ApplyWithSoftUpdate(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> t, float tau,
        float beta1, float oneMinusB1, float beta2, float oneMinusB2, float eps, float stepSize, float invSqrtBc2)
    {
        if (t.Length != p.Length)
        {
            throw new ArgumentException("Adam spans differ in length.");
        }
        Run(p, g, m, v, t, tau, beta1, oneMinusB1, beta2, oneMinusB2, eps, stepSize, invSqrtBc2);
    }

    // The pass of Apply, with the soft update of t when t is not empty.
    private static void Run(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> t, float tau,
        float beta1, float oneMinusB1, float beta2, float oneMinusB2, float eps, float stepSize, float invSqrtBc2)
    {
        if (g.Length != p.Length || m.Length != p.Length || v.Length != p.Length)
        {
            throw new ArgumentException("Adam spans differ in length.");
        }
        bool soft = !t.IsEmpty;
        int i;
        fixed (float* pp = p, pg = g, pm = m, pv = v, pt = t)
        {
            i = Body(pp, pg, pm, pv, soft ? pt : null, p.Length, tau, beta1, oneMinusB1, beta2, oneMinusB2, eps, stepSize, invSqrtBc2);
        }
        float keep = 1f - tau;
        for (; i < p.Length; i++)
        {
            float gi = g[i];
            float mi = beta1 * m[i] + oneMinusB1 * gi;
            float vi = beta2 * v[i] + oneMinusB2 * (gi * gi);
            float denom = MathF.Sqrt(vi) * invSqrtBc2 + eps;
            m[i] = mi;
            v[i] = vi;
            float pi = p[i] - stepSize * mi / denom;
            p[i] = pi;
            if (soft)
            {
                t[i] = float.MultiplyAddEstimate(t[i], keep, pi * tau);
            }
        }
    }

    /// <summary>
    /// The SIMD body over whole vectors of <paramref name="length"/> elements; also the soft update
    /// when <paramref name="t"/> is not null. Returns the index where the scalar tail starts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Body(float* p, float* g, float* m, float* v, float* t, int length, float tau,
        float beta1, float oneMinusB1, float beta2, float oneMinusB2, float eps, float stepSize, float invSqrtBc2)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            int n = Vector512<float>.Count;
            Vector512<float> vb1 = Vector512.Create(beta1), vb1c = Vector512.Create(oneMinusB1);
            Vector512<float> vb2 = Vector512.Create(beta2), vb2c = Vector512.Create(oneMinusB2);
            Vector512<float> veps = Vector512.Create(eps), vstep = Vector512.Create(stepSize), vbc = Vector512.Create(invSqrtBc2);
            Vector512<float> vtau = Vector512.Create(tau), vkeep = Vector512.Create(1f - tau);
            for (; i <= length - n; i += n)
            {
                Vector512<float> gi = Vector512.Load(g + i);
                Vector512<float> mi = vb1 * Vector512.Load(m + i) + vb1c * gi;
                Vector512<float> vi = vb2 * Vector512.Load(v + i) + vb2c * (gi * gi);
                Vector512<float> denom = Vector512.Sqrt(vi) * vbc + veps;
                Vector512<float> pi = Vector512.Load(p + i) - vstep * mi / denom;
                mi.Store(m + i);
                vi.Store(v + i);
                pi.Store(p + i);
                if (t != null)
                {
                    Vector512.MultiplyAddEstimate(Vector512.Load(t + i), vkeep, pi * vtau).Store(t + i);
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            int n = Vector256<float>.Count;
            Vector256<float> vb1 = Vector256.Create(beta1), vb1c = Vector256.Create(oneMinusB1);
            Vector256<float> vb2 = Vector256.Create(beta2), vb2c = Vector256.Create(oneMinusB2);
            Vector256<float> veps = Vector256.Create(eps), vstep = Vector256.Create(stepSize), vbc = Vector256.Create(invSqrtBc2);
            Vector256<float> vtau = Vector256.Create(tau), vkeep = Vector256.Create(1f - tau);
            for (; i <= length - n; i += n)
            {
                Vector256<float> gi = Vector256.Load(g + i);
                Vector256<float> mi = vb1 * Vector256.Load(m + i) + vb1c * gi;
                Vector256<float> vi = vb2 * Vector256.Load(v + i) + vb2c * (gi * gi);
                Vector256<float> denom = Vector256.Sqrt(vi) * vbc + veps;
                Vector256<float> pi = Vector256.Load(p + i) - vstep * mi / denom;
                mi.Store(m + i);
                vi.Store(v + i);
                pi.Store(p + i);
                if (t != null)
                {
                    Vector256.MultiplyAddEstimate(Vector256.Load(t + i), vkeep, pi * vtau).Store(t + i);
                }
            }
        }
        return i;
    }
}
