namespace MecMarl.Learning;

/// <summary>
/// A FedProx proximal term (Li et al. 2020) on one agent's local losses: mu / 2 ||theta - theta_g||^2
/// for every network with an anchor theta_g (the last model the agent received from an
/// aggregation, or its initial model before the first round). Its gradient mu (theta - theta_g)
/// is added to the network's loss gradient before the optimiser step (and before gradient
/// clipping). The losses the trainer reports leave the term out.
/// </summary>
public sealed class ProximalTerm
{
    /// <summary>Creates the term with coefficient <paramref name="mu"/> (> 0) and the anchors of the networks it applies to (null: no term on that network).</summary>
    public ProximalTerm(float mu, float[]? actor, float[]? critic, float[]? critic2)
    {
        if (!(mu > 0) || float.IsInfinity(mu))
        {
            throw new ArgumentOutOfRangeException(nameof(mu), "The proximal coefficient must be finite and positive.");
        }
        Mu = mu;
        Actor = actor;
        Critic = critic;
        Critic2 = critic2;
    }

    /// <summary>Coefficient mu (<see cref="FedAvgAggregation.ProximalMu"/>).</summary>
    public float Mu { get; }

    /// <summary>Anchor of the actor (theta_g of mu), or null when the actor is not averaged.</summary>
    public float[]? Actor { get; }

    /// <summary>Anchor of the critic, or null when the critic is not averaged.</summary>
    public float[]? Critic { get; }

    /// <summary>Anchor of the second critic (twin critics), or null.</summary>
    public float[]? Critic2 { get; }

    /// <summary>gradients[i] += mu (parameters[i] - anchor[i]); nothing when <paramref name="anchor"/> is null.</summary>
    public void AddGradient(ReadOnlySpan<float> parameters, float[]? anchor, Span<float> gradients)
    {
        if (anchor is null)
        {
            return;
        }
        if (anchor.Length != parameters.Length || gradients.Length != parameters.Length)
        {
            throw new ArgumentException("Anchor, parameters and gradients must have one length.", nameof(anchor));
        }
        float mu = Mu;
        for (int i = 0; i < parameters.Length; i++)
        {
            gradients[i] += mu * (parameters[i] - anchor[i]);
        }
    }
}
