namespace MecMarl.Cli.Tests;

public sealed class SimulateCommandTests
{
    [Fact]
    public void LocalComputing_MeetsNoDeadline()
    {
        // Under all-local computing T_n = omega_n / C_n > T~_n = 0.9 omega_n / C_n (SPEC 3), so no
        // deadline is met, and no edge energy is spent.
        var (code, output, _) = CliRunner.Run("simulate", "--policy", "local", "--episodes", "1");
        Assert.Equal(0, code);
        Assert.Contains("deadlines met (%)", output);
        Assert.Matches(@"deadlines met \(%\)\s*│\s*0\.00", output);
        Assert.Matches(@"edge energy \(J per UE per slot\)\s*│\s*0\s", output);
    }

    [Fact]
    public void FullOffloading_SpendsNoLocalEnergy()
    {
        var (code, output, _) = CliRunner.Run("simulate", "--policy", "full-offload", "--episodes", "1", "--seed", "2");
        Assert.Equal(0, code);
        Assert.Matches(@"local energy \(J per UE per slot\)\s*│\s*0\s", output);
    }
}

public sealed class SimulateYardstickTests
{
    [Fact]
    public void Yardstick_MeetsEveryDeadlineOnThePaperScenario()
    {
        // The yardstick targets 95% of each deadline and never computes locally with N_m <= K.
        var (code, output, _) = CliRunner.Run("simulate", "--policy", "yardstick", "--episodes", "1");
        Assert.Equal(0, code);
        Assert.Matches(@"deadlines met \(%\)\s*│\s*100\.00", output);
        Assert.Matches(@"local energy \(J per UE per slot\)\s*│\s*0\s", output);
    }
}
