namespace MecMarl.Learning;

/// <summary>How an uploaded (and broadcast) model is encoded; the average is computed from the decoded values.</summary>
public enum UploadQuantization
{
    /// <summary>float32, exact (paper).</summary>
    None,

    /// <summary>IEEE 754 half precision, round to nearest even.</summary>
    Float16,

    /// <summary>Symmetric int8 per tensor (each weight matrix, each bias vector): scale s = max|x| / 127 (float32), q = round(x / s) in [-127, 127], decoded as q s.</summary>
    EightBit,
}
