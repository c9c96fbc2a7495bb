namespace MecMarl.Learning;

/// <summary>Element type of a checkpoint section.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The members name the stored element types of docs/checkpoint-format.md.")]
public enum CheckpointElementType : byte
{
    /// <summary>IEEE 754 single, little-endian.</summary>
    Float32 = 1,

    /// <summary>Two's-complement 64-bit integer, little-endian.</summary>
    Int64 = 2,
}
