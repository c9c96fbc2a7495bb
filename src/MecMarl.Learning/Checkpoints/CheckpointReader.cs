using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace MecMarl.Learning;

/// <summary>
/// A checkpoint file read completely into memory and verified (magic, version, section table,
/// length, CRC-32) before any section is handed out; every problem raises a
/// <see cref="CheckpointException"/> naming it. Restoring into live objects goes through
/// <see cref="CheckpointRestore"/>, which validates everything before changing anything.
/// </summary>
public sealed class CheckpointReader
{
    private readonly Dictionary<string, (CheckpointElementType Type, long[] Shape, byte[] Payload)> _sections = new(StringComparer.Ordinal);

    private CheckpointReader(string source) => Source = source;

    /// <summary>Where the checkpoint came from (path or "memory"), for messages.</summary>
    public string Source { get; }

    /// <summary>Names of all sections, in file order.</summary>
    public IReadOnlyList<string> SectionNames { get; private set; } = [];

    /// <summary>Reads and verifies the file at <paramref name="path"/>.</summary>
    public static CheckpointReader Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new CheckpointException($"Checkpoint '{path}': cannot read the file: {e.Message}", e);
        }
        return Parse(bytes, path);
    }

    /// <summary>Verifies and parses a file image.</summary>
    public static CheckpointReader Parse(ReadOnlySpan<byte> file, string source = "memory")
    {
        var reader = new CheckpointReader(source);
        string where = $"Checkpoint '{source}'";
        ReadOnlySpan<byte> magic = CheckpointWriter.Magic;
        if (file.Length < magic.Length || !file[..magic.Length].SequenceEqual(magic))
        {
            throw new CheckpointException($"{where}: bad magic (not a MecMarl checkpoint).");
        }
        int pos = magic.Length;
        if (file.Length < pos + 8)
        {
            throw new CheckpointException($"{where}: file is truncated (header ends early).");
        }
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(file[pos..]);
        pos += 4;
        if (version != CheckpointWriter.FormatVersion)
        {
            throw new CheckpointException($"{where}: unsupported format version {version} (this build reads version {CheckpointWriter.FormatVersion}).");
        }
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(file[pos..]);
        pos += 4;
        var table = new List<(string Name, CheckpointElementType Type, long[] Shape, long Bytes)>();
        long payloadTotal = 0;
        for (uint s = 0; s < count; s++)
        {
            if (pos + 2 > file.Length)
            {
                throw new CheckpointException($"{where}: file is truncated (section table ends early).");
            }
            int nameLen = BinaryPrimitives.ReadUInt16LittleEndian(file[pos..]);
            pos += 2;
            if (pos + nameLen + 2 > file.Length)
            {
                throw new CheckpointException($"{where}: file is truncated (section table ends early).");
            }
            int namePos = pos;
            string name = Encoding.UTF8.GetString(file.Slice(pos, nameLen));
            pos += nameLen;
            if (!IsReadableName(name))
            {
                throw new CheckpointException($"{where}: section {s} at offset {namePos} has an unreadable name of {nameLen} bytes (file corrupted).");
            }
            var type = (CheckpointElementType)file[pos++];
            int rank = file[pos++];
            if (type is not (CheckpointElementType.Float32 or CheckpointElementType.Int64))
            {
                throw new CheckpointException($"{where}: section '{name}' has unknown element type {(byte)type} (file corrupted).");
            }
            if (pos + 8L * rank > file.Length)
            {
                throw new CheckpointException($"{where}: file is truncated (section table ends early).");
            }
            var shape = new long[rank];
            long elements = 1;
            for (int d = 0; d < rank; d++)
            {
                shape[d] = BinaryPrimitives.ReadInt64LittleEndian(file[pos..]);
                pos += 8;
                if (shape[d] < 0 || shape[d] > int.MaxValue || (elements *= shape[d]) > int.MaxValue)
                {
                    throw new CheckpointException($"{where}: section '{name}' has an invalid shape (file corrupted).");
                }
            }
            long sectionBytes = elements * (type == CheckpointElementType.Float32 ? 4 : 8);
            payloadTotal += sectionBytes;
            table.Add((name, type, shape, sectionBytes));
        }
        long expected = pos + payloadTotal + 4;
        if (file.Length < expected)
        {
            throw new CheckpointException($"{where}: file is truncated ({file.Length} bytes, the section table needs {expected}).");
        }
        if (file.Length > expected)
        {
            throw new CheckpointException($"{where}: {file.Length - expected} unexpected bytes after the last section (file corrupted).");
        }
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(file[^4..]);
        uint actual = Crc32.Compute(file[..^4]);
        if (stored != actual)
        {
            throw new CheckpointException($"{where}: checksum mismatch (stored CRC-32 {stored:X8}, computed {actual:X8}); the file is corrupted.");
        }
        var names = new List<string>();
        foreach (var (name, type, shape, sectionBytes) in table)
        {
            if (!reader._sections.TryAdd(name, (type, shape, file.Slice(pos, (int)sectionBytes).ToArray())))
            {
                throw new CheckpointException($"{where}: duplicate section '{name}'.");
            }
            names.Add(name);
            pos += (int)sectionBytes;
        }
        reader.SectionNames = names;
        return reader;
    }

    // Section names are short printable ASCII (e.g. "agent0.actor.params"); anything else is a damaged table.
    private static bool IsReadableName(string name) =>
        name.Length is > 0 and <= 256 && name.All(c => c is >= ' ' and <= '~');

    /// <summary>Whether a section exists.</summary>
    public bool Contains(string name) => _sections.ContainsKey(name);

    // A section as stored (type, shape, payload bytes), for copying it into another checkpoint.
    internal (CheckpointElementType Type, long[] Shape, byte[] Payload) Section(string name) =>
        _sections.TryGetValue(name, out var s) ? s : throw new CheckpointException($"Checkpoint '{Source}': missing section '{name}'.");

    /// <summary>The float32 section <paramref name="name"/>, which must have exactly <paramref name="shape"/>.</summary>
    public ReadOnlySpan<float> Floats(string name, params long[] shape) =>
        MemoryMarshal.Cast<byte, float>(Get(name, CheckpointElementType.Float32, shape));

    /// <summary>The int64 section <paramref name="name"/>, which must have exactly <paramref name="shape"/>.</summary>
    public ReadOnlySpan<long> Int64s(string name, params long[] shape) =>
        MemoryMarshal.Cast<byte, long>(Get(name, CheckpointElementType.Int64, shape));

    /// <summary>The stored shape of section <paramref name="name"/>.</summary>
    public IReadOnlyList<long> ShapeOf(string name) =>
        _sections.TryGetValue(name, out var s) ? s.Shape : throw new CheckpointException($"Checkpoint '{Source}': missing section '{name}'.");

    private ReadOnlySpan<byte> Get(string name, CheckpointElementType type, long[] shape)
    {
        if (!_sections.TryGetValue(name, out var s))
        {
            throw new CheckpointException($"Checkpoint '{Source}': missing section '{name}'.");
        }
        if (s.Type != type)
        {
            throw new CheckpointException($"Checkpoint '{Source}': section '{name}' holds {s.Type}, expected {type}.");
        }
        if (!s.Shape.AsSpan().SequenceEqual(shape))
        {
            throw new CheckpointException(
                $"Checkpoint '{Source}': section '{name}' has shape [{string.Join(", ", s.Shape)}], expected [{string.Join(", ", shape)}].");
        }
        return s.Payload;
    }
}
