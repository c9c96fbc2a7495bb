using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>Running sums of the SPEC 9 metrics over slots: energies, deadlines met, rewards.</summary>
public sealed class MetricTotals
{
    private readonly double[] _agentRewards;
    private double _localEnergyJ;
    private double _edgeEnergyJ;
    private double _systemReward;
    private long _ueSlots;
    private long _met;

    /// <summary>Creates empty totals for <paramref name="agents"/> agents.</summary>
    public MetricTotals(int agents) => _agentRewards = new double[agents];

    /// <summary>(UE, slot) pairs counted so far.</summary>
    public long UeSlots => _ueSlots;

    /// <summary>Adds one slot's outcome.</summary>
    public void Add(StepResult step)
    {
        ArgumentNullException.ThrowIfNull(step);
        foreach (ref readonly UeOutcome u in step.Result.Ues.AsSpan())
        {
            _localEnergyJ += u.LocalEnergyJ;
            _edgeEnergyJ += u.OffloadEnergyJ;
            if (u.Met)
            {
                _met++;
            }
        }
        _ueSlots += step.Result.Ues.Length;
        _systemReward += step.SystemReward;
        for (int m = 0; m < _agentRewards.Length; m++)
        {
            _agentRewards[m] += step.LocalRewards[m];
        }
    }

    /// <summary>Local energy so far, J per UE per slot.</summary>
    public double LocalEnergyJ => _ueSlots == 0 ? 0 : _localEnergyJ / _ueSlots;

    /// <summary>Edge (offloading) energy so far, J per UE per slot.</summary>
    public double EdgeEnergyJ => _ueSlots == 0 ? 0 : _edgeEnergyJ / _ueSlots;

    /// <summary>Deadlines met so far, percent of (UE, slot) pairs.</summary>
    public double LatencyMetPct => _ueSlots == 0 ? 0 : 100.0 * _met / _ueSlots;

    /// <summary>Sum of the system reward over the slots added.</summary>
    public double SystemReward => _systemReward;

    /// <summary>Sum of each agent's local reward over the slots added.</summary>
    public IReadOnlyList<double> AgentRewards => _agentRewards;

    /// <summary>The totals as an evaluation result, rewards per episode.</summary>
    public EvaluationResult ToResult(string scheme, int trainingSeed, ulong evalSeed, int episodes) => new()
    {
        Scheme = scheme,
        Seed = trainingSeed,
        EvalSeed = evalSeed,
        Episodes = episodes,
        LocalEnergyJ = LocalEnergyJ,
        EdgeEnergyJ = EdgeEnergyJ,
        LatencyMetPct = LatencyMetPct,
        SystemReward = _systemReward / episodes,
        AgentRewards = _agentRewards.Select(r => r / episodes).ToArray(),
    };
}
