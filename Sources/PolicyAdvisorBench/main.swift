// policy-advisor-bench: the measuring half of `make bench` (scripts/bench.sh drives it).
// Release builds only; nothing here is part of the advisor.
import DecisionTree
import Foundation

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func fail(_ s: String) -> Never {
    FileHandle.standardError.write(Data(("policy-advisor-bench: " + s + "\n").utf8))
    exit(2)
}

/// A generated tree of `n` nodes for the fixture policies alpha and beta: a spine of questions,
/// each with an answer on to the next question, one to its own outcome, and Not sure.
func generateTree(nodes n: Int) -> String {
    let questions = max(1, (n - 1) / 2)
    var s =
        #"{"formatVersion":1,"id":"scale","title":"Scale","summary":"Generated.","routing":["scale test"],"start":"q0","nodes":["#
    s.reserveCapacity(n * 260)
    let ask =
        #"{"alpha":{"verdict":"ask-first","advice":"Ask.","ask":["headteacher"],"citations":[{"clause":"2"}]},"beta":{"verdict":"ask-first","advice":"Ask.","ask":["line-manager"],"citations":[{"clause":"when-in-doubt-ask"}]}}"#
    for i in 0..<questions {
        let next = i + 1 < questions ? "q\(i + 1)" : "o\(i)x"
        s +=
            #"{"id":"q\#(i)","question":"Question \#(i)?","help":"h","why":{"text":"w","clauses":{"alpha":["3"],"beta":["pets"]}},"answers":[{"id":"on","label":"Go on","next":"\#(next)"},{"id":"stop","label":"Stop here","next":"o\#(i)"},{"id":"not-sure","label":"Not sure","next":"ns"}]},"#
        s +=
            #"{"id":"o\#(i)","title":"Outcome \#(i)","outcome":{"alpha":{"verdict":"refer","advice":"Refer.","ask":["headteacher"],"citations":[{"clause":"1"}]},"beta":{"verdict":"allowed","advice":"Yes.","ask":["line-manager"],"citations":[{"clause":"pets","quote":"Staff are allowed to bring a pet to school"}]}}},"#
    }
    s += #"{"id":"o\#(questions - 1)x","title":"End","outcome":\#(ask)},"#
    s += #"{"id":"ns","title":"Not sure","outcome":\#(ask)}]}"#
    return s
}

/// Runs a command once: wall seconds and the child's peak resident memory in KB.
func measure(_ argv: [String], stdout: String = "/dev/null") -> (seconds: Double, maxRSSKB: Int, status: Int32) {
    var pid: pid_t = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    defer { posix_spawn_file_actions_destroy(&actions) }
    let cargs = argv.map { strdup($0) } + [nil]
    defer { for a in cargs { free(a) } }
    let t0 = now()
    guard posix_spawn(&pid, argv[0], &actions, nil, cargs, environ) == 0 else { fail("cannot run \(argv[0])") }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    return (now() - t0, Int(usage.ru_maxrss), status)
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func shell(_ cmd: String) -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", cmd]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    try? p.run()
    let d = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: d, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// The whole benchmark: prints a Markdown report (scripts/bench.sh writes it to docs/benchmarks.md).
func corpusSize(_ trees: String) -> Int {
    (try? Library.load(directory: trees))?.questions.training.count ?? 0
}

func runAll(repo: String, bin: String, floor: String) {
    let tmp = NSTemporaryDirectory() + "pa-bench-\(getpid())"
    try? FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: tmp) }
    let bench = BenchRun(repo: repo, bin: bin, floor: floor, tmp: tmp)
    var report = bench.header()
    let (startUp, start) = bench.startUp()
    report += startUp
    report += bench.throughput()
    report += bench.scale()
    report += bench.routing(start: start)
    report += bench.longConsultation()
    print(report, terminator: "")
}

let args = CommandLine.arguments
guard args.count >= 2 else {
    fail("usage: gen-tree N POLICIES-DIR OUT-DIR | load DIR | route TREES N | gen-script SCENARIOS-DIR N FILE | floor DIR")
}
switch args[1] {
case "gen-tree":
    guard args.count == 5, let n = Int(args[2]) else { fail("gen-tree N POLICIES-DIR OUT-DIR") }
    let out = args[4]
    try? FileManager.default.removeItem(atPath: out)
    try! FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    try! FileManager.default.copyItem(atPath: args[3], toPath: out + "/policies")
    try! generateTree(nodes: n).write(toFile: out + "/scale.json", atomically: true, encoding: .utf8)
case "load":
    // Load and validate a trees directory; print the seconds it took and the node count.
    guard args.count == 3 else { fail("load DIR") }
    let t0 = now()
    do {
        let l = try Library.load(directory: args[2])
        let t1 = now()
        print(String(format: "%.6f %d", t1 - t0, l.trees.reduce(0) { $0 + $1.nodes.count }))
        if ProcessInfo.processInfo.environment["BENCH_MEM"] != nil,
            let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        {
            for line in status.split(separator: "\n") where line.hasPrefix("VmHWM") || line.hasPrefix("VmRSS") { print(line) }
        }
    } catch {
        fail("\(error)")
    }
case "route":
    guard args.count == 4, let n = Int(args[3]) else { fail("route TREES N") }
    let l = try! Library.load(directory: args[2])
    let router = Router(library: l)
    var questions: [String] = l.questions.examples.map(\.text)
    for t in l.trees { questions += t.routing }
    var hits = 0
    let t0 = now()
    for i in 0..<n {
        if case .offTopic = router.route(questions[i % questions.count]) {} else { hits += 1 }
    }
    let dt = now() - t0
    print(String(format: "%.0f %d", Double(n) / dt, hits))
case "train":
    // Train the router once; print the seconds it took.
    guard args.count == 3 else { fail("train TREES") }
    let l = try! Library.load(directory: args[2])
    let t0 = now()
    _ = Router(library: l)
    print(String(format: "%.6f", now() - t0))
case "gen-script":
    // N consultations cycled from the regression suite.
    guard args.count == 5, let n = Int(args[3]) else { fail("gen-script SCENARIOS-DIR N FILE") }
    var blocks: [String] = []
    for f in (try! FileManager.default.contentsOfDirectory(atPath: args[2])).sorted() where f.hasSuffix(".txt") {
        let text = try! String(contentsOfFile: args[2] + "/" + f, encoding: .utf8)
        blocks += text.components(separatedBy: "\n\n").filter { $0.contains("policy:") }
    }
    var out = ""
    out.reserveCapacity(n * 300)
    for i in 0..<n { out += blocks[i % blocks.count].trimmingCharacters(in: .whitespacesAndNewlines) + "\n\n" }
    try! out.write(toFile: args[4], atomically: true, encoding: .utf8)
case "parse":
    guard args.count == 3 else { fail("parse FILE") }
    let bytes = [UInt8](FileManager.default.contents(atPath: args[2])!)
    let t0 = now()
    let v = try! JSONReader.parse(bytes)
    let t1 = now()
    print(String(format: "%.6f", t1 - t0), v.members?.count ?? 0)
case "all":
    guard args.count == 5 else { fail("all REPO BIN-DIR FLOOR-BIN") }
    runAll(repo: args[2], bin: args[3], floor: args[4])
default:
    fail("unknown mode \(args[1])")
}
