using Broker.Load.Cli;
using Broker.Load.Scenarios;

const string Usage = """
    Broker.Load <scenario> --target broker|nchan|ceiling --url http://127.0.0.1:PORT [options]
    Broker.Load summarize --results DIR [--out FILE.md]

    Scenarios: fanout, idle, insert, auth, login, slow (bench/README.md lists their options).
    Common options: --admin-token T (broker), --pid NAME=PID (repeatable: processes to watch),
                    --out FILE.json, --time-limit SECONDS (per phase, default 120).
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

try
{
    var options = new Options(args.Skip(1));
    if (args[0] == "summarize")
    {
        var folder = options.Required("results");
        var outFile = options.Text("out", string.Empty);
        options.EnsureAllRead();
        var results = Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Select(RunResult.Load).ToList();
        var markdown = Summary.Build(results);
        if (outFile.Length > 0)
        {
            await File.WriteAllTextAsync(outFile, markdown);
        }

        Console.Write(markdown);
        return 0;
    }

    using var context = new RunContext(options);
    Func<RunContext, Task<RunResult>> scenario = args[0] switch
    {
        "fanout" => FanoutScenario.RunAsync,
        "idle" => IdleScenario.RunAsync,
        "insert" => InsertScenario.RunAsync,
        "auth" => AuthScenario.RunAsync,
        "login" => LoginScenario.RunAsync,
        "slow" => SlowConsumerScenario.RunAsync,
        _ => throw new ArgumentException($"unknown scenario '{args[0]}'"),
    };
    var outPath = options.Text("out", string.Empty);
    var result = await scenario(context);
    options.EnsureAllRead();
    result.Print(Console.Out);
    if (outPath.Length > 0)
    {
        result.Save(outPath);
    }

    return 0;
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync("Broker.Load: " + e.Message);
    await Console.Error.WriteLineAsync(Usage);
    return 2;
}
