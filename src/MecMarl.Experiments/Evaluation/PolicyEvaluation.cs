using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// Runs a policy without learning on evaluation episodes and pools the SPEC 9 metrics over all
/// UEs and slots. Positions come from the layout seed; fading and tasks of episode e come from
/// <c>MecEnvironment.EpisodeSeed(evalSeed, e)</c>, so every policy evaluated with the same seeds
/// sees exactly the same episodes.
/// </summary>
public static class PolicyEvaluation
{
    /// <summary>Evaluates <paramref name="policy"/> on <paramref name="episodes"/> episodes.</summary>
    /// <param name="scheme">Scheme id written into the result.</param>
    /// <param name="env">Environment (its layout is fixed by its layout seed).</param>
    /// <param name="policy">The policy acting for every agent.</param>
    /// <param name="evalSeed">Seed of the evaluation episodes.</param>
    /// <param name="episodes">Number of episodes.</param>
    /// <param name="trainingSeed">Training seed recorded in the result (0 for fixed policies).</param>
    /// <param name="onEpisode">Called after each episode with the number of episodes done.</param>
    /// <param name="cancellationToken">Stops between slots.</param>
    public static EvaluationResult Run(string scheme, MecEnvironment env, IPolicy policy, ulong evalSeed, int episodes,
        int trainingSeed = 0, Action<int>? onEpisode = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        float[][] actions = Policies.ActionBuffers(env.Layout);
        return Run(scheme, env, obs =>
        {
            policy.Act(obs, actions);
            return env.Step(actions);
        }, evalSeed, episodes, trainingSeed, onEpisode, cancellationToken);
    }

    /// <summary>Evaluates a decisions-level policy (e.g. the model-based yardstick) on <paramref name="episodes"/> episodes.</summary>
    /// <inheritdoc cref="Run(string, MecEnvironment, IPolicy, ulong, int, int, Action{int}?, CancellationToken)"/>
    public static EvaluationResult Run(string scheme, MecEnvironment env, IDecisionPolicy policy, ulong evalSeed, int episodes,
        int trainingSeed = 0, Action<int>? onEpisode = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        var decisions = new SlotDecisions(env.Layout.UeCount);
        return Run(scheme, env, _ =>
        {
            policy.Decide(env, decisions);
            return env.StepDecisions(decisions);
        }, evalSeed, episodes, trainingSeed, onEpisode, cancellationToken);
    }

    private static EvaluationResult Run(string scheme, MecEnvironment env, Func<float[][], StepResult> step, ulong evalSeed, int episodes,
        int trainingSeed, Action<int>? onEpisode, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        var totals = new MetricTotals(env.AgentCount);
        for (int e = 0; e < episodes; e++)
        {
            float[][] obs = env.Reset(MecEnvironment.EpisodeSeed(evalSeed, e));
            StepResult r;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                r = step(obs);
                totals.Add(r);
                obs = r.Observations;
            }
            while (!r.Truncated);
            onEpisode?.Invoke(e + 1);
        }
        return totals.ToResult(scheme, trainingSeed, evalSeed, episodes);
    }
}
