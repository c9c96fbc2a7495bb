using MecMarl.Nn;

namespace MecMarl.Learning.Signalling;

/// <summary>
/// One signalling message as the code would send it: its kind and the arrays of values it carries,
/// in order (a model message carries one flat parameter array per network; an experience message
/// the observation, the action and the reward). Its encoded size is
/// <see cref="MessageEncoder.EncodedBytes"/>: the values of every array in the message's
/// <see cref="Encoding"/>, plus the per-message header (docs/overhead.md).
/// </summary>
public sealed class SignallingMessage
{
    private readonly int[] _arrays;

    private SignallingMessage(MessageKind kind, int[] arrays, ValueEncoding encoding)
    {
        if (arrays.Any(n => n < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(arrays), "Array lengths must be non-negative.");
        }
        Kind = kind;
        _arrays = arrays;
        Encoding = encoding;
    }

    /// <summary>What the message carries.</summary>
    public MessageKind Kind { get; }

    /// <summary>The number of values of each array the message carries, in order.</summary>
    public IReadOnlyList<int> Arrays => _arrays;

    /// <summary>How the values are encoded.</summary>
    public ValueEncoding Encoding { get; }

    /// <summary>Values carried, over all arrays.</summary>
    public long Values => _arrays.Sum(n => (long)n);

    /// <summary>A model message (<see cref="MessageKind.ModelUpload"/> or <see cref="MessageKind.ModelBroadcast"/>) carrying the parameter arrays of <paramref name="networks"/>, as they are.</summary>
    public static SignallingMessage Model(MessageKind kind, IEnumerable<DenseNetwork> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        return Model(kind, networks.Select(n => n.Shape));
    }

    /// <summary>A model message carrying one parameter array per network of the given shapes (<see cref="NetworkShape.ParameterCount"/> values each).</summary>
    public static SignallingMessage Model(MessageKind kind, IEnumerable<NetworkShape> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        return ModelArrays(kind, shapes.Select(s => s.ParameterCount));
    }

    /// <summary>A float32 model message carrying parameter arrays of the given lengths (a federated PPO round: the policy network, the log-std vector, the value network).</summary>
    public static SignallingMessage ModelArrays(MessageKind kind, IEnumerable<int> lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        if (kind is not (MessageKind.ModelUpload or MessageKind.ModelBroadcast))
        {
            throw new ArgumentException($"{kind} is not a model message.", nameof(kind));
        }
        return new(kind, [.. lengths], ValueEncoding.Float32);
    }

    /// <summary>
    /// A model message in the encoding of <paramref name="quantization"/> (a federated variant's
    /// uploads and broadcasts): float32 or float16, one array per network; int8, one array per
    /// tensor (each layer's weight matrix and bias vector), since each tensor carries its own scale.
    /// </summary>
    public static SignallingMessage Model(MessageKind kind, IEnumerable<NetworkShape> shapes, UploadQuantization quantization)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        SignallingMessage plain = Model(kind, shapes);
        return quantization switch
        {
            UploadQuantization.None => plain,
            UploadQuantization.Float16 => new(kind, [.. plain._arrays], ValueEncoding.Float16),
            UploadQuantization.EightBit => new(kind, [.. shapes.SelectMany(s => Enumerable.Range(0, s.LayerCount)
                .SelectMany(l => new[] { s.FanIn(l) * s.FanOut(l), s.FanOut(l) }))], ValueEncoding.Int8),
            _ => throw new ArgumentOutOfRangeException(nameof(quantization), quantization, "unknown quantization"),
        };
    }

    /// <summary>An <see cref="MessageKind.Experience"/> message: an observation of <paramref name="observationWidth"/> values, an action of <paramref name="actionWidth"/> and <paramref name="rewards"/> reward values (0 or 1).</summary>
    public static SignallingMessage Experience(int observationWidth, int actionWidth, int rewards) =>
        new(MessageKind.Experience, [observationWidth, actionWidth, rewards], ValueEncoding.Float32);

    /// <summary>A <see cref="MessageKind.FinalObservation"/> message of one observation.</summary>
    public static SignallingMessage FinalObservation(int observationWidth) =>
        new(MessageKind.FinalObservation, [observationWidth], ValueEncoding.Float32);

    /// <summary>A <see cref="MessageKind.RelayedExperience"/> message: the observations and actions of the given widths (one pair per other SBS, in agent order) and <paramref name="rewards"/> learned-reward values.</summary>
    public static SignallingMessage RelayedExperience(IEnumerable<(int Observation, int Action)> others, int rewards)
    {
        ArgumentNullException.ThrowIfNull(others);
        return new(MessageKind.RelayedExperience, [.. others.SelectMany(o => new[] { o.Observation, o.Action }), rewards], ValueEncoding.Float32);
    }

    /// <summary>A <see cref="MessageKind.RelayedFinalObservations"/> message: one observation of each given width.</summary>
    public static SignallingMessage RelayedFinalObservations(IEnumerable<int> observationWidths)
    {
        ArgumentNullException.ThrowIfNull(observationWidths);
        return new(MessageKind.RelayedFinalObservations, [.. observationWidths], ValueEncoding.Float32);
    }

    /// <summary>A <see cref="MessageKind.ChannelStateReport"/>: <paramref name="gains"/> gain values and <paramref name="taskValues"/> task values.</summary>
    public static SignallingMessage ChannelStateReport(int gains, int taskValues) =>
        new(MessageKind.ChannelStateReport, [gains, taskValues], ValueEncoding.Float32);

    /// <summary>A <see cref="MessageKind.LargeScaleGainReport"/> of <paramref name="gains"/> values.</summary>
    public static SignallingMessage LargeScaleGainReport(int gains) =>
        new(MessageKind.LargeScaleGainReport, [gains], ValueEncoding.Float32);

    /// <summary>A <see cref="MessageKind.Decisions"/> message for <paramref name="ues"/> UEs, <paramref name="valuesPerUe"/> values each.</summary>
    public static SignallingMessage Decisions(int ues, int valuesPerUe) =>
        new(MessageKind.Decisions, [checked(ues * valuesPerUe)], ValueEncoding.Float32);

    /// <inheritdoc />
    public override string ToString() => $"{Kind} [{string.Join(", ", _arrays)}] {Encoding}";
}
