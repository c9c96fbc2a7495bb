using MecMarl.Randomness;

namespace MecMarl.Simulation.Tests;

public sealed class StructureTests
{
    [Fact]
    public void The_simulator_references_only_the_randomness_project_and_the_tensor_package()
    {
        string[] refs = typeof(MecEnvironment).Assembly.GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => n.StartsWith("MecMarl", StringComparison.Ordinal) || !(n.StartsWith("System", StringComparison.Ordinal) || n == "netstandard"))
            .ToArray();
        Assert.Equal(["MecMarl.Randomness"], refs);
    }

    [Fact]
    public void Given_a_warmed_up_evaluator_When_a_paper_slot_is_evaluated_Then_nothing_is_allocated()
    {
        Scenario s = ScenarioGenerator.Generate(SimulationConfig.Paper, 1, 2, 1);
        var decoder = new GreedyActionDecoder(s.Layout, new EnvironmentConfig());
        var d = new SlotDecisions(s.Layout.UeCount);
        var rng = new Rng(4);
        for (int m = 0; m < s.Layout.SbsCount; m++)
        {
            decoder.Decode(m, Enumerable.Range(0, s.Layout.CellSize(m) * 19).Select(_ => rng.NextDouble()).ToArray(), d);
        }
        var evaluator = new SlotEvaluator(s.Layout);
        var result = new SlotResult(s.Layout.UeCount, s.Layout.SbsCount);
        evaluator.Evaluate(s.Slots[0].Gains, s.Slots[0].Tasks, d, result);
        long before = GC.GetAllocatedBytesForCurrentThread();
        evaluator.Evaluate(s.Slots[0].Gains, s.Slots[0].Tasks, d, result);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);
        Assert.Contains(result.Ues, o => o.RateBps > 0);
    }

    [Fact]
    public void Given_an_actions_file_with_a_short_vector_Then_shape_names_it()
    {
        ScenarioLayout l = HandScenarios.Layout(2, 1.0, 0, 1);
        var ex = Assert.Throws<ExchangeFormatException>(() =>
            AgentVectorsFile.ParseActions("""{"slots":[{"agents":[[0,0,0,0,0],[0,0,0,0]]}]}""", l, 1, "a.json"));
        Assert.Equal(ErrorClasses.Shape, ex.ErrorClass);
        Assert.Equal("slots[0].agents[1]", ex.JsonPath);
        var ex2 = Assert.Throws<ExchangeFormatException>(() =>
            AgentVectorsFile.ParseActions("""{"slots":[{"agents":[[0,0,0,0,0],[0,0,"x",0,0]]}]}""", l, 1, "a.json"));
        Assert.Equal(ErrorClasses.Format, ex2.ErrorClass);
        Assert.Equal("slots[0].agents[1][2]", ex2.JsonPath);
    }

    [Fact]
    public void Given_decoded_actions_written_as_files_Then_they_read_back_exactly()
    {
        Scenario s = ScenarioGenerator.Generate(SimulationConfig.Paper with
        {
            Network = SimulationConfig.Paper.Network with { SbsCount = 2, UesPerCell = new[] { 2, 3 } },
            Channel = SimulationConfig.Paper.Channel with { Channels = 2 },
        }, 1, 2, 3);
        var rng = new Rng(5);
        double[][][] actions = Enumerable.Range(0, 3).Select(_ =>
            Enumerable.Range(0, 2).Select(m => Enumerable.Range(0, s.Layout.CellSize(m) * 5).Select(_ => rng.NextDouble()).ToArray()).ToArray()).ToArray();
        string actionsPath = TestSupport.TempFile("actions.json");
        AgentVectorsFile.Write(actionsPath, actions);
        double[][][] back = AgentVectorsFile.ReadActions(actionsPath, s.Layout, 3);
        Assert.Equal(actions, back);
        var (decisions, observations) = ScenarioEvaluation.DecodeActions(s, back);
        string obsPath = TestSupport.TempFile("observations.json");
        AgentVectorsFile.Write(obsPath, observations);
        Assert.Equal(observations, AgentVectorsFile.ReadObservations(obsPath, s.Layout, 3));
        Assert.Null(DecisionValidator.FindFirst(s.Layout, decisions));
        // Slot 0 observations end with K zero interference features.
        Assert.Equal([0.0, 0.0], observations[0][1][^2..]);
    }
}
