using MecMarl.Nn;

namespace MecMarl.Learning;

/// <summary>
/// Encoding of the models federated schemes exchange (<see cref="FedAvgAggregation.Quantization"/>):
/// what a receiver gets is the decoded value, which this class computes in place. Tensors are the
/// network's weight matrices and bias vectors, layer by layer (<see cref="NetworkShape"/>).
/// </summary>
public static class ModelQuantization
{
    /// <summary>Largest int8 code used; codes are symmetric in [-127, 127].</summary>
    public const int Int8Levels = 127;

    /// <summary>Replaces every tensor of <paramref name="parameters"/> (a network of <paramref name="shape"/>) by its encoded-then-decoded value.</summary>
    public static void RoundTrip(Span<float> parameters, NetworkShape shape, UploadQuantization quantization)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (parameters.Length != shape.ParameterCount)
        {
            throw new ArgumentException($"Expected {shape.ParameterCount} parameters, found {parameters.Length}.", nameof(parameters));
        }
        if (quantization == UploadQuantization.None)
        {
            return;
        }
        for (int l = 0; l < shape.LayerCount; l++)
        {
            RoundTripTensor(parameters.Slice(shape.WeightOffset(l), shape.FanIn(l) * shape.FanOut(l)), quantization);
            RoundTripTensor(parameters.Slice(shape.BiasOffset(l), shape.FanOut(l)), quantization);
        }
    }

    /// <summary>
    /// One tensor encoded and decoded in place: float16 rounds each value to the nearest half
    /// (ties to even); int8 uses the scale s = max|x| / 127 in float32, codes q = round(x / s)
    /// (ties to even) clamped to [-127, 127], and decodes q s (an all-zero tensor stays zero).
    /// </summary>
    public static void RoundTripTensor(Span<float> tensor, UploadQuantization quantization)
    {
        switch (quantization)
        {
            case UploadQuantization.None:
                return;
            case UploadQuantization.Float16:
                for (int i = 0; i < tensor.Length; i++)
                {
                    tensor[i] = (float)(Half)tensor[i];
                }
                return;
            case UploadQuantization.EightBit:
                float scale = Int8Scale(tensor);
                for (int i = 0; i < tensor.Length; i++)
                {
                    tensor[i] = scale == 0 ? 0f : Int8Code(tensor[i], scale) * scale;
                }
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(quantization), quantization, "Unknown quantization.");
        }
    }

    /// <summary>The int8 scale of a tensor: max |x| / 127 (float32), 0 for an all-zero tensor.</summary>
    public static float Int8Scale(ReadOnlySpan<float> tensor)
    {
        float max = 0;
        foreach (float x in tensor)
        {
            max = Math.Max(max, Math.Abs(x));
        }
        return max / Int8Levels;
    }

    /// <summary>The int8 code of <paramref name="x"/> under <paramref name="scale"/> (> 0): round(x / scale) clamped to [-127, 127].</summary>
    public static sbyte Int8Code(float x, float scale) =>
        (sbyte)Math.Clamp(MathF.Round(x / scale, MidpointRounding.ToEven), -Int8Levels, Int8Levels);
}
