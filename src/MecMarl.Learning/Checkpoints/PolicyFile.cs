using MecMarl.Nn;

namespace MecMarl.Learning;

/// <summary>
/// The policy artifact of a training run (<c>policy.ckpt</c>, docs/policy-format.md): the trained
/// actors mu_1 .. mu_M and nothing else, in the checkpoint container of
/// docs/checkpoint-format.md (magic, version, section table, CRC-32). Loading builds only the
/// actors, with room for one observation each, so evaluation and exporters never build a trainer
/// or allocate replay.
/// <list type="bullet">
/// <item><c>policy.meta</c> int64 [4]: policy format version (<see cref="FormatVersion"/>), agent count M, training seed, training episodes;</item>
/// <item><c>agent{m}.actor.layout</c>, <c>agent{m}.actor.parameters</c>: actor m as a <c>DenseNetwork</c> section pair.</item>
/// </list>
/// </summary>
/// <param name="Actors">Actor m maps agent m's observation to its action in [0, 1] (agent order).</param>
/// <param name="Seed">The training seed of the run.</param>
/// <param name="Episodes">Training episodes behind the actors.</param>
public sealed record PolicyFile(IReadOnlyList<DenseNetwork> Actors, long Seed, long Episodes)
{
    /// <summary>Version of the section layout above (independent of the container's version).</summary>
    public const long FormatVersion = 1;

    /// <summary>Writes the artifact atomically to <paramref name="path"/>.</summary>
    public void Save(string path)
    {
        var writer = new CheckpointWriter();
        writer.AddInt64s("policy.meta", [FormatVersion, Actors.Count, Seed, Episodes], 4);
        for (int m = 0; m < Actors.Count; m++)
        {
            writer.AddNetwork(FormattableString.Invariant($"agent{m}.actor"), Actors[m]);
        }
        writer.Save(path);
    }

    /// <summary>
    /// Reads and verifies an artifact (container checks, then the policy layout); every problem is a
    /// <see cref="CheckpointException"/> naming the file and the problem.
    /// </summary>
    public static PolicyFile Load(string path)
    {
        CheckpointReader reader = CheckpointReader.Load(path);
        string where = $"Policy '{path}'";
        if (!reader.Contains("policy.meta"))
        {
            throw new CheckpointException($"{where}: not a policy file (no policy.meta section).");
        }
        long[] meta = reader.Int64s("policy.meta", 4).ToArray();
        if (meta[0] != FormatVersion)
        {
            throw new CheckpointException($"{where}: policy format version {meta[0]} is not supported (this build reads version {FormatVersion}).");
        }
        if (meta[1] is < 1 or > 4096)
        {
            throw new CheckpointException($"{where}: agent count {meta[1]} is out of range.");
        }
        var actors = new DenseNetwork[meta[1]];
        for (int m = 0; m < actors.Length; m++)
        {
            string name = FormattableString.Invariant($"agent{m}.actor");
            NetworkShape shape = ReadShape(reader, name, where);
            var actor = new DenseNetwork(shape, 1);
            new CheckpointRestore(reader).Network(name, actor).Commit();
            actors[m] = actor;
        }
        return new PolicyFile(actors, meta[2], meta[3]);
    }

    /// <summary>
    /// Null when actor m maps <paramref name="observationWidths"/>[m] inputs to
    /// <paramref name="actionWidths"/>[m] outputs for every agent m; otherwise what differs.
    /// </summary>
    public string? Mismatch(IReadOnlyList<int> observationWidths, IReadOnlyList<int> actionWidths)
    {
        ArgumentNullException.ThrowIfNull(observationWidths);
        ArgumentNullException.ThrowIfNull(actionWidths);
        if (Actors.Count != observationWidths.Count)
        {
            return $"the policy has {Actors.Count} agents, the environment {observationWidths.Count}";
        }
        for (int m = 0; m < Actors.Count; m++)
        {
            NetworkShape s = Actors[m].Shape;
            if (s.InputSize != observationWidths[m] || s.OutputSize != actionWidths[m])
            {
                return $"agent {m}'s actor maps {s.InputSize} -> {s.OutputSize} values, the environment has observation {observationWidths[m]} and action {actionWidths[m]}";
            }
        }
        return null;
    }

    private static NetworkShape ReadShape(CheckpointReader reader, string name, string where)
    {
        IReadOnlyList<long> dims = reader.ShapeOf(name + ".layout");
        long n = dims.Count == 1 ? dims[0] : -1;
        if (n < 3 || n % 2 == 0 || n > 1001)
        {
            throw new CheckpointException($"{where}: {name}.layout has shape [{string.Join(", ", dims)}], expected [2L + 1] for L layers.");
        }
        ReadOnlySpan<long> layout = reader.Int64s(name + ".layout", n);
        int layers = (int)(n - 1) / 2;
        var sizes = new int[layers + 1];
        var activations = new Activation[layers];
        for (int i = 0; i <= layers; i++)
        {
            if (layout[i] is < 1 or > 1 << 20)
            {
                throw new CheckpointException($"{where}: {name}.layout: layer size {layout[i]} is out of range.");
            }
            sizes[i] = (int)layout[i];
        }
        for (int l = 0; l < layers; l++)
        {
            long code = layout[layers + 1 + l];
            if (!Enum.IsDefined(typeof(Activation), (int)code) || code != (int)code)
            {
                throw new CheckpointException($"{where}: {name}.layout: unknown activation code {code}.");
            }
            activations[l] = (Activation)code;
        }
        try
        {
            return new NetworkShape(sizes, activations);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException($"{where}: {name}.layout: {e.Message}", e);
        }
    }
}
