using System.Diagnostics;
using System.Numerics.Tensors;
using MecMarl.Randomness;

namespace MecMarl.Nn;

/// <summary>
/// A fully connected network (see <see cref="NetworkShape"/>) whose parameters live in one
/// contiguous float span (layout: per layer W_l row-major [in, out], then b_l) and whose
/// gradients live in a second span of the same layout, so copies, soft updates, federated
/// averaging, checkpoints and messages are single span operations. Batches are row-major
/// [batch, features]. All workspace is allocated once for <see cref="MaxBatch"/> rows: forward
/// and backward passes allocate nothing. Not thread-safe: one network per thread at a time.
/// </summary>
public sealed class DenseNetwork
{
    private readonly float[] _parameters;
    private readonly int _parameterOffset;
    private readonly float[] _gradients;
    private readonly int _gradientOffset;
    private readonly float[][] _outputs;
    private readonly float[][] _deltas;
    private readonly float[] _scratch;
    private readonly GemmScratch _gemm = new();
    private int _lastBatch = -1;

    /// <summary>Creates a network with its own (zeroed) parameter and gradient storage.</summary>
    public DenseNetwork(NetworkShape shape, int maxBatch)
        : this(shape, maxBatch, new float[shape.ParameterCount], 0, new float[shape.ParameterCount], 0)
    {
    }

    /// <summary>
    /// Creates a network over external storage: its parameters are
    /// <c>parameters[parameterOffset .. + ParameterCount]</c>, its gradients likewise
    /// (used by <see cref="NetworkGroup"/> to stack many networks in one array).
    /// </summary>
    public DenseNetwork(NetworkShape shape, int maxBatch, float[] parameters, int parameterOffset, float[] gradients, int gradientOffset)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        if (parameterOffset < 0 || parameterOffset + shape.ParameterCount > parameters.Length
            || gradientOffset < 0 || gradientOffset + shape.ParameterCount > gradients.Length)
        {
            throw new ArgumentException("Parameter or gradient storage too small for the shape.");
        }
        Shape = shape;
        MaxBatch = maxBatch;
        _parameters = parameters;
        _parameterOffset = parameterOffset;
        _gradients = gradients;
        _gradientOffset = gradientOffset;
        _outputs = new float[shape.LayerCount][];
        _deltas = new float[shape.LayerCount][];
        int widest = 0;
        for (int l = 0; l < shape.LayerCount; l++)
        {
            _outputs[l] = new float[maxBatch * shape.FanOut(l)];
            _deltas[l] = new float[maxBatch * shape.FanOut(l)];
            widest = Math.Max(widest, shape.FanOut(l));
        }
        _scratch = new float[maxBatch * widest];
    }

    /// <summary>Layer sizes, activations and parameter layout.</summary>
    public NetworkShape Shape { get; }

    /// <summary>Largest batch (rows) a pass may use; fixes the workspace size.</summary>
    public int MaxBatch { get; }

    /// <summary>All parameters, contiguous (layout in <see cref="NetworkShape"/>).</summary>
    public Span<float> Parameters => _parameters.AsSpan(_parameterOffset, Shape.ParameterCount);

    /// <summary>Gradients of the last <see cref="Backward"/> with parameter gradients, same layout as <see cref="Parameters"/>.</summary>
    public Span<float> Gradients => _gradients.AsSpan(_gradientOffset, Shape.ParameterCount);

    /// <summary>
    /// Floating-point operations performed by matrix multiplies since construction
    /// (2 m n k per product actually computed), for benchmarks.
    /// </summary>
    public long GemmFlops { get; private set; }

    /// <summary>Stopwatch ticks spent inside matrix multiplies since construction, for benchmarks.</summary>
    public long GemmTicks { get; private set; }

    /// <summary>View of W_l, row-major [FanIn(l), FanOut(l)].</summary>
    public Span<float> Weights(int layer) => Parameters.Slice(Shape.WeightOffset(layer), Shape.FanIn(layer) * Shape.FanOut(layer));

    /// <summary>View of b_l [FanOut(l)].</summary>
    public Span<float> Biases(int layer) => Parameters.Slice(Shape.BiasOffset(layer), Shape.FanOut(layer));

    /// <summary>Sets the output layer's weights and biases to zero, so that the output is the output activation of 0 for any input (0.5 for a sigmoid).</summary>
    public void ZeroOutputLayer()
    {
        int last = Shape.LayerCount - 1;
        Weights(last).Clear();
        Biases(last).Clear();
    }

    /// <summary>View of dL/dW_l, same layout as <see cref="Weights"/>.</summary>
    public Span<float> WeightGradients(int layer) => Gradients.Slice(Shape.WeightOffset(layer), Shape.FanIn(layer) * Shape.FanOut(layer));

    /// <summary>View of dL/db_l.</summary>
    public Span<float> BiasGradients(int layer) => Gradients.Slice(Shape.BiasOffset(layer), Shape.FanOut(layer));

    /// <summary>
    /// SPEC 8 initialisation (as in the DDPG paper): hidden layers' weights and biases
    /// U(-1/sqrt(fan_in), 1/sqrt(fan_in)), the output layer's U(-3e-3, 3e-3); drawn layer by
    /// layer, weights (row-major) before biases, from <paramref name="rng"/>.
    /// </summary>
    public void Initialize(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        for (int l = 0; l < Shape.LayerCount; l++)
        {
            double bound = l == Shape.LayerCount - 1 ? 3e-3 : 1.0 / Math.Sqrt(Shape.FanIn(l));
            Fill(Weights(l), rng, bound);
            Fill(Biases(l), rng, bound);
        }

        static void Fill(Span<float> values, Rng rng, double bound)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)(bound * (2.0 * rng.NextDouble() - 1.0));
            }
        }
    }

    /// <summary>Copies all parameters of <paramref name="source"/> (same shape) into this network (hard update).</summary>
    public void CopyParametersFrom(DenseNetwork source)
    {
        ArgumentNullException.ThrowIfNull(source);
        RequireSameShape(source);
        source.Parameters.CopyTo(Parameters);
    }

    /// <summary>Throws unless <paramref name="other"/> has this network's shape.</summary>
    public void RequireSameShape(DenseNetwork other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Shape.Equals(other.Shape))
        {
            throw new ArgumentException($"Network shapes differ: {Shape} vs {other.Shape}.");
        }
    }

    /// <summary>
    /// Forward pass of <paramref name="batch"/> rows. Row b of the input is
    /// <c>input[b * inputStride .. + InputSize]</c> (<paramref name="inputStride"/> 0 means
    /// InputSize), so a column block of a wider matrix (one agent's observation in a joint
    /// observation) is used without a copy. Returns the output [batch, OutputSize], valid until
    /// the next pass; keeps every layer's output for <see cref="Backward"/>.
    /// </summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, int inputStride = 0)
    {
        int stride = CheckInput(input, batch, inputStride);
        ReadOnlySpan<float> x = input;
        int ldx = stride;
        for (int l = 0; l < Shape.LayerCount; l++)
        {
            int fanIn = Shape.FanIn(l), fanOut = Shape.FanOut(l);
            Span<float> y = _outputs[l].AsSpan(0, batch * fanOut);
            long t0 = Stopwatch.GetTimestamp();
            Gemm.MultiplyWithBias(batch, fanOut, fanIn, x, ldx, 1, Weights(l), fanOut, false, Biases(l), y, fanOut, _gemm);
            GemmTicks += Stopwatch.GetTimestamp() - t0;
            GemmFlops += 2L * batch * fanOut * fanIn;
            Activations.Forward(Shape.Activations[l], y);
            x = y;
            ldx = fanOut;
        }
        _lastBatch = batch;
        return _outputs[^1].AsSpan(0, batch * Shape.OutputSize);
    }

    /// <summary>
    /// Backward pass after <see cref="Forward"/> on the same <paramref name="input"/> (same batch
    /// and stride). <paramref name="outputGradient"/> is dL/dy [batch, OutputSize]. When
    /// <paramref name="parameterGradients"/> is true, <see cref="Gradients"/> is overwritten with
    /// dL/dtheta (not accumulated); when false no weight gradient is computed (differentiating a
    /// critic for its input only). When <paramref name="inputColumnCount"/> &gt; 0,
    /// <paramref name="inputGradient"/> [batch, inputColumnCount] receives dL/dx for input columns
    /// [inputColumnStart, inputColumnStart + inputColumnCount) only (one agent's action in a
    /// joint critic input); the gradient of other input columns is never computed.
    /// </summary>
    public void Backward(
        ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, int batch,
        bool parameterGradients = true, Span<float> inputGradient = default,
        int inputColumnStart = 0, int inputColumnCount = 0, int inputStride = 0)
    {
        int stride = CheckInput(input, batch, inputStride);
        if (batch != _lastBatch)
        {
            throw new InvalidOperationException("Backward must follow a Forward of the same batch.");
        }
        int outSize = Shape.OutputSize;
        if (outputGradient.Length < batch * outSize)
        {
            throw new ArgumentException("Output gradient shorter than batch x output size.", nameof(outputGradient));
        }
        if (inputColumnCount < 0 || inputColumnStart < 0 || inputColumnStart + inputColumnCount > Shape.InputSize
            || inputGradient.Length < batch * inputColumnCount)
        {
            throw new ArgumentException("Input-gradient column range or destination invalid.");
        }
        outputGradient[..(batch * outSize)].CopyTo(_deltas[^1]);
        for (int l = Shape.LayerCount - 1; l >= 0; l--)
        {
            int fanIn = Shape.FanIn(l), fanOut = Shape.FanOut(l);
            Span<float> dz = _deltas[l].AsSpan(0, batch * fanOut);
            Activations.Backward(Shape.Activations[l], _outputs[l].AsSpan(0, batch * fanOut), dz, _scratch.AsSpan(0, batch * fanOut));
            ReadOnlySpan<float> x = l == 0 ? input : _outputs[l - 1];
            int ldx = l == 0 ? stride : fanIn;
            if (parameterGradients)
            {
                // dW = X^T dZ ([in, batch] x [batch, out]); db = column sums of dZ.
                Span<float> dw = WeightGradients(l);
                long t0 = Stopwatch.GetTimestamp();
                Gemm.Multiply(fanIn, fanOut, batch, x, 1, ldx, dz, fanOut, false, dw, fanOut, _gemm);
                GemmTicks += Stopwatch.GetTimestamp() - t0;
                GemmFlops += 2L * batch * fanOut * fanIn;
                ColumnSumKernel.Apply(dz, batch, BiasGradients(l));
            }
            if (l > 0)
            {
                // dX = dZ W^T ([batch, out] x [out, in]).
                Span<float> dx = _deltas[l - 1].AsSpan(0, batch * fanIn);
                long t0 = Stopwatch.GetTimestamp();
                Gemm.Multiply(batch, fanIn, fanOut, dz, fanOut, 1, Weights(l), fanOut, true, dx, fanIn, _gemm);
                GemmTicks += Stopwatch.GetTimestamp() - t0;
                GemmFlops += 2L * batch * fanOut * fanIn;
            }
            else if (inputColumnCount > 0)
            {
                // dX[:, c0..c0+cc] = dZ (W[c0..c0+cc, :])^T.
                Span<float> dx = inputGradient[..(batch * inputColumnCount)];
                ReadOnlySpan<float> wRows = Weights(0).Slice(inputColumnStart * fanOut, inputColumnCount * fanOut);
                long t0 = Stopwatch.GetTimestamp();
                Gemm.Multiply(batch, inputColumnCount, fanOut, dz, fanOut, 1, wRows, fanOut, true, dx, inputColumnCount, _gemm);
                GemmTicks += Stopwatch.GetTimestamp() - t0;
                GemmFlops += 2L * batch * fanOut * inputColumnCount;
            }
        }
    }

    private int CheckInput(ReadOnlySpan<float> input, int batch, int inputStride)
    {
        if (batch <= 0 || batch > MaxBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"Batch must be in 1..{MaxBatch}.");
        }
        int stride = inputStride == 0 ? Shape.InputSize : inputStride;
        if (stride < Shape.InputSize || input.Length < (long)(batch - 1) * stride + Shape.InputSize)
        {
            throw new ArgumentException($"Input too short for {batch} rows of {Shape.InputSize} at stride {stride}.", nameof(input));
        }
        return stride;
    }
}
