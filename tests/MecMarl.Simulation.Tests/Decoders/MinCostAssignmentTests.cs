using MecMarl.Randomness;

namespace MecMarl.Simulation.Tests;

public sealed class MinCostAssignmentTests
{
    // Exhaustive search: the least total cost over all injective maps of the smaller side into the larger.
    private static double BruteForce(double[] cost, int rows, int columns)
    {
        double best = double.PositiveInfinity;
        int small = Math.Min(rows, columns), large = Math.Max(rows, columns);
        var used = new bool[large];
        void Go(int i, double sum)
        {
            if (i == small)
            {
                best = Math.Min(best, sum);
                return;
            }
            for (int j = 0; j < large; j++)
            {
                if (!used[j])
                {
                    used[j] = true;
                    double c = rows <= columns ? cost[i * columns + j] : cost[j * columns + i];
                    Go(i + 1, sum + c);
                    used[j] = false;
                }
            }
        }
        Go(0, 0);
        return best;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(4, 6)]
    [InlineData(6, 4)]
    [InlineData(5, 5)]
    [InlineData(2, 7)]
    public void RandomMatrices_MatchExhaustiveSearch(int rows, int columns)
    {
        var rng = new Rng(17, (ulong)(rows * 10 + columns));
        var solver = new MinCostAssignment(8);
        var assigned = new int[rows];
        for (int trial = 0; trial < 30; trial++)
        {
            double[] cost = [.. Enumerable.Range(0, rows * columns).Select(_ => Math.Round(rng.NextDouble() * 20) + (rng.NextDouble() < 0.2 ? 1e6 : 0))];
            double total = solver.Solve(cost, rows, columns, assigned);

            TestSupport.AssertClose(BruteForce(cost, rows, columns), total, "total", rel: 1e-12);
            // A valid assignment: distinct columns, min(rows, columns) rows matched, total equal to the sum.
            int[] matched = [.. assigned.Where(c => c >= 0)];
            Assert.Equal(Math.Min(rows, columns), matched.Length);
            Assert.Equal(matched.Length, matched.Distinct().Count());
            double sum = 0;
            for (int i = 0; i < rows; i++)
            {
                if (assigned[i] >= 0)
                {
                    sum += cost[i * columns + assigned[i]];
                }
            }
            Assert.Equal(total, sum);
        }
    }

    [Fact]
    public void HandExample_AvoidsTheGreedyTrap()
    {
        // [[1, 2], [3, 100]]: greedy takes 1 then 100 (101); the optimum is 2 + 3 = 5.
        var assigned = new int[2];
        double total = new MinCostAssignment(2).Solve([1, 2, 3, 100], 2, 2, assigned);
        Assert.Equal(5, total);
        Assert.Equal([1, 0], assigned);
    }
}
