namespace MecMarl.Simulation.Tests;

/// <summary>The cases of an independent implementation (Cases/, copied from shared/cases).</summary>
public sealed class SharedCasesTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in TestSupport.Cases())
        {
            data.Add(c.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Given_a_case_When_its_decisions_are_evaluated_Then_the_results_match_expected(string name)
    {
        var info = TestSupport.Cases().Single(c => c.Name == name);
        Scenario scenario = ScenarioFile.Read(TestSupport.CaseFile(name, "scenario.json"));
        string decisionsPath = TestSupport.CaseFile(name, "decisions.json");
        string expectedPath = TestSupport.CaseFile(name, "expected.json");
        if (!info.Valid)
        {
            var ex = Assert.Throws<ExchangeFormatException>(() => DecisionsFile.Read(decisionsPath, scenario));
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(expectedPath));
            var err = doc.RootElement.GetProperty("error");
            Assert.Equal(err.GetProperty("constraint").GetString(), ex.ErrorClass);
            Assert.Equal(err.GetProperty("slot").GetInt32(), ex.Slot);
            Assert.Equal(err.GetProperty("cell").GetInt32(), ex.Cell);
            Assert.Equal(err.GetProperty("ue").GetInt32(), ex.Ue);
            Assert.Contains(decisionsPath, ex.Message);
            Assert.Contains($"slots[{ex.Slot}].ues[{ex.Ue}]", ex.Message);
            return;
        }

        SlotDecisions[] decisions = DecisionsFile.Read(decisionsPath, scenario);
        SlotResult[] actual = ScenarioEvaluation.Evaluate(scenario, decisions);
        SlotResult[] expected = ResultsFile.Read(expectedPath);
        Assert.Equal(expected.Length, actual.Length);
        for (int t = 0; t < expected.Length; t++)
        {
            Assert.Equal(expected[t].Ues.Length, actual[t].Ues.Length);
            for (int u = 0; u < expected[t].Ues.Length; u++)
            {
                UeOutcome e = expected[t].Ues[u], a = actual[t].Ues[u];
                string at = $"{name} slot {t} UE {u}";
                TestSupport.AssertClose(e.RateBps, a.RateBps, at + " rateBps");
                TestSupport.AssertClose(e.InterferenceW, a.InterferenceW, at + " interferenceW");
                TestSupport.AssertClose(e.LocalDelayS, a.LocalDelayS, at + " localDelayS");
                TestSupport.AssertClose(e.OffloadDelayS, a.OffloadDelayS, at + " offloadDelayS");
                TestSupport.AssertClose(e.DelayS, a.DelayS, at + " delayS");
                TestSupport.AssertClose(e.LocalEnergyJ, a.LocalEnergyJ, at + " localEnergyJ");
                TestSupport.AssertClose(e.OffloadEnergyJ, a.OffloadEnergyJ, at + " offloadEnergyJ");
                Assert.True(e.Met == a.Met, at + " met");
                TestSupport.AssertClose(e.V, a.V, at + " v");
                TestSupport.AssertClose(e.Utility, a.Utility, at + " utility");
            }
            Assert.Equal(expected[t].CellRewards.Length, actual[t].CellRewards.Length);
            for (int m = 0; m < expected[t].CellRewards.Length; m++)
            {
                TestSupport.AssertClose(expected[t].CellRewards[m], actual[t].CellRewards[m], $"{name} slot {t} cell {m} reward");
            }
            TestSupport.AssertClose(expected[t].SystemReward, actual[t].SystemReward, $"{name} slot {t} system reward");
        }
    }

    [Fact]
    public void Given_the_decoder_case_When_its_actions_are_decoded_Then_decisions_match_exactly_and_observations_to_1e9()
    {
        const string name = "decoder_paper_default";
        Scenario scenario = ScenarioFile.Read(TestSupport.CaseFile(name, "scenario.json"));
        double[][][] actions = AgentVectorsFile.ReadActions(TestSupport.CaseFile(name, "actions.json"), scenario.Layout, scenario.Slots.Count);
        SlotDecisions[] expected = DecisionsFile.Read(TestSupport.CaseFile(name, "decisions.json"), scenario);
        double[][][] expectedObs = AgentVectorsFile.ReadObservations(TestSupport.CaseFile(name, "observations.json"), scenario.Layout, scenario.Slots.Count);

        var (decisions, observations) = ScenarioEvaluation.DecodeActions(scenario, actions);

        for (int t = 0; t < expected.Length; t++)
        {
            for (int u = 0; u < expected[t].Count; u++)
            {
                Assert.True(expected[t].Alpha[u] == decisions[t].Alpha[u], $"slot {t} UE {u} alpha {expected[t].Alpha[u]:R} vs {decisions[t].Alpha[u]:R}");
                Assert.True(expected[t].Channel[u] == decisions[t].Channel[u], $"slot {t} UE {u} channel {expected[t].Channel[u]} vs {decisions[t].Channel[u]}");
                Assert.True(expected[t].PowerW[u] == decisions[t].PowerW[u], $"slot {t} UE {u} power {expected[t].PowerW[u]:R} vs {decisions[t].PowerW[u]:R}");
                Assert.True(expected[t].Share[u] == decisions[t].Share[u], $"slot {t} UE {u} share {expected[t].Share[u]:R} vs {decisions[t].Share[u]:R}");
            }
            for (int m = 0; m < expectedObs[t].Length; m++)
            {
                for (int i = 0; i < expectedObs[t][m].Length; i++)
                {
                    TestSupport.AssertClose(expectedObs[t][m][i], observations[t][m][i], $"slot {t} agent {m} obs {i}", 1e-9, 1e-12);
                }
            }
        }
        // The decisions file written back is the expected file, number for number.
        Assert.Equal(DecisionsFile.ToJson(expected), DecisionsFile.ToJson(decisions));
    }
}
