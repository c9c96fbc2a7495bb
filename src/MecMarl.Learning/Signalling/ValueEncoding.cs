namespace MecMarl.Learning.Signalling;

/// <summary>How the values of a message's arrays are encoded (each value takes <see cref="MessageEncoder.ValueBytes"/> bytes).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The members name the encoded value types.")]
public enum ValueEncoding
{
    /// <summary>IEEE float32: 4 bytes per value (every number the simulator and the networks keep as float32 or reports as a measurement).</summary>
    Float32,

    /// <summary>IEEE float16: 2 bytes per value (<see cref="UploadQuantization.Float16"/> models).</summary>
    Float16,

    /// <summary>int8 codes, 1 byte per value, plus one float32 scale per array (<see cref="UploadQuantization.EightBit"/> models, one array per tensor).</summary>
    Int8,
}
