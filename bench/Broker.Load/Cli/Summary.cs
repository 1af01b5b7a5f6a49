using System.Globalization;
using System.Text;

namespace Broker.Load.Cli;

/// <summary>
/// Turns the result files of several runs into Markdown: per scenario, each figure's median and range per target,
/// and Broker's median as a ratio of Nchan's and the ceiling's.
/// </summary>
public static class Summary
{
    private static readonly string[] TargetOrder = ["broker", "nchan", "ceiling"];

    public static string Build(IEnumerable<RunResult> results)
    {
        var text = new StringBuilder();
        foreach (var scenario in results.GroupBy(r => r.Scenario).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var byTarget = scenario.GroupBy(r => r.Target)
                .OrderBy(g => Array.IndexOf(TargetOrder, g.Key) is var i and >= 0 ? i : 99)
                .ToDictionary(g => g.Key, g => g.ToList());
            var targets = byTarget.Keys.ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"### {scenario.Key}");
            text.AppendLine();
            var header = new StringBuilder("| figure |");
            foreach (var target in targets)
            {
                header.Append(CultureInfo.InvariantCulture, $" {target} (runs: {byTarget[target].Count}) |");
            }

            var ratios = targets.Contains("broker") ? targets.Where(t => t != "broker").ToList() : [];
            foreach (var other in ratios)
            {
                header.Append(CultureInfo.InvariantCulture, $" broker ÷ {other} |");
            }

            text.AppendLine(header.ToString());
            text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", targets.Count + ratios.Count)));
            var figures = byTarget.Values.SelectMany(list => list.SelectMany(r => r.Figures.Keys))
                .Distinct().Order(StringComparer.Ordinal);
            foreach (var figure in figures)
            {
                var row = new StringBuilder($"| {figure} |");
                var medians = new Dictionary<string, double>();
                foreach (var target in targets)
                {
                    var values = byTarget[target].Where(r => r.Figures.ContainsKey(figure))
                        .Select(r => r.Figures[figure]).Where(v => !double.IsNaN(v)).Order().ToList();
                    if (values.Count == 0)
                    {
                        row.Append(" – |");
                        continue;
                    }

                    var median = Median(values);
                    medians[target] = median;
                    row.Append(values.Count == 1
                        ? $" {Format(median)} |"
                        : $" {Format(median)} ({Format(values[0])}–{Format(values[^1])}) |");
                }

                foreach (var other in ratios)
                {
                    row.Append(medians.TryGetValue("broker", out var mine) && medians.TryGetValue(other, out var theirs)
                        && theirs != 0 ? $" {Format(mine / theirs)} |" : " – |");
                }

                text.AppendLine(row.ToString());
            }

            var notes = scenario.SelectMany(r => r.Notes.Select(n => $"{r.Target}: {n}")).Distinct().ToList();
            if (notes.Count > 0)
            {
                text.AppendLine();
                foreach (var note in notes)
                {
                    text.AppendLine("- " + note);
                }
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    public static double Median(IReadOnlyList<double> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Format(double value) => Math.Abs(value) switch
    {
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.#", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}
