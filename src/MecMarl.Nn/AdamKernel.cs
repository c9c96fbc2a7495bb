using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MecMarl.Nn;

/// <summary>
/// One fused pass of the Adam update over four equally long spans (TensorPrimitives has no fused
/// Adam; doing it op by op would read and write each array several times), as an
/// <see cref="IElementwiseKernel"/> run by <see cref="ElementwiseLoop"/>. Per element, in the order of
/// PyTorch 1.13's single-tensor Adam:
/// m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= stepSize * m / (sqrt(v) / sqrt(bc2) + eps),
/// with stepSize = lr / bc1. No fused multiply-add, so the vector and scalar steps round alike.
/// The steps address the arrays through pinned pointers (no per-vector slicing), which nearly
/// halves the time: the pass is bound by the square root and the division, not by memory.
/// The coefficients are broadcast to vectors once, in the constructor: the JIT does not hoist a
/// broadcast out of the loop by itself (on x64 Unix it keeps cheap floating-point expressions in
/// the loop), and seven broadcasts per step would sit beside the square root and division.
/// </summary>
internal readonly unsafe struct AdamKernel : IElementwiseKernel
{
    private readonly float* _p, _g, _m, _v, _t;
    private readonly float _beta1, _oneMinusB1, _beta2, _oneMinusB2, _eps, _stepSize, _invSqrtBc2, _tau, _keep;
    private readonly Vector512<float> _beta1x16, _oneMinusB1x16, _beta2x16, _oneMinusB2x16, _epsx16, _stepSizex16, _invSqrtBc2x16, _taux16, _keepx16;
    private readonly Vector256<float> _beta1x8, _oneMinusB1x8, _beta2x8, _oneMinusB2x8, _epsx8, _stepSizex8, _invSqrtBc2x8, _taux8, _keepx8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private AdamKernel(float* p, float* g, float* m, float* v, float* t, float tau,
        float beta1, float oneMinusB1, float beta2, float oneMinusB2, float eps, float stepSize, float invSqrtBc2)
    {
        _p = p;
        _g = g;
        _m = m;
        _v = v;
        _t = t;
        _tau = tau;
        _keep = 1f - tau;
        _beta1 = beta1;
        _oneMinusB1 = oneMinusB1;
        _beta2 = beta2;
        _oneMinusB2 = oneMinusB2;
        _eps = eps;
        _stepSize = stepSize;
        _invSqrtBc2 = invSqrtBc2;
        _beta1x16 = Vector512.Create(beta1);
        _oneMinusB1x16 = Vector512.Create(oneMinusB1);
        _beta2x16 = Vector512.Create(beta2);
        _oneMinusB2x16 = Vector512.Create(oneMinusB2);
        _epsx16 = Vector512.Create(eps);
        _stepSizex16 = Vector512.Create(stepSize);
        _invSqrtBc2x16 = Vector512.Create(invSqrtBc2);
        _taux16 = Vector512.Create(tau);
        _keepx16 = Vector512.Create(_keep);
        _beta1x8 = Vector256.Create(beta1);
        _oneMinusB1x8 = Vector256.Create(oneMinusB1);
        _beta2x8 = Vector256.Create(beta2);
        _oneMinusB2x8 = Vector256.Create(oneMinusB2);
        _epsx8 = Vector256.Create(eps);
        _stepSizex8 = Vector256.Create(stepSize);
        _invSqrtBc2x8 = Vector256.Create(invSqrtBc2);
        _taux8 = Vector256.Create(tau);
        _keepx8 = Vector256.Create(_keep);
    }

    /// <summary>Updates <paramref name="p"/>, <paramref name="m"/> and <paramref name="v"/> in place from gradient <paramref name="g"/>.</summary>
    public static void Apply(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v,
        float beta1, float oneMinusB1, float beta2, float oneMinusB2, float eps, float stepSize, float invSqrtBc2,
        VectorWidth width = VectorWidth.Widest) =>
        Run(p, g, m, v, default, 0f, beta1, oneMinusB1, beta2, oneMinusB2, eps, stepSize, invSqrtBc2, width);

    /// <summary>
    /// <see cref="Apply"/> followed, in the same pass, by the soft target update
    /// t = t * (1 - tau) + p * tau of each updated parameter p, written as <c>TensorPrimitives.Lerp</c>
    /// writes it (MultiplyAddEstimate(t, 1 - tau, p * tau), fused where the hardware has FMA), so the
    /// result equals <see cref="ParameterOps.SoftUpdate"/> after <see cref="Apply"/> bit for bit;
    /// every array is read and written once instead of twice.
    /// </summary>
    public static void ApplyWithSoftUpdate(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> t, float tau,
        float beta1, float oneMinusB1, float beta2, float oneMinusB2, float eps, float stepSize, float invSqrtBc2,
        VectorWidth width = VectorWidth.Widest)
    {
        if (t.Length != p.Length)
        {
            throw new ArgumentException("Adam spans differ in length.");
        }
        Run(p, g, m, v, t, tau, beta1, oneMinusB1, beta2, oneMinusB2, eps, stepSize, invSqrtBc2, width);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step512(int i)
    {
        Vector512<float> gi = Vector512.Load(_g + i);
        Vector512<float> mi = _beta1x16 * Vector512.Load(_m + i) + _oneMinusB1x16 * gi;
        Vector512<float> vi = _beta2x16 * Vector512.Load(_v + i) + _oneMinusB2x16 * (gi * gi);
        Vector512<float> denom = Vector512.Sqrt(vi) * _invSqrtBc2x16 + _epsx16;
        Vector512<float> pi = Vector512.Load(_p + i) - _stepSizex16 * mi / denom;
        mi.Store(_m + i);
        vi.Store(_v + i);
        pi.Store(_p + i);
        if (_t != null)
        {
            Vector512.MultiplyAddEstimate(Vector512.Load(_t + i), _keepx16, pi * _taux16).Store(_t + i);
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step256(int i)
    {
        Vector256<float> gi = Vector256.Load(_g + i);
        Vector256<float> mi = _beta1x8 * Vector256.Load(_m + i) + _oneMinusB1x8 * gi;
        Vector256<float> vi = _beta2x8 * Vector256.Load(_v + i) + _oneMinusB2x8 * (gi * gi);
        Vector256<float> denom = Vector256.Sqrt(vi) * _invSqrtBc2x8 + _epsx8;
        Vector256<float> pi = Vector256.Load(_p + i) - _stepSizex8 * mi / denom;
        mi.Store(_m + i);
        vi.Store(_v + i);
        pi.Store(_p + i);
        if (_t != null)
        {
            Vector256.MultiplyAddEstimate(Vector256.Load(_t + i), _keepx8, pi * _taux8).Store(_t + i);
        }
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(int i)
    {
        float gi = _g[i];
        float mi = _beta1 * _m[i] + _oneMinusB1 * gi;
        float vi = _beta2 * _v[i] + _oneMinusB2 * (gi * gi);
        float denom = MathF.Sqrt(vi) * _invSqrtBc2 + _eps;
        _m[i] = mi;
        _v[i] = vi;
        float pi = _p[i] - _stepSize * mi / denom;
        _p[i] = pi;
        if (_t != null)
        {
            _t[i] = float.MultiplyAddEstimate(_t[i], _keep, pi * _tau);
        }
    }

    // The pass of Apply, with the soft update of t when t is not empty.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> t, float tau,
        float beta1, float oneMinusB1, float beta2, float oneMinusB2, float eps, float stepSize, float invSqrtBc2, VectorWidth width)
    {
        if (g.Length != p.Length || m.Length != p.Length || v.Length != p.Length)
        {
            throw new ArgumentException("Adam spans differ in length.");
        }
        fixed (float* pp = p, pg = g, pm = m, pv = v, pt = t)
        {
            var kernel = new AdamKernel(pp, pg, pm, pv, t.IsEmpty ? null : pt, tau, beta1, oneMinusB1, beta2, oneMinusB2, eps, stepSize, invSqrtBc2);
            ElementwiseLoop.Run(kernel, p.Length, width);
        }
    }
}
