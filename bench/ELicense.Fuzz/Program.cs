using ELicense.Fuzz;
using SharpFuzz;

// ELicense.Fuzz TARGET             run under afl-fuzz (bench/fuzz.sh starts it so)
// ELicense.Fuzz TARGET --seeds DIR write the target's seed inputs into DIR
// ELicense.Fuzz TARGET --replay P… run inputs (files or folders) once each and report what each raised
if (args.Length == 0 || !Targets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: ELicense.Fuzz TARGET [--seeds DIR | --replay PATH...]; targets: {string.Join(", ", Targets.All.Keys)}");
    return 2;
}

if (args.Length == 3 && args[1] == "--seeds")
{
    Directory.CreateDirectory(args[2]);
    foreach (var (name, bytes) in Seeds.For(args[0]))
    {
        File.WriteAllBytes(Path.Combine(args[2], name), bytes);
    }

    return 0;
}

if (args.Length >= 3 && args[1] == "--replay")
{
    var failed = 0;
    foreach (var file in args[2..].SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p).Where(f => !f.EndsWith(".txt", StringComparison.Ordinal)) : [p]).Order())
    {
        try
        {
            target(File.ReadAllBytes(file));
        }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine($"{file}: {e.GetType().Name}: {e.Message}");
            // Where it was raised, and the first of our frames it passed through.
            var frames = (e.StackTrace ?? "").Split('\n').Select(f => f.Trim()).ToList();
            foreach (var frame in frames.Take(1).Concat(frames.Skip(1).Where(f => f.Contains(" ELicense.", StringComparison.Ordinal)).Take(4)))
            {
                Console.WriteLine("  " + frame);
            }
        }
    }

    return failed == 0 ? 0 : 1;
}

Action<Stream> execute = stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.ToArray());
};

// Out of process, a failure no catch block sees (a stack overflow, a fail-fast) is kept as a crash with its input
// instead of taking the fork server down; in process is faster. bench/fuzz.sh --out-of-process sets it.
if (Environment.GetEnvironmentVariable("ELICENSE_FUZZ_OUT_OF_PROCESS") == "1")
{
    Fuzzer.OutOfProcess.Run(execute);
}
else
{
    Fuzzer.Run(execute);
}

return 0;
