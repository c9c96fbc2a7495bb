using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// A fixed policy bound to an environment: either raw actions (<see cref="IPolicy"/>, decoded by the
/// environment) or decisions (<see cref="IDecisionPolicy"/>). <see cref="Step"/> acts for one slot.
/// </summary>
public sealed class FixedPolicy
{
    private readonly IPolicy? _actions;
    private readonly IDecisionPolicy? _decisions;
    private readonly float[][]? _actionBuffers;
    private readonly SlotDecisions? _decisionBuffer;

    internal FixedPolicy(FixedPolicyInfo info, MecEnvironment environment, IPolicy? actions, IDecisionPolicy? decisions)
    {
        Info = info;
        Environment = environment;
        _actions = actions;
        _decisions = decisions;
        if (actions is not null)
        {
            _actionBuffers = Policies.ActionBuffers(environment.Layout);
        }
        else
        {
            _decisionBuffer = new SlotDecisions(environment.Layout.UeCount);
        }
    }

    /// <summary>The registry entry.</summary>
    public FixedPolicyInfo Info { get; }

    /// <summary>The environment the policy acts in.</summary>
    public MecEnvironment Environment { get; }

    /// <summary>The raw-action policy, or null for a decisions policy.</summary>
    public IPolicy? ActionPolicy => _actions;

    /// <summary>The decisions policy, or null for a raw-action policy.</summary>
    public IDecisionPolicy? DecisionPolicy => _decisions;

    /// <summary>Acts for the current slot (from the agents' current observations) and steps the environment.</summary>
    public StepResult Step(IReadOnlyList<float[]> observations)
    {
        if (_actions is not null)
        {
            _actions.Act(observations, _actionBuffers!);
            return Environment.Step(_actionBuffers!);
        }
        _decisions!.Decide(Environment, _decisionBuffer!);
        return Environment.StepDecisions(_decisionBuffer!);
    }

    /// <summary>SPEC 9 metrics on <paramref name="episodes"/> episodes of <paramref name="evalSeed"/> (<see cref="PolicyEvaluation"/>).</summary>
    public EvaluationResult Evaluate(ulong evalSeed, int episodes, Action<int>? onEpisode = null, CancellationToken cancellationToken = default) =>
        _actions is not null
            ? PolicyEvaluation.Run(Info.Id, Environment, _actions, evalSeed, episodes, 0, onEpisode, cancellationToken)
            : PolicyEvaluation.Run(Info.Id, Environment, _decisions!, evalSeed, episodes, 0, onEpisode, cancellationToken);
}
