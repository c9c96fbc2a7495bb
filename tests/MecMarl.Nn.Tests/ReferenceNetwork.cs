namespace MecMarl.Nn.Tests;

/// <summary>An independent double-precision forward pass over a parameter vector (layout of NetworkShape).</summary>
internal static class ReferenceNetwork
{
    public static double[] Forward(NetworkShape shape, double[] theta, double[] input, int batch)
    {
        double[] x = input;
        int offset = 0;
        for (int l = 0; l < shape.LayerCount; l++)
        {
            int fin = shape.Sizes[l], fout = shape.Sizes[l + 1];
            var y = new double[batch * fout];
            for (int b = 0; b < batch; b++)
            {
                for (int j = 0; j < fout; j++)
                {
                    double z = theta[offset + fin * fout + j];
                    for (int i = 0; i < fin; i++)
                    {
                        z += x[b * fin + i] * theta[offset + i * fout + j];
                    }
                    y[b * fout + j] = shape.Activations[l] switch
                    {
                        Activation.Relu => Math.Max(z, 0),
                        Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
                        Activation.Tanh => Math.Tanh(z),
                        _ => z,
                    };
                }
            }
            offset += fin * fout + fout;
            x = y;
        }
        return x;
    }

    /// <summary>L = sum_i c_i y_i, a linear probe of the output.</summary>
    public static double Loss(NetworkShape shape, double[] theta, double[] input, int batch, double[] probe)
    {
        double[] y = Forward(shape, theta, input, batch);
        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            s += probe[i] * y[i];
        }
        return s;
    }
}
