using MecMarl.Nn;
using MecMarl.Randomness;

namespace MecMarl.Learning;

/// <summary>
/// Behaviour cloning (docs/dense.md, "Imitation of the yardstick"): fits an actor's output to target actions by
/// least squares, L = mean over rows and entries of (mu(s) - a*)^2, with Adam on shuffled minibatches. Used by
/// <c>mecmarl imitate</c> to start an actor at a teacher's decisions before reinforcement learning
/// (<c>training.initPolicy</c>). Deterministic for a given stream: the only randomness is the minibatch order.
/// </summary>
public static class BehaviourCloning
{
    /// <summary>
    /// Trains <paramref name="actor"/> for <paramref name="epochs"/> passes over the <paramref name="rows"/> pairs of
    /// <paramref name="observations"/> [rows, input width] and <paramref name="targets"/> [rows, output width] in
    /// minibatches of <paramref name="batch"/> rows (a last, partial minibatch is used too), Adam at
    /// <paramref name="learningRate"/>, order drawn from <paramref name="rng"/>. Returns the mean squared error per
    /// entry of the last epoch, as measured on its minibatches before each step.
    /// </summary>
    public static double Fit(DenseNetwork actor, float[] observations, float[] targets, int rows, int epochs, int batch,
        double learningRate, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(rng);
        int ow = actor.Shape.InputSize, aw = actor.Shape.OutputSize;
        if (rows < 1 || observations.Length < rows * ow || targets.Length < rows * aw)
        {
            throw new ArgumentException($"{rows} rows need {rows * ow} observation and {rows * aw} target values; got {observations.Length} and {targets.Length}.");
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        batch = Math.Min(batch, rows);
        var optimizer = new Adam(actor.Parameters.Length, learningRate);
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            order[i] = i;
        }
        float[] x = new float[batch * ow], y = new float[batch * aw], gradient = new float[batch * aw];
        double lastEpoch = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            rng.Shuffle(order.AsSpan());
            double sum = 0;
            for (int start = 0; start < rows; start += batch)
            {
                int n = Math.Min(batch, rows - start);
                for (int r = 0; r < n; r++)
                {
                    Array.Copy(observations, (long)order[start + r] * ow, x, (long)r * ow, ow);
                    Array.Copy(targets, (long)order[start + r] * aw, y, (long)r * aw, aw);
                }
                ReadOnlySpan<float> mu = actor.Forward(x.AsSpan(0, n * ow), n);
                float scale = 2f / (n * aw);
                for (int q = 0; q < n * aw; q++)
                {
                    float diff = mu[q] - y[q];
                    sum += (double)diff * diff;
                    gradient[q] = scale * diff;
                }
                actor.Backward(x.AsSpan(0, n * ow), gradient, n);
                optimizer.Step(actor.Parameters, actor.Gradients);
            }
            lastEpoch = sum / ((double)rows * aw);
        }
        return lastEpoch;
    }
}
