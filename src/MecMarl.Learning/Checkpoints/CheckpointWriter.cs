using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace MecMarl.Learning;

/// <summary>
/// Collects named sections (float32 or int64 arrays with a shape) and writes them as one
/// checkpoint file in the format of docs/checkpoint-format.md: magic "MECMARLC", format version,
/// section table (name, type, shape), payloads, CRC-32. <see cref="Save"/> writes a temporary file
/// next to the target, flushes it and renames it over the target, so a crash never leaves a
/// half-written checkpoint under the final name.
/// </summary>
public sealed class CheckpointWriter
{
    /// <summary>File magic, 8 ASCII bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "MECMARLC"u8;

    /// <summary>Current format version.</summary>
    public const uint FormatVersion = 1;

    private readonly List<(string Name, CheckpointElementType Type, long[] Shape, Payload Payload)> _sections = [];

    // A section's bytes: a private copy, or the first Count elements of a caller's float array.
    private readonly record struct Payload(byte[]? Copy, float[]? Floats, int Count)
    {
        public ReadOnlySpan<byte> Bytes => Copy ?? MemoryMarshal.AsBytes(Floats.AsSpan(0, Count));
    }

    /// <summary>Adds a float32 section (copied); the shape's product must equal the data length.</summary>
    public void AddFloats(string name, ReadOnlySpan<float> data, params long[] shape)
    {
        Check(name, shape, data.Length);
        _sections.Add((name, CheckpointElementType.Float32, [.. shape], new Payload(MemoryMarshal.AsBytes(data).ToArray(), null, 0)));
    }

    /// <summary>
    /// Adds a float32 section holding <c>source[0..count)</c> without copying it (for large arrays such
    /// as replay buffers): the caller leaves those elements unchanged until the checkpoint is written.
    /// </summary>
    public void AddFloatsByReference(string name, float[] source, int count, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, source.Length);
        Check(name, shape, count);
        _sections.Add((name, CheckpointElementType.Float32, [.. shape], new Payload(null, source, count)));
    }

    /// <summary>Adds an int64 section; the shape's product must equal the data length.</summary>
    public void AddInt64s(string name, ReadOnlySpan<long> data, params long[] shape)
    {
        Check(name, shape, data.Length);
        _sections.Add((name, CheckpointElementType.Int64, [.. shape], new Payload(MemoryMarshal.AsBytes(data).ToArray(), null, 0)));
    }

    /// <summary>
    /// Adds section <paramref name="name"/> of <paramref name="source"/> as it is stored there (type,
    /// shape and bytes): a checkpoint assembled from parts written elsewhere (each agent of a federated
    /// training on a cluster saves its own sections) is byte for byte the one written in one piece.
    /// </summary>
    public void AddSection(CheckpointReader source, string name)
    {
        ArgumentNullException.ThrowIfNull(source);
        (CheckpointElementType type, long[] shape, byte[] payload) = source.Section(name);
        Check(name, shape, payload.Length / (type == CheckpointElementType.Float32 ? 4 : 8));
        _sections.Add((name, type, [.. shape], new Payload(payload, null, 0)));
    }

    /// <summary>Adds every section of <paramref name="source"/>, in its order (<see cref="AddSection"/>).</summary>
    public void AddSections(CheckpointReader source)
    {
        ArgumentNullException.ThrowIfNull(source);
        foreach (string name in source.SectionNames)
        {
            AddSection(source, name);
        }
    }

    private void Check(string name, long[] shape, int length)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Checkpoints are written on little-endian machines only.");
        }
        if (_sections.Any(s => s.Name == name))
        {
            throw new ArgumentException($"Duplicate checkpoint section '{name}'.", nameof(name));
        }
        long product = 1;
        foreach (long d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d);
            product *= d;
        }
        if (product != length)
        {
            throw new ArgumentException($"Section '{name}': shape [{string.Join(", ", shape)}] does not match {length} elements.");
        }
    }

    /// <summary>The complete file image.</summary>
    public byte[] ToBytes()
    {
        using var ms = new MemoryStream();
        WriteTo(ms);
        return ms.ToArray();
    }

    /// <summary>Writes the file image to <paramref name="stream"/>: header, payloads, then the CRC-32 of everything before it.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var crc = new System.IO.Hashing.Crc32();
        void Put(ReadOnlySpan<byte> bytes)
        {
            crc.Append(bytes);
            stream.Write(bytes);
        }
        using var header = new MemoryStream();
        using (var w = new BinaryWriter(header, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write((uint)_sections.Count);
            foreach (var s in _sections)
            {
                byte[] name = Encoding.UTF8.GetBytes(s.Name);
                w.Write((ushort)name.Length);
                w.Write(name);
                w.Write((byte)s.Type);
                w.Write((byte)s.Shape.Length);
                foreach (long d in s.Shape)
                {
                    w.Write(d);
                }
            }
        }
        Put(header.GetBuffer().AsSpan(0, (int)header.Length));
        foreach (var s in _sections)
        {
            Put(s.Payload.Bytes);
        }
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(tail, crc.GetCurrentHashAsUInt32());
        stream.Write(tail);
    }

    /// <summary>Writes the checkpoint atomically (temporary file, flush, rename over <paramref name="path"/>).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string tmp = full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                WriteTo(fs);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }
}
