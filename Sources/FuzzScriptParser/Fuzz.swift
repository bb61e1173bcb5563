import Foundation

// Fuzzes the script parser and runner: any bytes, read line by line as a script, must give
// consultations or line-numbered errors, never crash. Built like FuzzTreeLoader (see there).
#if !FUZZING
    import DecisionTree
#endif

let tree =
    #"{"formatVersion":1,"id":"pets","title":"Pets","summary":"s","routing":["dog at school","cat"],"start":"q","nodes":[{"id":"q","question":"Which?","help":"h","why":{"text":"w","clauses":{"alpha":["1"]}},"answers":[{"id":"dog","label":"A dog","next":"o"},{"id":"cat","label":"A cat","next":"o"},{"id":"ns","label":"Not sure","next":"o"}]},{"id":"o","title":"T","outcome":{"alpha":{"verdict":"ask-first","advice":"Ask.","ask":["head"],"citations":[{"clause":"1"}]}}}]}"#
let alpha =
    #"{"formatVersion":1,"id":"alpha","school":"Alpha","title":"P","source":"a.txt","roles":[{"id":"head","name":"the head"}],"whenInDoubt":{"ask":["head"],"clause":"1"},"clauses":[{"id":"1","heading":"H","text":"Ask the head."}]}"#
let library = try! Library.load(
    policyFiles: [SourceFile(name: "alpha.json", text: alpha)], treeFiles: [SourceFile(name: "pets.json", text: tree)])
let runner = ScriptRunner(library: library, today: Day(year: 2026, month: 1, day: 1))

func fuzzScript(_ data: UnsafeRawBufferPointer) {
    var parser = ScriptParser()
    var entries: [ScriptEntry] = []
    for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
        if line.count > ScriptParser.maxLineLength {
            parser.feedOverlong(length: line.count)
            continue
        }
        guard let text = String(validating: line, as: UTF8.self) else { continue }
        if let e = parser.feed(Substring(text)) { entries.append(e) }
    }
    if let e = parser.end() { entries.append(e) }
    for e in entries { _ = runner.run(e) }
    // Training's reading of the same text.
    _ = Training.parse(String(decoding: data, as: UTF8.self), file: "fuzz")
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzerTestOneInput(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
        fuzzScript(UnsafeRawBufferPointer(start: start, count: count))
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
                data.withUnsafeBytes { fuzzScript($0) }
                print("ok \(path)")
            }
        }
    }
#endif
