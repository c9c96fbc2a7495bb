using System.Text.Json.Nodes;

namespace MecMarl.Cli.Tests;

/// <summary>The worked examples of docs/studies.md, copied from the page and run on a tiny scenario.</summary>
public sealed class StudiesDocTests
{
    /// <summary>Appended to every example: a small network, short episodes, small learners.</summary>
    private const string TinyOverlay = """
        {
          "network": { "uesPerCell": 2 },
          "channel": { "channels": 4 },
          "environment": { "slotsPerEpisode": 5 },
          "training": {
            "actorHidden": [8], "criticHidden": [8], "batchSize": 4, "bufferCapacity": 100,
            "learningStarts": 8, "checkpointEveryEpisodes": 1
          },
          "schemes": { "f-drl": { "aggregation": { "periodEpisodes": 1 } } },
          "evaluation": { "episodes": 1 }
        }
        """;

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MecMarl.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root (MecMarl.slnx) not found above the test binaries");
    }

    /// <summary>The <c>mecmarl ...</c> lines of the page's bash blocks, split into arguments.</summary>
    internal static List<string[]> Commands(string markdown)
    {
        var commands = new List<string[]>();
        bool inBash = false;
        foreach (string raw in markdown.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inBash = !inBash && line == "```bash";
                continue;
            }
            if (inBash && line.StartsWith("mecmarl ", StringComparison.Ordinal))
            {
                commands.Add(line["mecmarl ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }
        return commands;
    }

    [Fact]
    public void WorkedExamples_RunAsWritten_OnATinyScenario()
    {
        string root = RepoRoot();
        string studies = File.ReadAllText(Path.Combine(root, "docs", "studies.md"));
        string figures = File.ReadAllText(Path.Combine(root, "docs", "figures.md"));
        List<string[]> commands = Commands(studies);
        // Density sweep, deadline sweep, decoder ablation (sweep and reproduce).
        Assert.Equal(4, commands.Count);
        string dir = CliRunner.TempDir();
        string overlay = Path.Combine(dir, "tiny-overlay.json");
        File.WriteAllText(overlay, TinyOverlay);
        int sweeps = 0;
        foreach (string[] page in commands)
        {
            // Given the command as the page writes it, with only these changes: output under a temporary
            // folder, repository-relative configs made absolute, 2 training episodes, the tiny overlay last.
            var args = new List<string>();
            string? output = null;
            for (int i = 0; i < page.Length; i++)
            {
                string a = page[i];
                if (i + 1 < page.Length && a is "--out" or "--config" or "--episodes")
                {
                    string v = page[++i];
                    v = a switch
                    {
                        "--out" => output = Path.Combine(dir, v),
                        "--config" => Path.Combine(root, v),
                        _ => "2",
                    };
                    args.AddRange([a, v]);
                    continue;
                }
                args.Add(a);
            }
            args.AddRange(["--config", overlay]);

            // When it runs.
            var run = CliRunner.Run([.. args]);

            // Then it succeeds and writes its results.
            Assert.True(run.Code == 0, $"mecmarl {string.Join(' ', page)}: exit {run.Code}: {run.Err}");
            Assert.NotNull(output);
            if (page[0] == "sweep")
            {
                sweeps++;
                JsonNode state = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "sweep.json")))!;
                Assert.Equal("complete", state["status"]!.GetValue<string>());
                int points = state["definition"]!["points"]!.AsArray().Count;
                Assert.Equal(points * CountUnits(page), File.ReadAllLines(Path.Combine(output, "sweep.csv")).Length - 1);
                Assert.True(File.Exists(Path.Combine(output, "sweep_energy.svg")));
                // The columns docs/studies.md lists are the columns written (after the varied paths).
                string header = File.ReadLines(Path.Combine(output, "sweep.csv")).First();
                Assert.Contains(",scheme,seed," + header.Split(",scheme,seed,")[1] + "`", studies);
            }
            else
            {
                Assert.True(File.Exists(Path.Combine(output, "summary.md")));
                // Every file reproduce writes is listed in docs/figures.md, Fig. 8 and the signalling summary included.
                foreach (string file in Directory.GetFiles(output).Select(f => Path.GetFileName(f)).Where(n => !n.StartsWith('.')))
                {
                    string listed = Path.GetExtension(file) is ".png" or ".svg" or ".csv" && file.StartsWith("fig", StringComparison.Ordinal)
                        ? "`" + Path.GetFileNameWithoutExtension(file) + ".png` / `.svg` / `.csv`"
                        : "`" + file + "`";
                    Assert.Contains(listed, figures);
                }
                Assert.True(File.Exists(Path.Combine(output, "fig8_overhead.svg")));
                Assert.NotNull(JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!["schemes"]!["f-drl"]!["signalling"]!["trainingBytesPerSlot"]!["uplink"]);
                Assert.Equal("--set environment.decoder=greedy",
                    JsonNode.Parse(File.ReadAllText(Path.Combine(output, "config.sources.json")))!["sources"]!["environment.decoder"]!.GetValue<string>());
            }
        }
        Assert.Equal(3, sweeps);
    }

    // Rows per point: each learning scheme once per seed, each fixed scheme once (counted from the page's options).
    private static int CountUnits(string[] page)
    {
        string[] schemes = page[Array.IndexOf(page, "--schemes") + 1].Split(',');
        int seeds = page[Array.IndexOf(page, "--seeds") + 1].Split(',').Length;
        return schemes.Sum(s => s is "ma-drl" or "f-drl" or "il-drl" ? seeds : 1);
    }
}
