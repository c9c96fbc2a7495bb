using System.Numerics.Tensors;
using MecMarl.Nn;

namespace MecMarl.Learning;

/// <summary>
/// FedAvg (SPEC 8, paper eq. 26): theta = sum_m (W_m / sum_j W_j) theta_m, W_m = agent m's batch
/// size. Summed in agent order, so the result is deterministic.
/// </summary>
public static class FederatedAveraging
{
    /// <summary>
    /// Writes the weighted average of <paramref name="models"/> (equal lengths) into
    /// <paramref name="destination"/>, which must not overlap any model.
    /// </summary>
    public static void Average(IReadOnlyList<ReadOnlyMemory<float>> models, ReadOnlySpan<double> weights, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (models.Count == 0 || weights.Length != models.Count)
        {
            throw new ArgumentException("Need one weight per model and at least one model.");
        }
        double total = 0;
        foreach (double w in weights)
        {
            if (!(w >= 0) || double.IsInfinity(w))
            {
                throw new ArgumentOutOfRangeException(nameof(weights), "Weights must be finite and non-negative.");
            }
            total += w;
        }
        if (!(total > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(weights), "Weights must not all be zero.");
        }
        destination.Clear();
        for (int m = 0; m < models.Count; m++)
        {
            ReadOnlySpan<float> theta = models[m].Span;
            if (theta.Length != destination.Length)
            {
                throw new ArgumentException($"Model {m} has {theta.Length} parameters, expected {destination.Length}.");
            }
            if (theta.Overlaps(destination))
            {
                throw new ArgumentException("Destination overlaps a model.");
            }
            TensorPrimitives.MultiplyAdd(theta, (float)(weights[m] / total), destination, destination);
        }
    }

    /// <summary>Replaces the parameters of every network in <paramref name="networks"/> (one shape) by their weighted average.</summary>
    public static void AverageInPlace(IReadOnlyList<DenseNetwork> networks, ReadOnlySpan<double> weights)
    {
        ArgumentNullException.ThrowIfNull(networks);
        if (networks.Count == 0)
        {
            throw new ArgumentException("No networks to average.", nameof(networks));
        }
        var models = new ReadOnlyMemory<float>[networks.Count];
        for (int m = 0; m < networks.Count; m++)
        {
            networks[0].RequireSameShape(networks[m]);
            models[m] = networks[m].Parameters.ToArray();
        }
        var average = new float[networks[0].Shape.ParameterCount];
        Average(models, weights, average);
        foreach (DenseNetwork net in networks)
        {
            average.CopyTo(net.Parameters);
        }
    }

    /// <summary>
    /// F-DRL aggregation (paper Algorithm 2): every agent's actor, critic, target actor and target
    /// critic (and second critic and its target, with twin critics) become the weighted averages of
    /// theirs; optimiser state stays local (SPEC 8 [choice]).
    /// </summary>
    public static void Aggregate(IReadOnlyList<DdpgLearner> learners, ReadOnlySpan<double> weights) =>
        Aggregate(learners, weights, AggregatedNetworks.All);

    /// <summary>
    /// <see cref="Aggregate(IReadOnlyList{DdpgLearner}, ReadOnlySpan{double})"/> restricted to
    /// <paramref name="networks"/>: the actor and its target, and/or the critics and their targets.
    /// </summary>
    public static void Aggregate(IReadOnlyList<DdpgLearner> learners, ReadOnlySpan<double> weights, AggregatedNetworks networks)
    {
        ArgumentNullException.ThrowIfNull(learners);
        if (learners.Count == 0)
        {
            throw new ArgumentException("No learners to aggregate.", nameof(learners));
        }
        int count = learners[0].Networks.Count;
        if (learners.Any(l => l.Networks.Count != count))
        {
            throw new ArgumentException("Every learner needs twin critics when the first has them, and none otherwise.", nameof(learners));
        }
        foreach (int k in AveragedIndices(count, networks))
        {
            AverageInPlace([.. learners.Select(l => l.Networks[k])], weights);
        }
    }

    /// <summary>
    /// The positions in <see cref="DdpgLearner.Networks"/> (of <paramref name="networkCount"/> networks:
    /// actor, critic, target actor, target critic, [critic 2, target critic 2]) that an aggregation of
    /// <paramref name="networks"/> averages, in order. <see cref="Aggregate(IReadOnlyList{DdpgLearner}, ReadOnlySpan{double}, AggregatedNetworks)"/>
    /// averages exactly these, and the signalling accounting (<see cref="Signalling.SchemeSignalling"/>) uploads and broadcasts exactly these.
    /// </summary>
    public static IReadOnlyList<int> AveragedIndices(int networkCount, AggregatedNetworks networks) =>
        AveragedIndices(networkCount, networks, networks);

    /// <summary>
    /// <see cref="AveragedIndices(int, AggregatedNetworks)"/> with the targets averaged only for
    /// <paramref name="targets"/> (<see cref="FedAvgAggregation.Targets"/>): the positions a
    /// <see cref="FederatedAggregator"/> round averages, and what the signalling accounting counts.
    /// </summary>
    public static IReadOnlyList<int> AveragedIndices(int networkCount, AggregatedNetworks networks, AggregatedNetworks targets)
    {
        var indices = new List<int>(networkCount);
        for (int k = 0; k < networkCount; k++)
        {
            // Networks order: actor, critic, target actor, target critic, [critic 2, target critic 2].
            AggregatedNetworks kind = k is 0 or 2 ? AggregatedNetworks.Actor : AggregatedNetworks.Critic;
            bool target = k is 2 or 3 or 5;
            if (((target ? targets : networks) & kind) != 0)
            {
                indices.Add(k);
            }
        }
        return indices;
    }
}
