using BenchmarkDotNet.Running;
using ELicense.Benchmarks;

// `ratio` runs the interleaved pipeline/raw comparison; anything else goes to BenchmarkDotNet.
if (args is ["ratio"])
{
    InterleavedRatio.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(PayloadBenchmarks).Assembly).Run(args);
