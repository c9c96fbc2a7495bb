namespace MecMarl.Nn;

/// <summary>
/// M networks of one shape (the M agents' actors, say) whose parameters are stacked in one
/// contiguous array, agent m's at <c>[m * P, (m + 1) * P)</c>, and gradients likewise, so the
/// group is averaged, copied or checkpointed as one span. Each member has its own workspace,
/// so members may run on different threads at once.
/// </summary>
public sealed class NetworkGroup
{
    private readonly float[] _parameters;
    private readonly float[] _gradients;
    private readonly DenseNetwork[] _members;

    /// <summary>Creates <paramref name="count"/> zero-initialised networks of <paramref name="shape"/>.</summary>
    public NetworkGroup(NetworkShape shape, int count, int maxBatch)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        int p = shape.ParameterCount;
        _parameters = new float[checked(p * count)];
        _gradients = new float[checked(p * count)];
        _members = new DenseNetwork[count];
        for (int m = 0; m < count; m++)
        {
            _members[m] = new DenseNetwork(shape, maxBatch, _parameters, m * p, _gradients, m * p);
        }
        Shape = shape;
    }

    /// <summary>Shape of every member.</summary>
    public NetworkShape Shape { get; }

    /// <summary>Number of members.</summary>
    public int Count => _members.Length;

    /// <summary>Member <paramref name="index"/>.</summary>
    public DenseNetwork this[int index] => _members[index];

    /// <summary>All members' parameters, stacked.</summary>
    public Span<float> Parameters => _parameters;

    /// <summary>All members' gradients, stacked.</summary>
    public Span<float> Gradients => _gradients;
}
