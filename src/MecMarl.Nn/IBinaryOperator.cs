using System.Runtime.Intrinsics;

namespace MecMarl.Nn;

/// <summary>
/// A pure element-wise function d = f(x, y) at three widths, for <see cref="ElementwiseLoop.Binary{TOp}"/>
/// (the shape of TensorPrimitives' binary operators). The three methods must perform the same
/// operations so that every element rounds alike whichever path computes it.
/// </summary>
internal interface IBinaryOperator
{
    /// <summary>f on 16 lanes.</summary>
    static abstract Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);

    /// <summary>f on 8 lanes.</summary>
    static abstract Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);

    /// <summary>f on one element.</summary>
    static abstract float Invoke(float x, float y);
}
