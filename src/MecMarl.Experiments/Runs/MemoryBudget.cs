using System.Globalization;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// The memory a training run of a config needs, estimated before anything is written, so that a
/// config whose replay buffers or networks cannot fit (e.g. <c>training.bufferCapacity</c> 100000000
/// on the paper scenario, or <c>actorHidden</c> [65536, 65536]) is refused with its JSON path instead
/// of failing with out-of-memory minutes into a run.
/// </summary>
public static class MemoryBudget
{
    /// <summary>Share of the memory available to the process that a run may plan to use.</summary>
    public const double UsableShare = 0.8;

    /// <summary>
    /// Bytes of the replay buffers (float32: observation, action, reward, next observation, terminal flag
    /// per stored transition, over all agents) and of the networks (float32 parameters of the actor and
    /// critic(s), their targets and Adam's two moments: 4 copies each).
    /// </summary>
    public static (double BufferBytes, double NetworkBytes) Estimate(string scheme, ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var layout = new MecEnvironment(config.Simulation, config.Training.LayoutSeed);
        int m = layout.AgentCount;
        double obsTotal = 0, actTotal = 0;
        for (int a = 0; a < m; a++)
        {
            obsTotal += layout.ObservationSize(a);
            actTotal += layout.ActionSize(a);
        }
        var learner = config.Training.Learner;
        double buffer = (double)learner.BufferCapacity * (2 * obsTotal + actTotal + m + 1) * sizeof(float);
        double parameters = 0;
        int critics = learner.TwinCritics ? 2 : 1;
        for (int a = 0; a < m; a++)
        {
            int obs = layout.ObservationSize(a), act = layout.ActionSize(a);
            parameters += Parameters(obs, learner.ActorHidden, act);
            double criticIn = scheme == SchemeIds.MaDrl ? obsTotal + actTotal : obs + act;
            parameters += critics * Parameters(criticIn, learner.CriticHidden, 1);
        }
        return (buffer, parameters * 4 * sizeof(float));
    }

    /// <summary>Throws <see cref="ConfigException"/> (naming the larger of the two causes) when the estimate exceeds <see cref="UsableShare"/> of the available memory.</summary>
    public static void Check(string scheme, ExperimentConfig config, string file = "<config>")
    {
        (double buffer, double networks) = Estimate(scheme, config);
        double available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (buffer + networks > UsableShare * available)
        {
            string path = buffer >= networks ? "training.bufferCapacity" : "training.actorHidden";
            throw new ConfigException(file, path, string.Create(CultureInfo.InvariantCulture,
                $"a {scheme} run needs about {Gb(buffer + networks)} GB (replay buffers {Gb(buffer)} GB, networks {Gb(networks)} GB), more than {UsableShare:P0} of the {Gb(available)} GB this process may use"));
        }
    }

    private static string Gb(double bytes) => (bytes / (1L << 30)).ToString("G3", CultureInfo.InvariantCulture);

    private static double Parameters(double inputs, IReadOnlyList<int> hidden, int outputs)
    {
        double total = 0, previous = inputs;
        foreach (int width in hidden)
        {
            total += (previous + 1) * width;
            previous = width;
        }
        return total + (previous + 1) * outputs;
    }
}
