// Fuzzes the tree loader through the files it reads: any bytes, as a tree file and as a policy
// file in a trees directory on disk, must load or fail with diagnostics, never crash or hang
// (FuzzHarness.tree). `make fuzz` builds this with libFuzzer (-sanitize=fuzzer -DFUZZING); an
// ordinary build makes a replay tool: `policy-advisor-fuzz-tree FILE...` runs each file once.
#if !FUZZING
    import FuzzHarness
#endif

func fuzzTarget(_ data: UnsafeRawBufferPointer) { FuzzHarness.tree(data) }

#if !FUZZING
    @main
    struct Replay {
        static func main() { FuzzHarness.replay(CommandLine.arguments, fuzzTarget) }
    }
#endif
