using MecMarl.Nn;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>The deterministic joint policy of trained actors: agent m's action is mu_m(s_m), no noise (SPEC 9 evaluation).</summary>
public sealed class ActorPolicy : IPolicy
{
    private readonly DenseNetwork[] _actors;

    /// <summary>Wraps one actor per agent, in agent order.</summary>
    public ActorPolicy(IReadOnlyList<DenseNetwork> actors)
    {
        ArgumentNullException.ThrowIfNull(actors);
        _actors = [.. actors];
    }

    /// <inheritdoc />
    public void Act(IReadOnlyList<float[]> observations, float[][] actions)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(actions);
        for (int m = 0; m < _actors.Length; m++)
        {
            _actors[m].Forward(observations[m], 1).CopyTo(actions[m]);
        }
    }
}
