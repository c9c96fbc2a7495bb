namespace MecMarl.Learning;

/// <summary>Loss between Q(s, a) and the target y in the critic step.</summary>
public enum CriticLoss
{
    /// <summary>Mean squared error mean_b (Q - y)^2 (SPEC 8 default).</summary>
    Mse = 0,

    /// <summary>Huber loss with threshold <see cref="DdpgOptions.HuberDelta"/>, as torch.nn.HuberLoss (mean).</summary>
    Huber = 1,
}
