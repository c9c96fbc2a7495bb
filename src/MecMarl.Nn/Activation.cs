namespace MecMarl.Nn;

/// <summary>Element-wise activation applied after a dense layer's affine map.</summary>
public enum Activation
{
    /// <summary>f(z) = z.</summary>
    Identity = 0,

    /// <summary>f(z) = max(z, 0) (SPEC 8 hidden layers).</summary>
    Relu = 1,

    /// <summary>f(z) = 1 / (1 + exp(-z)) (SPEC 8 actor output, actions in (0, 1)).</summary>
    Sigmoid = 2,

    /// <summary>f(z) = tanh(z).</summary>
    Tanh = 3,
}
