namespace MecMarl.Simulation.Tests;

public sealed class ConstantPolicyTests
{
    [Fact]
    public void EveryUeOfEveryCell_GetsTheSameAction()
    {
        ScenarioLayout l = HandScenarios.Layout(2, 1.0, 0, 0, 1);
        var policy = new ConstantPolicy(l, [0.9, 0.2, 0.3, 0.4, 0.6]);
        float[][] actions = Policies.ActionBuffers(l);

        policy.Act([], actions);

        Assert.Equal([0.9f, 0.2f, 0.3f, 0.4f, 0.6f, 0.9f, 0.2f, 0.3f, 0.4f, 0.6f], actions[0]);
        Assert.Equal([0.9f, 0.2f, 0.3f, 0.4f, 0.6f], actions[1]);
    }

    [Fact]
    public void DefaultAction_IsAlphaOneAndHalfEverywhereElse()
    {
        Assert.Equal([1.0, 0.5, 0.5, 0.5, 0.5, 0.5], ConstantPolicy.DefaultAction(3));
    }

    [Theory]
    [InlineData(new[] { 1.0, 0.5, 0.5, 0.5 }, "expected 3 + K = 5")]
    [InlineData(new[] { 1.0, 0.5, 1.5, 0.5, 0.5 }, "value 2 is 1.5")]
    [InlineData(new[] { 1.0, -0.1, 0.5, 0.5, 0.5 }, "value 1 is -0.1")]
    public void WrongLengthOrOutOfRange_Throws(double[] action, string message)
    {
        ScenarioLayout l = HandScenarios.Layout(2, 1.0, 0);
        var e = Assert.Throws<ArgumentException>(() => new ConstantPolicy(l, action));
        Assert.Contains(message, e.Message);
    }
}
