namespace MecMarl.Learning.Signalling;

/// <summary>
/// The encoded size of a <see cref="SignallingMessage"/> (docs/overhead.md): every value of every
/// array in the message's <see cref="ValueEncoding"/> (float32: 4 bytes, float16: 2, int8: 1 plus a
/// float32 scale per array), plus
/// <see cref="HeaderBytes"/> once per message (addressing, framing, lengths; 0 counts payload only).
/// Array lengths are not sent: both ends know the network shapes and vector widths of the run.
/// </summary>
/// <param name="HeaderBytes">Bytes added to every message, >= 0 (config <c>signalling.headerBytes</c>).</param>
public sealed record MessageEncoder(int HeaderBytes)
{
    /// <summary>Bytes of one value in <paramref name="encoding"/>.</summary>
    public static int ValueBytes(ValueEncoding encoding) => encoding switch
    {
        ValueEncoding.Float32 => 4,
        ValueEncoding.Float16 => 2,
        ValueEncoding.Int8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "unknown value encoding"),
    };

    /// <summary>Bytes of <paramref name="message"/> on the wire: header plus payload.</summary>
    public long EncodedBytes(SignallingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfNegative(HeaderBytes);
        return HeaderBytes + PayloadBytes(message);
    }

    /// <summary>Bytes of <paramref name="message"/>'s values alone (no header).</summary>
    public static long PayloadBytes(SignallingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        // An int8 array carries its float32 scale (ModelQuantization).
        long scales = message.Encoding == ValueEncoding.Int8 ? message.Arrays.Count * (long)ValueBytes(ValueEncoding.Float32) : 0;
        return message.Values * ValueBytes(message.Encoding) + scales;
    }
}
