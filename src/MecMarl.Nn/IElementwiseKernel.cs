namespace MecMarl.Nn;

/// <summary>
/// One step of an element-wise pass at index i over arrays the kernel holds (pinned pointers and
/// scalars in its fields), at three widths. <see cref="ElementwiseLoop.Run{TKernel}"/> drives it:
/// Vector512 or Vector256 steps over the whole vectors, then scalar steps over the tail. A kernel
/// whose vector and scalar steps perform the same operations in the same order gives the same
/// floats on every path and for every tail length.
/// </summary>
internal interface IElementwiseKernel
{
    /// <summary>Processes elements i .. i + <c>Vector512&lt;float&gt;.Count</c> - 1.</summary>
    void Step512(int i);

    /// <summary>Processes elements i .. i + <c>Vector256&lt;float&gt;.Count</c> - 1.</summary>
    void Step256(int i);

    /// <summary>Processes element i.</summary>
    void Step(int i);
}
