using System.Buffers.Binary;
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

    /// <summary>
    /// The bytes of <paramref name="parameters"/> (a network of <paramref name="shape"/>) as a message
    /// carries them under <paramref name="quantization"/>, little-endian, tensor by tensor in
    /// <see cref="NetworkShape"/> order: float32 (4 bytes per value), float16 (2 bytes per value), or
    /// int8 (per tensor its float32 scale, then one code byte per value). These are the sizes of
    /// docs/overhead.md (<c>MessageEncoder</c>); <see cref="Decode"/> gives exactly the values of
    /// <see cref="RoundTrip"/>.
    /// </summary>
    public static byte[] Encode(ReadOnlySpan<float> parameters, NetworkShape shape, UploadQuantization quantization)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (parameters.Length != shape.ParameterCount)
        {
            throw new ArgumentException($"Expected {shape.ParameterCount} parameters, found {parameters.Length}.", nameof(parameters));
        }
        var bytes = new byte[EncodedBytes(shape, quantization)];
        int at = 0;
        foreach ((int offset, int length) in Tensors(shape))
        {
            ReadOnlySpan<float> tensor = parameters.Slice(offset, length);
            switch (quantization)
            {
                case UploadQuantization.None:
                    foreach (float x in tensor)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), x);
                        at += 4;
                    }
                    break;
                case UploadQuantization.Float16:
                    foreach (float x in tensor)
                    {
                        BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(at), (Half)x);
                        at += 2;
                    }
                    break;
                case UploadQuantization.EightBit:
                    float scale = Int8Scale(tensor);
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), scale);
                    at += 4;
                    foreach (float x in tensor)
                    {
                        bytes[at++] = (byte)(scale == 0 ? (sbyte)0 : Int8Code(x, scale));
                    }
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(quantization), quantization, "Unknown quantization.");
            }
        }
        return bytes;
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote into <paramref name="parameters"/> (a network of <paramref name="shape"/>).</summary>
    public static void Decode(ReadOnlySpan<byte> bytes, NetworkShape shape, UploadQuantization quantization, Span<float> parameters)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (parameters.Length != shape.ParameterCount || bytes.Length != EncodedBytes(shape, quantization))
        {
            throw new ArgumentException($"Expected {shape.ParameterCount} parameters in {EncodedBytes(shape, quantization)} bytes, found {parameters.Length} in {bytes.Length}.", nameof(bytes));
        }
        int at = 0;
        foreach ((int offset, int length) in Tensors(shape))
        {
            Span<float> tensor = parameters.Slice(offset, length);
            switch (quantization)
            {
                case UploadQuantization.None:
                    for (int i = 0; i < tensor.Length; i++, at += 4)
                    {
                        tensor[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[at..]);
                    }
                    break;
                case UploadQuantization.Float16:
                    for (int i = 0; i < tensor.Length; i++, at += 2)
                    {
                        tensor[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[at..]);
                    }
                    break;
                default:
                    float scale = BinaryPrimitives.ReadSingleLittleEndian(bytes[at..]);
                    at += 4;
                    for (int i = 0; i < tensor.Length; i++)
                    {
                        sbyte code = (sbyte)bytes[at++];
                        tensor[i] = scale == 0 ? 0f : code * scale;
                    }
                    break;
            }
        }
    }

    /// <summary>Bytes of a network of <paramref name="shape"/> encoded with <paramref name="quantization"/> (<see cref="Encode"/>).</summary>
    public static int EncodedBytes(NetworkShape shape, UploadQuantization quantization)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return quantization switch
        {
            UploadQuantization.None => 4 * shape.ParameterCount,
            UploadQuantization.Float16 => 2 * shape.ParameterCount,
            UploadQuantization.EightBit => shape.ParameterCount + 4 * 2 * shape.LayerCount,
            _ => throw new ArgumentOutOfRangeException(nameof(quantization), quantization, "Unknown quantization."),
        };
    }

    // The tensors of a network, layer by layer: weight matrix, then bias vector (offset, length).
    private static IEnumerable<(int Offset, int Length)> Tensors(NetworkShape shape)
    {
        for (int l = 0; l < shape.LayerCount; l++)
        {
            yield return (shape.WeightOffset(l), shape.FanIn(l) * shape.FanOut(l));
            yield return (shape.BiasOffset(l), shape.FanOut(l));
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
