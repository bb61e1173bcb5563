import DecisionTree
import Foundation

/// One run of `make bench`: each section of the report measured in turn (start-up, scripted
/// throughput, scale, routing, one long consultation), each returning its Markdown.
struct BenchRun {
    let repo: String
    let floor: String
    let advisor: String
    let me: String
    let trees: String
    /// A scratch directory for generated scripts and trees.
    let tmp: String
    /// Runs of each start-up measurement (the median is reported).
    let runs = 31

    init(repo: String, bin: String, floor: String, tmp: String) {
        self.repo = repo
        self.floor = floor
        advisor = bin + "/policy-advisor"
        me = bin + "/policy-advisor-bench"
        trees = repo + "/trees"
        self.tmp = tmp
    }

    /// The report's title, date and machine.
    func header() -> String {
        var report = "# Benchmarks\n\n"
        report +=
            "Made by `make bench` (release build) on \(shell("date -u '+%Y-%m-%d %H:%M UTC'")). Not part of `make test`.\n\n"
        report +=
            "Machine: \(shell("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'")), \(shell("nproc")) cores, "
        report +=
            "\(shell("awk '/MemTotal/ {printf \"%.0f GiB\", $2/1048576}' /proc/meminfo")) memory; \(shell("uname -sr")); \(shell("swift --version 2>/dev/null | head -1")).\n\n"

        return report
    }

    /// Start-up against the floor; also the median start-up time, which the routing section cites.
    func startUp() -> (report: String, start: Double) {
        var report = ""
        _ = measure([advisor, "topics", "--trees", trees])
        _ = measure([floor, trees])
        let start = median((0..<runs).map { _ in measure([advisor, "topics", "--trees", trees]).seconds })
        let base = median((0..<runs).map { _ in measure([floor, trees]).seconds })
        let bare = median((0..<runs).map { _ in measure([advisor, "--version"]).seconds })
        let ratio = start / base
        report +=
            "## Start-up\n\n`policy-advisor topics` with the shipped trees (load, parse and validate all five trees and policies), median of \(runs) runs, beside the floor: a minimal Swift program that only reads the same files.\n\n"
        report += "| program | median wall time |\n|---|---|\n"
        report += String(
            format:
                "| `policy-advisor topics` | %.1f ms |\n| `policy-advisor --version` (reads no trees) | %.1f ms |\n| floor (read the files) | %.1f ms |\n",
            start * 1000, bare * 1000, base * 1000)
        report += String(format: "\nRatio %.2f (target: at most 1.5): **%@**.", ratio, ratio <= 1.5 ? "met" : "missed")
        if ratio > 1.5 {
            report += String(
                format:
                    " What limits it: before reading a file, the advisor's own start (the Swift runtime finding ArgumentParser's protocol conformances, and loading its libraries) already takes %.1f× the floor; loading, parsing and fully validating the five trees and five policies (about 400 KB of JSON: every link, every clause and role named, every quote checked word for word) takes the other %.1f ms.",
                bare / base, (start - bare) * 1000)
        }
        report += "\n\n"

        return (report, start)
    }

    /// 100,000 consultations through check and run.
    func throughput() -> String {
        var report = ""
        let script = tmp + "/100k.txt"
        _ = measure([me, "gen-script", repo + "/scenarios", "100000", script])
        report += "## Scripted throughput\n\n100,000 consultations cycled from the regression suite, median of 3 runs.\n\n"
        report += "| command | time | consultations per second | peak memory |\n|---|---|---|---|\n"
        var checkRate = 0.0
        for (label, argv) in [
            ("`check` (walk and compare)", [advisor, "check", "--trees", trees, script]),
            ("`run --format json`", [advisor, "run", "--format", "json", "--trees", trees, script]),
            ("`run` (text, as a person reads it)", [advisor, "run", "--trees", trees, script]),
        ] {
            let ms = (0..<3).map { _ in measure(argv) }
            let t = median(ms.map(\.seconds))
            let rate = 100_000 / t
            if checkRate == 0 { checkRate = rate }
            report += String(
                format: "| %@ | %.2f s | %.0f | %.0f MB |\n", label, t, rate, Double(ms.map(\.maxRSSKB).max() ?? 0) / 1024)
        }
        report += String(
            format:
                "\nTarget: at least 100,000 consultations per second: **%@** for `check` (%.0f/s). Memory stays flat: the file is read as a stream.\n\n",
            checkRate >= 100_000 ? "met" : "missed", checkRate)

        return report
    }

    /// Generated trees of 1,000 to 100,000 nodes, loaded and validated.
    func scale() -> String {
        var report = ""
        report +=
            "## Scale\n\nGenerated trees (a spine of questions, each with its own outcome and Not sure), loaded and fully validated in process; median of 5 runs. Peak memory is the whole process's (about 20 MB of it is the runtime, whatever the tree).\n\n"
        report += "| nodes | file | load + validate | per node | peak memory | memory / file |\n|---|---|---|---|---|---|\n"
        var perNode: [Double] = []
        var lastRatio = 0.0
        var lastTime = 0.0
        for n in [1_000, 10_000, 100_000] {
            let dir = tmp + "/scale\(n)"
            _ = measure([me, "gen-tree", String(n), repo + "/Tests/DecisionTreeTests/Fixtures/valid/policies", dir])
            let size = (try? FileManager.default.attributesOfItem(atPath: dir + "/scale.json")[.size] as? Int) ?? 0
            var times: [Double] = []
            var rss = 0
            for _ in 0..<5 {
                let out = tmp + "/load.txt"
                let m = measure([me, "load", dir], stdout: out)
                rss = max(rss, m.maxRSSKB)
                let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
                times.append(Double(text.split(separator: " ").first ?? "0") ?? 0)
            }
            let t = median(times)
            perNode.append(t / Double(n) * 1e6)
            lastRatio = Double(rss) * 1024 / Double(size)
            lastTime = t
            report += String(
                format: "| %d | %.1f MB | %.3f s | %.2f µs | %.0f MB | %.1f× |\n", n, Double(size) / 1_048_576, t,
                t / Double(n) * 1e6, Double(rss) / 1024, lastRatio)
        }
        let flat = (perNode.max() ?? 0) / max(perNode.min() ?? 1, 1e-9)
        report += String(
            format:
                "\nTargets: 100,000 nodes in under a second: **%@** (%.2f s); time per node flat from 1,000 to 100,000: **%@** (largest/smallest %.2f); peak memory under 5 times the file: **%@** (%.1f×, minified JSON, the hardest case: the shipped two-space layout makes files about twice the size for the same tree).\n\n",
            lastTime < 1 ? "met" : "missed", lastTime, flat < 1.5 ? "met" : "missed", flat, lastRatio < 5 ? "met" : "missed",
            lastRatio)

        return report
    }

    /// Routing speed, training time and `ask`'s start-up, beside `topics`' (`start`).
    func routing(start: Double) -> String {
        var report = ""
        let routeOut = tmp + "/route.txt"
        var rates: [Double] = []
        for _ in 0..<3 {
            _ = measure([me, "route", trees, "20000"], stdout: routeOut)
            rates.append(
                Double(((try? String(contentsOfFile: routeOut, encoding: .utf8)) ?? "0").split(separator: " ").first ?? "0") ?? 0)
        }
        var trainTimes: [Double] = []
        for _ in 0..<5 {
            _ = measure([me, "train", trees], stdout: routeOut)
            let text = (try? String(contentsOfFile: routeOut, encoding: .utf8)) ?? "0"
            trainTimes.append(Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0)
        }
        let askStart = median(
            (0..<runs).map { _ in measure([advisor, "ask", "pupil added me on snap", "--trees", trees]).seconds })
        report += String(
            format:
                "## Routing\n\nQuestions routed per second against the shipped trees (the corpus's questions, cycled), median of 3: **%.0f**. Training the router from the corpus (%d questions), median of 5: **%.1f ms**. It trains only when a question must be routed (the REPL starts training in the background at start-up, while the person reads and types), so `topics` above pays nothing for it; `policy-advisor ask` with a question to route, median of %d: %.1f ms (against %.1f ms for `topics`).\n\n",
            median(rates), corpusSize(trees), median(trainTimes) * 1000, runs, askStart * 1000, start * 1000)

        return report
    }

    /// One consultation of up to a million lines: every reader of user input is linear.
    func longConsultation() -> String {
        var report = ""
        report +=
            "## One long consultation\n\nA script of one consultation with N `cite:` lines, run through `run` (time per line should stay flat).\n\n"
        report += "| lines | time | per line |\n|---|---|---|\n"
        var perLine: [Double] = []
        for n in [1_000, 10_000, 100_000, 1_000_000] {
            let file = tmp + "/long\(n).txt"
            var text = "policy: redbridge\ntopic: friend-requests\n"
            text.reserveCapacity(n * 10)
            for _ in 0..<n { text += "cite: 6.6\n" }
            try? text.write(toFile: file, atomically: true, encoding: .utf8)
            let t = median((0..<3).map { _ in measure([advisor, "run", "--trees", trees, file]).seconds })
            perLine.append(t / Double(n))
            report += String(format: "| %d | %.3f s | %.2f µs |\n", n, t, t / Double(n) * 1e6)
        }
        report += String(
            format:
                "\nFrom 100,000 to 1,000,000 lines the time per line changes by %.2f× (flat is 1; start-up dominates the small files).\n",
            perLine[3] / max(perLine[2], 1e-12))
        return report
    }
}
