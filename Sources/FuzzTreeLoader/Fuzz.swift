import Foundation

// Fuzzes the tree loader: any bytes, as a tree file beside two small policies, must load or
// fail with diagnostics, never crash or hang. `make fuzz` builds this with libFuzzer
// (-sanitize=fuzzer -DFUZZING); an ordinary build makes a replay tool:
// `policy-advisor-fuzz-tree FILE...` runs each file once (for crash inputs kept as regressions).
#if !FUZZING
    import DecisionTree
#endif

let alpha =
    #"{"formatVersion":1,"id":"alpha","school":"Alpha","title":"P","source":"a.txt","roles":[{"id":"head","name":"the head"}],"whenInDoubt":{"ask":["head"],"clause":"1"},"clauses":[{"id":"1","heading":"H","text":"Ask the head."},{"id":"2","heading":"H","text":"Staff must not."}]}"#
let beta =
    #"{"formatVersion":1,"id":"beta","school":"Beta","title":"P","source":"b.txt","roles":[{"id":"lm","name":"your line manager"}],"whenInDoubt":{"ask":["lm"],"clause":"x"},"clauses":[{"id":"x","heading":"H","text":"Ask."}]}"#

func fuzzTree(_ data: UnsafeRawBufferPointer) {
    let bytes = [UInt8](data)
    let result = try? Library.load(
        policyFiles: [SourceFile(name: "policies/alpha.json", text: alpha), SourceFile(name: "policies/beta.json", text: beta)],
        treeFiles: [SourceFile(name: "fuzz.json", bytes: bytes)],
        sources: ["alpha": "1. Ask the head.\n2. Staff must not.", "beta": "Ask."], options: LoadOptions(checkSources: true))
    // A tree that loads must also walk: answer the first option until an outcome.
    if let library = result, let tree = library.trees.first {
        var walk = Walk(library: library, tree: tree, policyID: nil)
        var steps = 0
        while walk.currentQuestion != nil && steps < 10_000 {
            try? walk.answer(index: 0)
            steps += 1
        }
        _ = walk.result(today: Day(year: 2026, month: 1, day: 1))
        _ = Router(library: library).route(String(decoding: bytes.prefix(200), as: UTF8.self))
    }
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzerTestOneInput(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
        fuzzTree(UnsafeRawBufferPointer(start: start, count: count))
        return 0
    }
#else
    @main
    struct Replay {
        static func main() {
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                    exit(2)
                }
                data.withUnsafeBytes { fuzzTree($0) }
                print("ok \(path)")
            }
        }
    }
#endif
