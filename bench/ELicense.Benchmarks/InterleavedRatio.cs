using System.Diagnostics;
using ELicense.Core.Crypto;

namespace ELicense.Benchmarks;

/// <summary>
/// Measures pipeline and raw verification alternately in one process, round by round, so that a
/// load burst on a shared machine hits both sides of a ratio alike. BenchmarkDotNet measures each
/// benchmark in its own process one after the other, which on a busy virtual machine can move a
/// ratio by 20 %; the median of per-round ratios does not move with it.
/// </summary>
public static class InterleavedRatio
{
    public static void Run(int rounds = 60, int operationsPerRound = 400)
    {
        foreach (var family in new[] { KeyFamily.Sm2, KeyFamily.Rsa })
        {
            var benchmarks = new PayloadBenchmarks { Family = family };
            benchmarks.Setup();
            for (var i = 0; i < 3_000; i++)
            {
                benchmarks.DecodeAndVerify();
                benchmarks.RawVerify();
            }

            var ratios = new List<double>();
            var pipelineTimes = new List<double>();
            var rawTimes = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                var pipeline = Time(() => benchmarks.DecodeAndVerify(), operationsPerRound);
                var raw = Time(() => benchmarks.RawVerify(), operationsPerRound);
                pipelineTimes.Add(pipeline);
                rawTimes.Add(raw);
                ratios.Add(raw / pipeline);
            }

            Console.WriteLine(
                $"{family}: decode+verify (pipeline) median {Median(pipelineTimes):F1} us/op ({1e6 / Median(pipelineTimes):F0}/s), " +
                $"raw verify median {Median(rawTimes):F1} us/op ({1e6 / Median(rawTimes):F0}/s), " +
                $"throughput ratio pipeline/raw: median {Median(ratios):F3}, min {ratios.Min():F3}, max {ratios.Max():F3} over {rounds} rounds of {operationsPerRound}");
        }
    }

    private static double Time(Action action, int count)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            action();
        }

        return watch.Elapsed.TotalMicroseconds / count;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
