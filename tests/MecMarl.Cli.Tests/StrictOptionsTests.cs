using System.Text.RegularExpressions;
using Spectre.Console.Cli;

using static MecMarl.Cli.Tests.CliRunner;

namespace MecMarl.Cli.Tests;

/// <summary>Every command refuses unknown options and stray arguments before doing anything (issue 11, item 3).</summary>
public sealed class StrictOptionsTests
{
    /// <summary>The command words of every command class (ScenarioExportCommand: "scenario export").</summary>
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (Type t in typeof(Program).Assembly.GetTypes().Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(Command<>)))
        {
            data.Add(Regex.Replace(t.Name[..^"Command".Length], "(?<!^)([A-Z])", " $1").ToLowerInvariant());
        }
        return data;
    }

    [Fact]
    public void EveryCommand_HasSettingsNamedAfterIt()
    {
        // Given the convention the option check relies on (XCommand : Command<XSettings>)
        var commands = typeof(Program).Assembly.GetTypes().Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(Command<>)).ToList();
        Assert.True(commands.Count >= 8);
        foreach (Type t in commands)
        {
            Assert.Equal(t.Name[..^"Command".Length] + "Settings", t.BaseType!.GetGenericArguments()[0].Name);
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommand_RefusesAnUnknownOption_AndAStrayArgument(string command)
    {
        string[] words = command.Split(' ');
        AssertBadInput(CliRunner.Run([.. words, "--no-such-option", "1"]), "unknown option '--no-such-option'");
        AssertBadInput(CliRunner.Run([.. words, "stray"]), "unknown option", "unexpected argument 'stray'");
    }

    [Fact]
    public void Train_SeedsTypo_IsRefusedWithASuggestion_AndCreatesNothing()
    {
        string dir = CliRunner.TempDir();
        string run = Path.Combine(dir, "run");
        var result = CliRunner.Run("train", "--scheme", "ma-drl", "--seeds", "5", "--out", run);
        AssertBadInput(result, "unknown option '--seeds'", "did you mean '--seed'?");
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void Train_Foo_IsRefusedWithoutASuggestion()
    {
        var result = CliRunner.Run("train", "--foo", "1");
        AssertBadInput(result, "unknown option '--foo'");
        Assert.DoesNotContain("did you mean", result.Err);
    }

    [Fact]
    public void Simulate_Episode_SuggestsEpisodes()
    {
        AssertBadInput(CliRunner.Run("simulate", "--episode", "1"), "unknown option '--episode'", "did you mean '--episodes'?");
    }

    [Fact]
    public void StrayWordThatLooksLikeAnOption_SuggestsIt()
    {
        AssertBadInput(CliRunner.Run("simulate", "--policy", "local", "seed", "3"), "unexpected argument 'seed'", "did you mean '--seed'?");
    }

    [Fact]
    public void OptionWithoutItsValue_IsNamed()
    {
        string dir = CliRunner.TempDir();
        var result = CliRunner.Run("train", "--scheme", "ma-drl", "--out");
        AssertBadInput(result, "--out: a value is required");
        AssertBadInput(CliRunner.Run("train", "--out", "--scheme", "ma-drl"), "--out: a value is required");
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void EmptyOut_IsRefused()
    {
        AssertBadInput(CliRunner.Run("train", "--scheme", "ma-drl", "--out", ""), "--out", "empty");
        AssertBadInput(CliRunner.Run("scenario", "export", "--out", ""), "--out", "empty");
    }

    [Theory]
    [InlineData("train", "--seed", "abc")]
    [InlineData("eval", "--eval-seed", "-1")]
    [InlineData("train", "--episodes", "99999999999")]
    [InlineData("simulate", "--seed", "1.5")]
    public void UnparsableNumber_NamesTheOptionAndItsRange(string command, string option, string value)
    {
        var result = CliRunner.Run(command, option, value);
        AssertBadInput(result, $"{option}: '{value}' is not a whole number between");
        Assert.DoesNotContain("Nullable", result.Err);
    }

    [Fact]
    public void RepeatedSingleOption_IsRefused()
    {
        AssertBadInput(CliRunner.Run("simulate", "--policy", "local", "--episodes=1", "--episodes", "2"), "--episodes: given more than once");
    }

    [Fact]
    public void FlagWithAValue_IsRefused()
    {
        AssertBadInput(CliRunner.Run("bench", "--updates=yes"), "--updates: takes no value");
    }

    [Fact]
    public void WellFormedOptions_StillRun()
    {
        // --episodes=1 (inline value) and a negative-looking value are both options with values.
        var result = CliRunner.Run("simulate", "--policy", "local", "--episodes=1", "--seed", "3");
        Assert.Equal(0, result.Code);
        Assert.Equal("", result.Err);
    }

    [Theory]
    [InlineData("--seeds", "--seed", 1)]
    [InlineData("--episode", "--episodes", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Distance_IsTheEditDistance(string a, string b, int expected)
    {
        // Hand counts: delete s; insert s; k->s, e->i, insert g; three inserts.
        var distance = typeof(Program).Assembly.GetType("MecMarl.Cli.StrictOptions")!.GetMethod("Distance", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        Assert.Equal(expected, (int)distance.Invoke(null, [a, b])!);
    }
}
