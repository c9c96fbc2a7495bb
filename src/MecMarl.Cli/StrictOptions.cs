using System.Globalization;
using System.Reflection;
using Spectre.Console.Cli;

namespace MecMarl.Cli;

/// <summary>
/// Checks a command line against the options its command declares, before the command parser
/// sees it, so that every command treats options alike: an unknown option or a stray argument is
/// refused ("unknown option", with a "did you mean" when a declared option is close), an option
/// that takes a value must have a non-empty one of the option's type (named with its range when it
/// does not parse), and an option that holds one value may be given once.
/// A command <c>a b</c> is found by convention: its settings class is <c>ABSettings</c> in this assembly.
/// </summary>
internal static class StrictOptions
{
    private static readonly string[] HelpOptions = ["-h", "--help", "-?"];

    /// <summary>One declared option: its names, whether it takes a value, and the property it sets.</summary>
    private sealed record OptionSpec(IReadOnlyList<string> Names, bool TakesValue, PropertyInfo Property)
    {
        public string Name => Names[0];

        public bool Repeatable => Property.PropertyType.IsArray;
    }

    /// <summary>The problem with <paramref name="args"/>, or null when the options are well formed (or the command is unknown: the parser reports that).</summary>
    public static string? Check(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args.Any(a => HelpOptions.Contains(a)))
        {
            return null;
        }
        (Type? settings, int start) = FindSettings(args);
        if (settings is null)
        {
            return null;
        }
        List<OptionSpec> specs = Specs(settings);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = start; i < args.Count; i++)
        {
            string token = args[i];
            if (!token.StartsWith('-') || token == "-" || IsNumber(token))
            {
                return $"unknown option: unexpected argument '{token}'{Suggest(token, specs, positional: true)}.";
            }
            string name = token;
            string? inline = null;
            int eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                name = token[..eq];
                inline = token[(eq + 1)..];
            }
            OptionSpec? spec = specs.FirstOrDefault(s => s.Names.Contains(name));
            if (spec is null)
            {
                return $"unknown option '{name}'{Suggest(name, specs, positional: false)}.";
            }
            if (!seen.Add(spec.Name) && !spec.Repeatable)
            {
                return $"{spec.Name}: given more than once.";
            }
            if (!spec.TakesValue)
            {
                if (inline is not null)
                {
                    return $"{spec.Name}: takes no value (found '{inline}').";
                }
                continue;
            }
            string? value = inline;
            if (value is null)
            {
                if (i + 1 >= args.Count || (args[i + 1].StartsWith('-') && args[i + 1] != "-" && !IsNumber(args[i + 1])))
                {
                    return $"{spec.Name}: a value is required.";
                }
                value = args[++i];
            }
            if (ValueProblem(spec, value) is { } problem)
            {
                return problem;
            }
        }
        return null;
    }

    /// <summary>The settings type of the command named by the leading words of <paramref name="args"/>, and the index of the first option.</summary>
    private static (Type? Settings, int Start) FindSettings(IReadOnlyList<string> args)
    {
        Type? found = null;
        int start = 0;
        string prefix = "";
        for (int i = 0; i < args.Count && i < 3 && !args[i].StartsWith('-'); i++)
        {
            prefix += Pascal(args[i]);
            Type? t = typeof(StrictOptions).Assembly.GetType($"{typeof(StrictOptions).Namespace}.Commands.{prefix}Settings");
            if (t is not null && typeof(CommandSettings).IsAssignableFrom(t))
            {
                found = t;
                start = i + 1;
            }
        }
        return (found, start);
    }

    private static string Pascal(string word) =>
        string.Concat(word.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private static List<OptionSpec> Specs(Type settings)
    {
        var specs = new List<OptionSpec>();
        foreach (PropertyInfo p in settings.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetCustomAttribute<CommandOptionAttribute>() is not { } option)
            {
                continue;
            }
            var names = new List<string>();
            names.AddRange(option.LongNames.Select(n => "--" + n));
            names.AddRange(option.ShortNames.Select(n => "-" + n));
            bool flag = p.PropertyType == typeof(bool) || p.PropertyType == typeof(bool?);
            specs.Add(new OptionSpec(names, !flag || option.ValueName is not null, p));
        }
        return specs;
    }

    private static bool IsNumber(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string? ValueProblem(OptionSpec spec, string value)
    {
        Type t = spec.Property.PropertyType;
        t = t.IsArray ? t.GetElementType()! : Nullable.GetUnderlyingType(t) ?? t;
        if (value.Length == 0 || string.IsNullOrWhiteSpace(value))
        {
            return $"{spec.Name}: the value is empty.";
        }
        if (t == typeof(int) && !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return $"{spec.Name}: '{value}' is not a whole number between {int.MinValue} and {int.MaxValue}.";
        }
        if (t == typeof(ulong) && !ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return $"{spec.Name}: '{value}' is not a whole number between 0 and {ulong.MaxValue}.";
        }
        if (t == typeof(double) && (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || !double.IsFinite(d)))
        {
            return $"{spec.Name}: '{value}' is not a finite number.";
        }
        return null;
    }

    /// <summary>" (did you mean '--x'?)" for the closest declared option, or "".</summary>
    private static string Suggest(string token, List<OptionSpec> specs, bool positional)
    {
        string probe = positional ? "--" + token.TrimStart('-') : token;
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string name in specs.SelectMany(s => s.Names).Where(n => n.StartsWith("--", StringComparison.Ordinal)))
        {
            int d = Distance(probe, name);
            if (d < bestDistance)
            {
                (best, bestDistance) = (name, d);
            }
        }
        int allowed = Math.Max(2, probe.Length / 4);
        return best is not null && bestDistance <= allowed ? $" (did you mean '{best}'?)" : "";
    }

    /// <summary>Levenshtein edit distance (insertions, deletions, substitutions).</summary>
    internal static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
