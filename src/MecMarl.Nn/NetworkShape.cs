namespace MecMarl.Nn;

/// <summary>
/// Layer sizes and activations of a dense network: <c>Sizes[0]</c> inputs, then one
/// <c>Sizes[l + 1]</c>-wide layer with activation <c>Activations[l]</c> per layer l.
/// Also the layout of the contiguous parameter vector: for each layer in order, its weights
/// W_l as a row-major [in, out] matrix (y = x W_l + b_l), then its bias b_l [out].
/// </summary>
public sealed class NetworkShape : IEquatable<NetworkShape>
{
    private readonly int[] _sizes;
    private readonly Activation[] _activations;
    private readonly int[] _weightOffsets;
    private readonly int[] _biasOffsets;

    /// <summary>Creates a shape from sizes (inputs first) and one activation per layer.</summary>
    public NetworkShape(IReadOnlyList<int> sizes, IReadOnlyList<Activation> activations)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(activations);
        if (sizes.Count < 2 || activations.Count != sizes.Count - 1)
        {
            throw new ArgumentException("A network needs at least one layer and one activation per layer.");
        }
        _sizes = [.. sizes];
        _activations = [.. activations];
        if (_sizes.Any(s => s <= 0))
        {
            throw new ArgumentException("Layer sizes must be positive.", nameof(sizes));
        }
        _weightOffsets = new int[LayerCount];
        _biasOffsets = new int[LayerCount];
        long offset = 0;
        for (int l = 0; l < LayerCount; l++)
        {
            _weightOffsets[l] = (int)offset;
            offset += (long)_sizes[l] * _sizes[l + 1];
            _biasOffsets[l] = (int)offset;
            offset += _sizes[l + 1];
            if (offset > int.MaxValue)
            {
                throw new ArgumentException("Too many parameters.", nameof(sizes));
            }
        }
        ParameterCount = (int)offset;
    }

    /// <summary>Convenience: <c>input -> hidden... (hiddenActivation) -> output (outputActivation)</c>.</summary>
    public static NetworkShape Mlp(int input, IReadOnlyList<int> hidden, int output, Activation hiddenActivation, Activation outputActivation)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        var sizes = new List<int> { input };
        sizes.AddRange(hidden);
        sizes.Add(output);
        var acts = Enumerable.Repeat(hiddenActivation, hidden.Count).Append(outputActivation).ToArray();
        return new NetworkShape(sizes, acts);
    }

    /// <summary>Number of layers (affine map + activation).</summary>
    public int LayerCount => _activations.Length;

    /// <summary>Input width.</summary>
    public int InputSize => _sizes[0];

    /// <summary>Output width.</summary>
    public int OutputSize => _sizes[^1];

    /// <summary>Total number of parameters (all weights and biases).</summary>
    public int ParameterCount { get; }

    /// <summary>Sizes, inputs first.</summary>
    public IReadOnlyList<int> Sizes => _sizes;

    /// <summary>Activation of each layer.</summary>
    public IReadOnlyList<Activation> Activations => _activations;

    /// <summary>Input width of layer <paramref name="layer"/>.</summary>
    public int FanIn(int layer) => _sizes[layer];

    /// <summary>Output width of layer <paramref name="layer"/>.</summary>
    public int FanOut(int layer) => _sizes[layer + 1];

    /// <summary>Offset of W_l in the parameter vector.</summary>
    public int WeightOffset(int layer) => _weightOffsets[layer];

    /// <summary>Offset of b_l in the parameter vector.</summary>
    public int BiasOffset(int layer) => _biasOffsets[layer];

    /// <inheritdoc />
    public bool Equals(NetworkShape? other) =>
        other is not null && _sizes.AsSpan().SequenceEqual(other._sizes) && _activations.AsSpan().SequenceEqual(other._activations);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as NetworkShape);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (int s in _sizes)
        {
            h.Add(s);
        }
        foreach (Activation a in _activations)
        {
            h.Add(a);
        }
        return h.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Join(" -> ", _sizes.Select((s, i) => i == 0 ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{s} ({_activations[i - 1]})"));
}
