using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MecMarl.Nn;

/// <summary>
/// The one loop of every element-wise kernel in MecMarl.Nn, as System.Numerics.Tensors'
/// TensorPrimitives writes its loops once over operator structs: Vector512 steps over the whole
/// vectors when Vector512 is hardware accelerated, else Vector256 steps when that is, then scalar
/// steps over the remaining elements. The kernel or operator is a struct type parameter, so the JIT
/// compiles one specialised copy of the loop per kernel with the steps inlined.
/// <see cref="Unary{TOp}"/> and <see cref="Binary{TOp}"/> add the loads and stores for pure
/// functions of one or two spans; kernels with state or several outputs (<see cref="AdamKernel"/>,
/// <see cref="ColumnSumKernel"/>) implement <see cref="IElementwiseKernel"/> and call
/// <see cref="Run{TKernel}"/> directly.
/// </summary>
internal static unsafe class ElementwiseLoop
{
    /// <summary>
    /// Calls <paramref name="kernel"/>'s steps for indices 0 .. <paramref name="length"/> - 1: whole
    /// vectors of the width <paramref name="width"/> selects, then one element at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<TKernel>(TKernel kernel, int length, VectorWidth width = VectorWidth.Widest)
        where TKernel : struct, IElementwiseKernel
    {
        int i = 0;
        if (width == VectorWidth.Widest ? Vector512.IsHardwareAccelerated : width == VectorWidth.Vector512)
        {
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                kernel.Step512(i);
            }
        }
        else if (width == VectorWidth.Widest ? Vector256.IsHardwareAccelerated : width == VectorWidth.Vector256)
        {
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                kernel.Step256(i);
            }
        }
        for (; i < length; i++)
        {
            kernel.Step(i);
        }
    }

    /// <summary>y[i] = TOp(x[i]); <paramref name="y"/> may be <paramref name="x"/> itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unary<TOp>(ReadOnlySpan<float> x, Span<float> y, VectorWidth width = VectorWidth.Widest)
        where TOp : struct, IUnaryOperator
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("Input and output lengths differ.");
        }
        fixed (float* px = x, py = y)
        {
            Run(new UnaryKernel<TOp>(px, py), x.Length, width);
        }
    }

    /// <summary>
    /// d[i] = TOp(x[i], y[i]); <paramref name="destination"/> may be <paramref name="x"/> or
    /// <paramref name="y"/> itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Binary<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination, VectorWidth width = VectorWidth.Widest)
        where TOp : struct, IBinaryOperator
    {
        if (x.Length != y.Length || destination.Length != x.Length)
        {
            throw new ArgumentException("Input and output lengths differ.");
        }
        fixed (float* px = x, py = y, pd = destination)
        {
            Run(new BinaryKernel<TOp>(px, py, pd), x.Length, width);
        }
    }

    /// <summary>Loads x, applies TOp, stores y.</summary>
    private readonly struct UnaryKernel<TOp> : IElementwiseKernel
        where TOp : struct, IUnaryOperator
    {
        private readonly float* _x;
        private readonly float* _y;

        public UnaryKernel(float* x, float* y)
        {
            _x = x;
            _y = y;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int i) => TOp.Invoke(Vector512.Load(_x + i)).Store(_y + i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int i) => TOp.Invoke(Vector256.Load(_x + i)).Store(_y + i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step(int i) => _y[i] = TOp.Invoke(_x[i]);
    }

    /// <summary>Loads x and y, applies TOp, stores d.</summary>
    private readonly struct BinaryKernel<TOp> : IElementwiseKernel
        where TOp : struct, IBinaryOperator
    {
        private readonly float* _x;
        private readonly float* _y;
        private readonly float* _d;

        public BinaryKernel(float* x, float* y, float* d)
        {
            _x = x;
            _y = y;
            _d = d;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step512(int i) => TOp.Invoke(Vector512.Load(_x + i), Vector512.Load(_y + i)).Store(_d + i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step256(int i) => TOp.Invoke(Vector256.Load(_x + i), Vector256.Load(_y + i)).Store(_d + i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step(int i) => _d[i] = TOp.Invoke(_x[i], _y[i]);
    }
}
