namespace MecMarl.Learning;

/// <summary>Losses of one DDPG update: the critic loss (MSE by default) before its step and the actor loss -mean Q(s, mu(s)).</summary>
public readonly record struct DdpgLosses(float CriticLoss, float ActorLoss);
