// The start-up floor: a minimal Swift program that only reads the same files as
// `policy-advisor topics` (every .json in the trees directory and its policies/), and exits.
import Foundation

let dir = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "trees"
var bytes = 0
for sub in ["", "/policies"] {
    let d = dir + sub
    for name in (try? FileManager.default.contentsOfDirectory(atPath: d)) ?? [] where name.hasSuffix(".json") {
        bytes += FileManager.default.contents(atPath: d + "/" + name)?.count ?? 0
    }
}
print(bytes)
