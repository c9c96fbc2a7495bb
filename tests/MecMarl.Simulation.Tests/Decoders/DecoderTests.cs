using MecMarl.Randomness;

namespace MecMarl.Simulation.Tests;

/// <summary>The SPEC 7 action decoder.</summary>
public sealed class DecoderTests
{
    private static double[] Action(int k, params double[][] ues) => ues.SelectMany(u => u).ToArray();

    [Fact]
    public void Given_scores_When_decoded_Then_the_greedy_takes_pairs_in_descending_score_order()
    {
        ScenarioLayout l = HandScenarios.Layout(2, 1.0, 0, 0);
        var dec = new GreedyActionDecoder(l, new EnvironmentConfig());
        var d = new SlotDecisions(2);
        // Pairs: (UE1, ch1) 0.95 > (UE0, ch1) 0.9 > (UE1, ch0) 0.8 > (UE0, ch0) 0.5.
        // Take (1,1); (0,1) channel taken; (1,0) UE taken; take (0,0).
        dec.Decode(0, Action(2, [0.7, 0.005, 0.3, 0.5, 0.9], [0.4, 0.5, 0.1, 0.8, 0.95]), d);
        Assert.Equal([0, 1], d.Channel);
        Assert.Equal([0.7, 0.4], d.Alpha);
        // p = max(0.005, 0.01) * P_max; p = 0.5 * P_max.
        Assert.Equal(0.01 * HandScenarios.PMax, d.PowerW[0]);
        Assert.Equal(0.5 * HandScenarios.PMax, d.PowerW[1]);
        // f = 0.3 / 0.4 = 0.75 and 0.1 / 0.4 = 0.25.
        TestSupport.AssertClose(0.75, d.Share[0], "f0");
        TestSupport.AssertClose(0.25, d.Share[1], "f1");
    }

    [Fact]
    public void Given_equal_scores_When_decoded_Then_ties_go_to_the_lower_UE_then_the_lower_channel()
    {
        ScenarioLayout l = HandScenarios.Layout(3, 1.0, 0, 0, 0);
        var dec = new GreedyActionDecoder(l, new EnvironmentConfig());
        var d = new SlotDecisions(3);
        // UE1's scores 2, 1, 7 clip to 1: UE1 and UE2 tie at 1 on every channel. Lower UE first:
        // UE1 takes channel 0 (lower channel), UE2 channel 1; UE0 (0.5 everywhere) gets channel 2.
        dec.Decode(0, Action(3, [1, 1, 1, 0.5, 0.5, 0.5], [1, 1, 1, 2, 1, 7], [1, 1, 1, 1, 1, 1]), d);
        Assert.Equal([2, 0, 1], d.Channel);
    }

    [Fact]
    public void Given_more_candidates_than_channels_When_decoded_Then_the_leftover_candidates_compute_locally()
    {
        ScenarioLayout l = HandScenarios.Layout(1, 1.0, 0, 0, 0);
        var dec = new GreedyActionDecoder(l, new EnvironmentConfig());
        var d = new SlotDecisions(3);
        // UE2 has the best score and takes the only channel; UEs 0 and 1 stay local.
        dec.Decode(0, Action(1, [1, 1, 1, 0.2], [1, 1, 1, 0.3], [1, 1, 0.0, 0.9]), d);
        Assert.Equal([SlotDecisions.NoChannel, SlotDecisions.NoChannel, 0], d.Channel);
        Assert.Equal([0.0, 0.0, 1.0], d.Alpha);
        Assert.Equal([0.0, 0.0, HandScenarios.PMax], d.PowerW);
        // Its share weight 0 becomes minShareWeight 0.01, and it is the only offloader: f = 1.
        Assert.Equal([0.0, 0.0, 1.0], d.Share);
    }

    [Fact]
    public void Given_alpha_below_alphaMin_or_negative_When_decoded_Then_the_UE_is_local_with_zeros()
    {
        ScenarioLayout l = HandScenarios.Layout(2, 1.0, 0, 0);
        var dec = new GreedyActionDecoder(l, new EnvironmentConfig());
        var d = new SlotDecisions(2);
        d.Set(0, 0.3, 1, 0.1, 0.2); // stale values are overwritten
        dec.Decode(0, Action(2, [0.0099, 1, 1, 1, 1], [-3, 1, 1, 1, 1]), d);
        Assert.Equal([0.0, 0.0], d.Alpha);
        Assert.Equal([SlotDecisions.NoChannel, SlotDecisions.NoChannel], d.Channel);
        Assert.Equal([0.0, 0.0], d.PowerW);
        Assert.Equal([0.0, 0.0], d.Share);
    }

    [Fact]
    public void Given_exactly_alphaMin_and_values_above_one_When_decoded_Then_they_offload_with_clipped_values()
    {
        ScenarioLayout l = HandScenarios.Layout(1, 1.0, 0);
        var dec = new GreedyActionDecoder(l, new EnvironmentConfig());
        var d = new SlotDecisions(1);
        dec.Decode(0, [0.01, 5, -2, -1], d);
        Assert.Equal(0.01, d.Alpha[0]);
        Assert.Equal(0, d.Channel[0]);
        Assert.Equal(HandScenarios.PMax, d.PowerW[0]);
        Assert.Equal(1.0, d.Share[0]);
        dec.Decode(0, [7, 0, 0, 0], d);
        Assert.Equal(1.0, d.Alpha[0]);
        Assert.Equal(0.01 * HandScenarios.PMax, d.PowerW[0]);
    }

    [Fact]
    public void Given_a_NaN_or_a_wrong_length_When_decoded_Then_it_is_rejected()
    {
        ScenarioLayout l = HandScenarios.Layout(1, 1.0, 0);
        var dec = new GreedyActionDecoder(l, new EnvironmentConfig());
        var d = new SlotDecisions(1);
        Assert.Throws<ArgumentException>(() => dec.Decode(0, [0.5, 0.5, double.NaN, 0.5], d));
        Assert.Throws<ArgumentException>(() => dec.Decode(0, [0.0, 0.5, 0.5, double.NaN], d));
        Assert.Throws<ArgumentException>(() => dec.Decode(0, [0.5, 0.5, 0.5], d));
    }

    [Theory]
    [InlineData(16, new[] { 10, 10, 10, 10, 10, 10 })]
    [InlineData(4, new[] { 20, 20 })]
    [InlineData(3, new[] { 1, 7, 3 })]
    [InlineData(5, new[] { 12 })]
    public void Given_random_and_adversarial_actions_When_decoded_Then_decisions_always_pass_validation(int k, int[] cellSizes)
    {
        int[] cells = cellSizes.SelectMany((n, m) => Enumerable.Repeat(m, n)).ToArray();
        ScenarioLayout l = HandScenarios.Layout(k, 1.0, cells);
        var dec = new GreedyActionDecoder(l, new EnvironmentConfig());
        var d = new SlotDecisions(l.UeCount);
        var rng = new Rng(12345, (ulong)k);
        double[] special = [0, 1, -0.0, -1e300, 1e300, 0.01, 0.00999999, 0.5, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon];
        for (int trial = 0; trial < 300; trial++)
        {
            for (int m = 0; m < l.SbsCount; m++)
            {
                var a = new double[l.CellSize(m) * (3 + k)];
                int mode = trial % 4;
                for (int i = 0; i < a.Length; i++)
                {
                    a[i] = mode switch
                    {
                        0 => rng.NextDouble(),
                        1 => special[rng.NextInt(special.Length)],
                        2 => rng.NextInt(3) / 2.0,          // many exact ties
                        _ => rng.NextDouble() * 4 - 2,      // outside [0, 1]
                    };
                }
                dec.Decode(m, a, d);
                int offloading = 0;
                foreach (int u in l.CellUes(m))
                {
                    offloading += d.Channel[u] >= 0 ? 1 : 0;
                }
                Assert.True(offloading <= Math.Min(k, l.CellSize(m)));
            }
            DecisionViolation? v = DecisionValidator.FindFirst(l, d, trial);
            Assert.True(v is null, v?.Message);
        }
    }

    [Fact]
    public void Given_all_candidates_and_more_UEs_than_channels_Then_exactly_K_offload()
    {
        int[] cells = Enumerable.Repeat(0, 20).ToArray();
        ScenarioLayout l = HandScenarios.Layout(4, 1.0, cells);
        var dec = new GreedyActionDecoder(l, new EnvironmentConfig());
        var d = new SlotDecisions(20);
        dec.Decode(0, Enumerable.Repeat(0.5, 20 * 7).ToArray(), d);
        // All scores tie: UEs 0..3 get channels 0..3, the rest are local; shares 1/4.
        Assert.Equal([0, 1, 2, 3], d.Channel.Take(4));
        Assert.All(d.Channel.Skip(4), c => Assert.Equal(SlotDecisions.NoChannel, c));
        Assert.All(d.Share.Take(4), f => Assert.Equal(0.25, f));
    }

    [Fact]
    public void Pairwise_sum_follows_numpy_order()
    {
        // Ten values: numpy adds the first eight as ((a0+a1)+(a2+a3))+((a4+a5)+(a6+a7)), then a8, a9.
        // With a0 = 1e17, a1 = 1, a2 = -1e17 and ones elsewhere (spacing of doubles at 1e17 is 16):
        // (1e17 + 1) = 1e17 and (-1e17 + 1) = -1e17, so the first pair sums to 0; (2 + 2) = 4;
        // then + 1 + 1 = 6. A running sum gives 1e17, 1e17, 0, then 7 ones: 7.
        double[] v = [1e17, 1, -1e17, 1, 1, 1, 1, 1, 1, 1];
        Assert.Equal(6.0, PairwiseSum.Sum(v));
        Assert.Equal(6.0, PairwiseSum.Sum([1, 2, 3]));
        Assert.Equal(0.0, PairwiseSum.Sum([]));
    }
}
