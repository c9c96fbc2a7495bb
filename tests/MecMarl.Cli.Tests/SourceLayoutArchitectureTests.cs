using System.Text.RegularExpressions;

namespace MecMarl.Cli.Tests;

/// <summary>
/// Pins the source layout of STYLE.md and docs/architecture.md: in the projects below, a .cs file
/// declares at most one top-level public type, named as the file (nested types and internal
/// helpers may sit beside it), under a file-scoped namespace. A plain source scan: a top-level
/// declaration starts at column 0 under a file-scoped namespace, a nested one is indented.
/// </summary>
public sealed partial class SourceLayoutArchitectureTests
{
    private static readonly string[] Projects =
    [
        "MecMarl.Simulation", "MecMarl.Learning", "MecMarl.Experiments", "MecMarl.Reports", "MecMarl.Cli", "MecMarl.Randomness",
    ];

    // A top-level public type: "public [modifiers] class|struct|interface|enum|record [struct|class] Name"
    // or "public delegate ReturnType Name(".
    [GeneratedRegex(@"^public\s+(?:(?:static|sealed|abstract|readonly|partial|ref|unsafe|new)\s+)*(?:(?:record\s+(?:struct|class)|record|class|struct|interface|enum)\s+(?<name>[A-Za-z_]\w*)|delegate\s+.+?\s+(?<name>[A-Za-z_]\w*)\s*[<(])", RegexOptions.Multiline)]
    private static partial Regex PublicTopLevelType();

    [GeneratedRegex(@"^namespace\s+[\w.]+\s*(\{.*)?$", RegexOptions.Multiline)]
    private static partial Regex BlockNamespace();

    /// <summary>What is wrong with source file <paramref name="fileName"/> holding <paramref name="text"/>, one line per problem (none when it follows the layout).</summary>
    internal static List<string> Problems(string fileName, string text)
    {
        string stem = Path.GetFileNameWithoutExtension(fileName);
        string source = text.ReplaceLineEndings("\n");
        var problems = new List<string>();
        if (BlockNamespace().IsMatch(source))
        {
            problems.Add($"{fileName}: a block-scoped namespace (use a file-scoped one)");
        }
        string[] types = [.. PublicTopLevelType().Matches(source).Select(m => m.Groups["name"].Value)];
        if (types.Length > 1)
        {
            problems.Add($"{fileName}: {types.Length} top-level public types ({string.Join(", ", types)}); one per file");
        }
        foreach (string type in types.Where(t => t != stem))
        {
            problems.Add($"{fileName}: public type {type} in a file not named {type}.cs");
        }
        return problems;
    }

    [Fact]
    public void TheScanner_FindsTwoPublicTypesInOneFile()
    {
        const string text = """
            namespace MecMarl.Simulation;

            /// <summary>public class NotAType in a comment.</summary>
            public sealed record Foo(int X);

            public enum FooKind
            {
                A,
            }
            """;
        List<string> problems = Problems("Foo.cs", text);
        Assert.Equal(2, problems.Count);
        Assert.Contains("Foo.cs: 2 top-level public types (Foo, FooKind); one per file", problems);
        Assert.Contains("Foo.cs: public type FooKind in a file not named FooKind.cs", problems);
    }

    [Fact]
    public void TheScanner_FindsAPublicTypeNamedUnlikeItsFile()
    {
        Assert.Equal(["Bar.cs: public type JsonInputError in a file not named JsonInputError.cs"],
            Problems("Bar.cs", "namespace N;\n\npublic delegate Exception JsonInputError(string file);\n"));
        Assert.Equal(["Baz.cs: public type Qux in a file not named Qux.cs"],
            Problems("Baz.cs", "namespace N;\r\n\r\npublic readonly record struct Qux(int A);\r\n"));
        Assert.Equal(["Blocks.cs: a block-scoped namespace (use a file-scoped one)"],
            Problems("Blocks.cs", "namespace N\n{\n    public class Blocks { }\n}\n"));
    }

    [Fact]
    public void TheScanner_AcceptsNestedTypesAndInternalHelpers()
    {
        const string text = """
            namespace N;

            public static class Outer<T>
            {
                public sealed class Inner
                {
                }
            }

            internal sealed class Helper
            {
            }

            sealed class Other;
            """;
        Assert.Empty(Problems("Outer.cs", text));
    }

    [Fact]
    public void EverySourceFile_DeclaresOnePublicTypeNamedAsTheFile()
    {
        string root = RepoRoot();
        var problems = new List<string>();
        int files = 0;
        foreach (string project in Projects)
        {
            string dir = Path.Combine(root, "src", project);
            foreach (string file in Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
                {
                    continue;
                }
                files++;
                problems.AddRange(Problems(relative, File.ReadAllText(file)));
            }
        }
        Assert.True(files > 150, $"only {files} source files found under src/");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    // A source file named in a page ("src/MecMarl.Learning/Schemes/JointReplayLearner.cs"), or in the
    // architecture page any backticked path of the repository ("src/MecMarl.Simulation", "src/MecMarl.Nn/*").
    [GeneratedRegex(@"(?:src|bench|tests)/MecMarl[\w./-]*\.cs\b")]
    private static partial Regex SourcePath();

    [GeneratedRegex(@"`((?:src|bench|tests)/[^`*\s]*?)/?(?:\*)?`")]
    private static partial Regex BacktickedPath();

    [Fact]
    public void EverySourcePathTheDocsName_Exists()
    {
        string root = RepoRoot();
        string[] pages = [.. Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md"), Path.Combine(root, "README.md")];
        var missing = new List<string>();
        int named = 0;
        foreach (string page in pages)
        {
            string text = File.ReadAllText(page);
            IEnumerable<string> paths = SourcePath().Matches(text).Select(m => m.Value);
            if (Path.GetFileName(page) == "architecture.md")
            {
                paths = paths.Concat(BacktickedPath().Matches(text).Select(m => m.Groups[1].Value));
            }
            foreach (string path in paths.Distinct())
            {
                named++;
                string full = Path.Combine(root, path);
                if (!File.Exists(full) && !Directory.Exists(full))
                {
                    missing.Add($"{Path.GetFileName(page)}: {path}");
                }
            }
        }
        Assert.True(named > 50, $"only {named} paths found in docs/ and README.md");
        Assert.True(missing.Count == 0, "paths that do not exist: " + string.Join(", ", missing));
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MecMarl.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root (MecMarl.slnx) not found above the test binaries");
    }
}
