// Fuzzes the script reader behind `run` and `check` and the training file reader: any bytes, as
// a file on disk read line by line, must give consultations or line-numbered errors, never
// crash (FuzzHarness.script). Built like FuzzTreeLoader (see there).
#if !FUZZING
    import FuzzHarness
#endif

func fuzzTarget(_ data: UnsafeRawBufferPointer) { FuzzHarness.script(data) }

#if !FUZZING
    @main
    struct Replay {
        static func main() { FuzzHarness.replay(CommandLine.arguments, fuzzTarget) }
    }
#endif
