using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MecMarl.Simulation;

namespace MecMarl.Experiments;

/// <summary>
/// An experiment config built from layers, in order: the paper defaults, then every <c>--config</c>
/// file (deep merge by JSON path: objects merge member by member, any other value, arrays included,
/// replaces the earlier one), then every single-value override (<c>--set path=value</c>, and the
/// grid values of <c>sweep --vary</c>). The merged JSON goes through the one config reader
/// (<see cref="ExperimentConfig.Parse"/>), so every check applies unchanged; an error is reported
/// against the layer that last set the offending JSON path (a file, or the option with its text).
/// The layers also give the provenance of every resolved value (<see cref="SourcesJson"/>,
/// <c>config.sources.json</c> in run folders; docs/studies.md).
/// </summary>
public sealed class ConfigLayers
{
    /// <summary>Source of values no layer sets: the paper preset's defaults.</summary>
    public const string DefaultSource = "default";

    private readonly JsonObject _root = new();
    private readonly List<(string Path, string Source)> _sources = [];
    private readonly List<string> _layers = [];

    /// <summary>The layers added so far, as their labels (file paths, <c>--set path=value</c>, ...).</summary>
    public IReadOnlyList<string> Layers => _layers;

    /// <summary>The config files among the layers, in order.</summary>
    public IReadOnlyList<string> Files { get; private set; } = [];

    /// <summary>A label for the whole stack in error messages: the layers joined by " + ", or "the paper defaults".</summary>
    public string Label => _layers.Count == 0 ? "the paper defaults" : string.Join(" + ", _layers);

    /// <summary>The merged JSON of every layer (only what the layers give; the reader fills in the defaults).</summary>
    public string MergedJson => _root.ToJsonString();

    /// <summary>Layers of the given config files (in order) and then the given <c>--set</c> assignments.</summary>
    public static ConfigLayers Of(IEnumerable<string>? files, IEnumerable<string>? assignments)
    {
        var layers = new ConfigLayers();
        foreach (string f in files ?? [])
        {
            layers.AddFile(f);
        }
        foreach (string a in assignments ?? [])
        {
            layers.Set(a);
        }
        return layers;
    }

    /// <summary>A copy of these layers (for one point of a sweep).</summary>
    public ConfigLayers Clone()
    {
        var c = new ConfigLayers { Files = Files };
        foreach (KeyValuePair<string, JsonNode?> p in _root)
        {
            c._root[p.Key] = p.Value?.DeepClone();
        }
        c._sources.AddRange(_sources);
        c._layers.AddRange(_layers);
        return c;
    }

    /// <summary>Merges a config file over the layers so far; malformed JSON or a non-object document is a <see cref="ConfigException"/> naming the file.</summary>
    public ConfigLayers AddFile(string file)
    {
        JsonInput input = JsonInput.Load(file, SimulationConfig.ConfigError);
        AddJson(input.Element, file);
        Files = [.. Files, file];
        return this;
    }

    /// <summary>Merges config text over the layers so far; <paramref name="label"/> names it in errors and provenance.</summary>
    public ConfigLayers AddText(string json, string label)
    {
        JsonInput input = JsonInput.Parse(json, label, SimulationConfig.ConfigError);
        AddJson(input.Element, label);
        return this;
    }

    private void AddJson(JsonElement element, string label)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigException(label, "", "expected a JSON object at the top level");
        }
        JsonObject obj;
        try
        {
            obj = JsonNode.Parse(element.GetRawText())!.AsObject();
            _ = obj.Count; // duplicate members surface here
        }
        catch (Exception e) when (e is ArgumentException or JsonException)
        {
            throw new ConfigException(label, "", $"cannot be merged: {e.Message}");
        }
        Merge(_root, obj, "", label);
        _layers.Add(label);
    }

    private void Merge(JsonObject target, JsonObject overlay, string path, string label)
    {
        foreach (KeyValuePair<string, JsonNode?> p in overlay.ToList())
        {
            string childPath = path.Length == 0 ? p.Key : path + "." + p.Key;
            if (p.Value is JsonObject o && target[p.Key] is JsonObject existing)
            {
                Merge(existing, o, childPath, label);
            }
            else if (p.Value is JsonObject o2)
            {
                var fresh = new JsonObject();
                target[p.Key] = fresh;
                Merge(fresh, o2, childPath, label);
                if (o2.Count == 0)
                {
                    _sources.Add((childPath, label));
                }
            }
            else
            {
                target[p.Key] = p.Value?.DeepClone();
                _sources.Add((childPath, label));
            }
        }
    }

    /// <summary>
    /// Applies <c>path=value</c> (e.g. <c>network.sbsCount=12</c>, <c>environment.decoder=deadline-aware</c>,
    /// <c>network.uesPerCell=[8,10,12]</c>): the value is read as JSON when it is JSON (number, true,
    /// false, null, array, object, quoted string) and as a string otherwise. A malformed assignment
    /// is a <see cref="ConfigException"/> whose file is <c>option assignment</c>; whether the path and
    /// the value's type are right is checked by the config reader in <see cref="Resolve"/>.
    /// </summary>
    public ConfigLayers Set(string assignment, string option = "--set")
    {
        ArgumentNullException.ThrowIfNull(assignment);
        string label = $"{option} {assignment}";
        int eq = assignment.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new ConfigException(label, "", "expected path=value, e.g. network.sbsCount=12");
        }
        string path = assignment[..eq].Trim();
        List<object> segments = ParsePath(path) ?? throw new ConfigException(label, "",
            $"'{path}' is not a JSON path (expected names separated by dots, with optional [index], e.g. network.sbsCount or schemes.f-drl.aggregation.periodEpisodes)");
        JsonNode value = ParseValue(assignment[(eq + 1)..]);
        SetAt(segments, value, label);
        _sources.Add((path, label));
        _layers.Add(label);
        return this;
    }

    /// <summary>Records that a command option changed a resolved value after the layers (e.g. <c>--budget smoke</c> on <c>training.episodes</c>).</summary>
    public void Note(string path, string source) => _sources.Add((path, source));

    /// <summary>The JSON value of a <c>--set</c> text: JSON when it parses as JSON, else the text as a string.</summary>
    public static JsonNode ParseValue(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (t.Length > 0)
        {
            try
            {
                JsonNode? node = JsonNode.Parse(t);
                return node ?? JsonValue.Create((string?)null)!;
            }
            catch (JsonException)
            {
            }
        }
        return JsonValue.Create(text);
    }

    // Names and [index] parts of a path such as training.actorHidden[0]; null when it is not one.
    private static List<object>? ParsePath(string path)
    {
        var segments = new List<object>();
        int i = 0;
        while (i < path.Length)
        {
            int start = i;
            while (i < path.Length && (char.IsAsciiLetterOrDigit(path[i]) || path[i] is '_' or '-'))
            {
                i++;
            }
            if (i == start)
            {
                return null;
            }
            segments.Add(path[start..i]);
            while (i < path.Length && path[i] == '[')
            {
                int close = path.IndexOf(']', i);
                if (close < 0 || !int.TryParse(path.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                {
                    return null;
                }
                segments.Add(index);
                i = close + 1;
            }
            if (i < path.Length)
            {
                if (path[i] != '.' || i == path.Length - 1)
                {
                    return null;
                }
                i++;
            }
        }
        return segments.Count == 0 ? null : segments;
    }

    private void SetAt(List<object> segments, JsonNode value, string label)
    {
        JsonNode current = _root;
        string at = "";
        for (int k = 0; k < segments.Count; k++)
        {
            bool last = k == segments.Count - 1;
            if (segments[k] is string name)
            {
                if (current is not JsonObject obj)
                {
                    throw new ConfigException(label, at, $"is {Kind(current)}, not an object with a field '{name}'");
                }
                string next = at.Length == 0 ? name : at + "." + name;
                if (last)
                {
                    obj[name] = value;
                    return;
                }
                if (obj[name] is null)
                {
                    if (segments[k + 1] is int)
                    {
                        throw new ConfigException(label, next, "no array here to index (give the whole array, e.g. [8,10,12])");
                    }
                    obj[name] = new JsonObject();
                }
                current = obj[name]!;
                at = next;
            }
            else
            {
                int index = (int)segments[k];
                if (current is not JsonArray array || index >= array.Count)
                {
                    throw new ConfigException(label, at, current is JsonArray a
                        ? $"has {a.Count} items, no item [{index}]"
                        : $"is {Kind(current)}, not an array");
                }
                at += $"[{index}]";
                if (last)
                {
                    array[index] = value;
                    return;
                }
                current = array[index] ?? throw new ConfigException(label, at, "is null, not an object");
            }
        }
    }

    private static string Kind(JsonNode? node) => node switch
    {
        JsonObject => "an object",
        JsonArray => "an array",
        null => "null",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "a value",
        },
        _ => "a value",
    };

    /// <summary>
    /// Reads the merged layers with the config reader. A <see cref="ConfigException"/> names the layer
    /// that last set the offending path (or <see cref="Label"/> when no single layer did).
    /// </summary>
    public ExperimentConfig Resolve()
    {
        if (_layers.Count == 0)
        {
            return ExperimentConfig.Paper;
        }
        if (_layers.Count == 1 && Files.Count == 1)
        {
            // One file: read it as the reader always did (its messages and line numbers unchanged).
            return ExperimentConfig.Load(Files[0]);
        }
        try
        {
            return ExperimentConfig.Parse(MergedJson, Label);
        }
        catch (ConfigException e)
        {
            throw Relabel(e);
        }
    }

    /// <summary>The same error, against the layer that set its JSON path.</summary>
    public ConfigException Relabel(ConfigException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string? source = LayerOf(e.JsonPath);
        return new ConfigException(source ?? Label, e.JsonPath, e.Problem, e);
    }

    // The layer that last set path (or a part or a whole of it); null when none did.
    private string? LayerOf(string path)
    {
        if (path.Length == 0)
        {
            return null;
        }
        for (int i = _sources.Count - 1; i >= 0; i--)
        {
            (string p, string s) = _sources[i];
            if (Covers(p, path) || Covers(path, p))
            {
                return _layers.Contains(s) ? s : null;
            }
        }
        return null;
    }

    private static bool Covers(string outer, string inner) =>
        outer.Length == 0 || inner == outer ||
        (inner.StartsWith(outer, StringComparison.Ordinal) && inner.Length > outer.Length && inner[outer.Length] is '.' or '[');

    /// <summary>Where the value at <paramref name="path"/> came from: the last layer or note that set it, or <see cref="DefaultSource"/>.</summary>
    public string SourceOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        for (int i = _sources.Count - 1; i >= 0; i--)
        {
            (string p, string s) = _sources[i];
            if (Covers(p, path) || Covers(path, p))
            {
                return s;
            }
        }
        return DefaultSource;
    }

    /// <summary>
    /// <c>config.sources.json</c>: <c>{"layers": [...], "sources": {"network.sbsCount": "--set network.sbsCount=12", ...}}</c>
    /// with one entry per value of the resolved config (arrays are one value), in the order of config.json.
    /// </summary>
    public string SourcesJson(ExperimentConfig resolved)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var sources = new JsonObject();
        foreach (string path in LeafPaths(JsonNode.Parse(resolved.ToJson())!, ""))
        {
            sources[path] = SourceOf(path);
        }
        var root = new JsonObject
        {
            ["layers"] = new JsonArray([(JsonNode?)DefaultSource, .. _layers.Select(l => (JsonNode?)l)]),
            ["sources"] = sources,
        };
        return JsonText.Indented(root);
    }

    private static IEnumerable<string> LeafPaths(JsonNode node, string path)
    {
        if (node is JsonObject obj)
        {
            foreach (KeyValuePair<string, JsonNode?> p in obj)
            {
                string child = path.Length == 0 ? p.Key : path + "." + p.Key;
                if (p.Value is JsonObject)
                {
                    foreach (string s in LeafPaths(p.Value, child))
                    {
                        yield return s;
                    }
                }
                else
                {
                    yield return child;
                }
            }
        }
    }

    /// <summary>Writes <c>config.sources.json</c> into <paramref name="directory"/> (atomically).</summary>
    public string WriteSources(string directory, ExperimentConfig resolved)
    {
        string path = Path.Combine(directory, SourcesFile);
        AtomicFile.WriteAllText(path, SourcesJson(resolved));
        return path;
    }

    /// <summary>File name of the provenance map beside <c>config.json</c>.</summary>
    public const string SourcesFile = "config.sources.json";
}
