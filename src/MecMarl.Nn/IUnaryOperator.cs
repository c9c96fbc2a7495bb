using System.Runtime.Intrinsics;

namespace MecMarl.Nn;

/// <summary>
/// A pure element-wise function y = f(x) at three widths, for <see cref="ElementwiseLoop.Unary{TOp}"/>
/// (the shape of TensorPrimitives' unary operators). The three methods must perform the same
/// operations so that every element rounds alike whichever path computes it.
/// </summary>
internal interface IUnaryOperator
{
    /// <summary>f on 16 lanes.</summary>
    static abstract Vector512<float> Invoke(Vector512<float> x);

    /// <summary>f on 8 lanes.</summary>
    static abstract Vector256<float> Invoke(Vector256<float> x);

    /// <summary>f on one element.</summary>
    static abstract float Invoke(float x);
}
