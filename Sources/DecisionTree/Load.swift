import Foundation

/// One file's contents, named as the user would name it in a message.
public struct SourceFile: Sendable {
    public var name: String
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    public init(name: String, text: String) {
        self.name = name
        self.bytes = Array(text.utf8)
    }
}

public struct LoadOptions: Sendable {
    /// Also prove that every clause text is word for word in the policy's source text.
    public var checkSources: Bool = false
    /// Files larger than this are refused before they are read.
    public var maxFileSize: Int = 32 * 1024 * 1024

    public init(checkSources: Bool = false) {
        self.checkSources = checkSources
    }
}

extension Library {
    /// Loads a trees directory: topic trees in `directory/*.json` (not `schema.json` or
    /// `*.schema.json`) and policies in `directory/policies/*.json`, then validates everything.
    /// Throws every error found, in file and line order; warnings are kept in `warnings`.
    /// `replacing` gives the bytes to read for some tree files instead of what they hold (by the
    /// path the loader reads them at, `directory/name.json`): how a change is proved before it
    /// is written.
    public static func load(
        directory: String, options: LoadOptions = LoadOptions(), replacing: [String: [UInt8]] = [:]
    ) throws(LoadFailure) -> Library {
        let out = DiagnosticCollector()
        let treeNames = try treeFileNames(directory)
        let policyDir = join(directory, "policies")
        let policyNames = policyFileNames(policyDir, out: out)
        if policyNames.isEmpty && !out.hasErrors {
            out.error(
                "no-policies", policyDir, nil, nil,
                "no policy files (*.json) found: the trees directory needs a policies/ folder with at least one policy")
        }
        if treeNames.isEmpty {
            out.error("no-trees", directory, nil, nil, "no topic trees (*.json) found in this directory")
        }

        var policyFiles: [SourceFile] = []
        for name in policyNames {
            let path = join(policyDir, name)
            if let bytes = readFile(path, limit: options.maxFileSize, out: out) {
                policyFiles.append(SourceFile(name: path, bytes: bytes))
            }
        }
        // Tree files are read one at a time as they are decoded, so a large tree's bytes are
        // released before the next file is read and before validation.
        let treeFiles = treeNames.map { name in
            let path = join(directory, name)
            return { () -> SourceFile? in
                if let bytes = replacing[path] { return SourceFile(name: path, bytes: bytes) }
                return readFile(path, limit: options.maxFileSize, out: out).map { SourceFile(name: path, bytes: $0) }
            }
        }
        let questionFiles = readQuestionFiles(join(directory, "questions"), options: options, out: out)
        var library = try build(
            policyFiles: policyFiles, treeFiles: treeFiles, questionFiles: questionFiles, options: options, out: out,
            policiesDirectory: policyDir
        ) { policy in
            readSource(of: policy, directory: directory, policyDir: policyDir, options: options, out: out)
        }
        library.directory = directory
        return library
    }

    /// The tree files' names in a trees directory, sorted; a directory that is missing or cannot
    /// be read stops the load.
    static func treeFileNames(_ directory: String) throws(LoadFailure) -> [String] {
        if let (problem, words) = SafeFile.directoryProblem(directory, name: "trees directory") {
            let rule: String
            switch problem {
            case .missing, .notADirectoryOnPath, .notRegular: rule = "no-trees"
            default: rule = "unreadable"
            }
            throw LoadFailure([Diagnostic(rule: rule, file: directory, message: words)])
        }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory).filter(isTreeFileName).sorted()
        } catch {
            throw LoadFailure([
                Diagnostic(
                    rule: "unreadable", file: directory, message: "the trees directory cannot be read (check its permissions)")
            ])
        }
    }

    /// The policy files' names in `policies/`, sorted (none when it is missing: said by the caller).
    static func policyFileNames(_ policyDir: String, out: DiagnosticCollector) -> [String] {
        switch SafeFile.directoryProblem(policyDir, name: "policies directory") {
        case nil:
            do {
                return try FileManager.default.contentsOfDirectory(atPath: policyDir).filter(isTreeFileName).sorted()
            } catch {
                out.error("unreadable", policyDir, nil, nil, "the policies directory cannot be read (check its permissions)")
            }
        case (.missing, _)?: break  // said below: no policy files
        case (_, let words)?: out.error("unreadable", policyDir, nil, nil, words)
        }
        return []
    }

    /// The question files of `questions/` (optional), read.
    static func readQuestionFiles(_ questionDir: String, options: LoadOptions, out: DiagnosticCollector) -> [SourceFile] {
        var questionFiles: [SourceFile] = []
        switch SafeFile.directoryProblem(questionDir, name: "questions directory") {
        case nil:
            do {
                let names = try FileManager.default.contentsOfDirectory(atPath: questionDir).filter {
                    $0.hasSuffix(".txt") && !$0.hasPrefix(".")
                }.sorted()
                for name in names {
                    let path = join(questionDir, name)
                    if let bytes = readFile(path, limit: options.maxFileSize, out: out) {
                        questionFiles.append(SourceFile(name: path, bytes: bytes))
                    }
                }
            } catch {
                out.error("unreadable", questionDir, nil, nil, "the questions directory cannot be read (check its permissions)")
            }
        case (.missing, _)?: break  // questions/ is optional
        case (_, let words)?: out.error("unreadable", questionDir, nil, nil, words)
        }
        return questionFiles
    }

    /// A policy's source text, read from `policies/`; it must lie inside the trees directory.
    static func readSource(
        of policy: Policy, directory: String, policyDir: String, options: LoadOptions, out: DiagnosticCollector
    ) -> String? {
        let path = join(policyDir, policy.source)
        // A policy's source text lives inside the trees directory: never a path out of it.
        if let root = SafeFile.realPath(directory), let real = SafeFile.realPath(path),
            !(real + "/").hasPrefix(root.hasSuffix("/") ? root : root + "/")
        {
            out.error(
                "source-outside", policy.file, policy.fieldLocations["source"], "source",
                "the source text \"\(policy.source)\" is outside the trees directory; keep it under policies/sources/")
            return nil
        }
        guard let bytes = readFile(path, limit: options.maxFileSize, out: out) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Loads from files in memory (for tests and tools); `sources` supplies policy source texts by policy id.
    public static func load(
        policyFiles: [SourceFile], treeFiles: [SourceFile], questionFiles: [SourceFile] = [],
        sources: [String: String] = [:], options: LoadOptions = LoadOptions()
    ) throws(LoadFailure) -> Library {
        let out = DiagnosticCollector()
        return try build(
            policyFiles: policyFiles, treeFiles: treeFiles.map { f in { f } }, questionFiles: questionFiles,
            options: options, out: out
        ) {
            sources[$0.id]
        }
    }

    static func build(
        policyFiles: [SourceFile], treeFiles: [() -> SourceFile?], questionFiles: [SourceFile] = [], options: LoadOptions,
        out: DiagnosticCollector, policiesDirectory: String? = nil,
        source: (Policy) -> String?
    ) throws(LoadFailure) -> Library {
        var policies: [Policy] = []
        // What did not load, so that errors following from it are counted on it, not listed.
        var causes: [DiagnosticCollector.Cause] = []
        if let dir = policiesDirectory { causes.append(.policiesDirectory(dir)) }
        func baseName(_ file: String) -> String {
            let base = (file as NSString).lastPathComponent
            return base.hasSuffix(".json") ? String(base.dropLast(5)) : base
        }
        func id(in json: JSONValue?) -> String? { json?.members?.first(where: { $0.key == "id" })?.value.string }
        for file in policyFiles {
            guard let json = parse(file, out: out) else {
                causes.append(.policyFile(file.name, ids: [baseName(file.name)]))
                continue
            }
            guard let p = Loader.decodePolicy(json, file: file.name, out: out) else {
                causes.append(.policyFile(file.name, ids: Set([baseName(file.name), id(in: json)].compactMap { $0 })))
                continue
            }
            let base = (file.name as NSString).lastPathComponent
            if base.hasSuffix(".json") && base != p.id + ".json" {
                out.error(
                    "file-name", file.name, p.fieldLocations["id"], "id",
                    "the policy id is \"\(p.id)\" but the file is named \(base): name it \(p.id).json")
            }
            policies.append(p)
        }
        var trees: [Tree] = []
        for read in treeFiles {
            guard let file = read() else { continue }
            if let t = Loader.decodeTreeFile(file, out: out) {
                trees.append(t)
            } else {
                causes.append(.treeFile(file.name, ids: [baseName(file.name)]))
            }
        }
        Validator.validate(policies: policies, trees: trees, out: out)
        let questions = readQuestions(questionFiles, trees: trees, out: out)
        if options.checkSources {
            var texts: [String: String] = [:]
            // A source that could not be read was said why (missing, outside the trees directory):
            // no second error saying only that it could not be read.
            var explained: Set<String> = []
            for p in policies {
                let before = out.items.count
                if let s = source(p) { texts[p.id] = s } else if out.items.count > before { explained.insert(p.id) }
            }
            Validator.checkSources(policies.filter { !explained.contains($0.id) }, sourceTexts: texts, out: out)
        }
        out.foldConsequences(causes)
        let all = out.sorted()
        if all.contains(where: { $0.severity == .error }) { throw LoadFailure(all) }
        var library = Library(policies: policies, trees: trees.sorted { $0.id < $1.id })
        library.questions = questions
        library.warnings = all
        return library
    }

    /// Reads `questions/*.txt`: each file is named for a topic, `off-topic` or `safeguarding`.
    static func readQuestions(_ files: [SourceFile], trees: [Tree], out: DiagnosticCollector) -> QuestionCorpus {
        var corpus = QuestionCorpus()
        let topics = Set(trees.map(\.id))
        let hasSafeguarding = trees.contains { $0.nodes.contains { $0.outcome?.safeguarding == true } }
        for file in files {
            let base = String((file.name as NSString).lastPathComponent.dropLast(4))
            guard let text = String(validating: file.bytes, as: UTF8.self) else {
                out.error("utf8", file.name, nil, nil, "the questions file is not UTF-8 text")
                continue
            }
            if !topics.contains(base) && base != QuestionCorpus.offTopic && base != QuestionCorpus.safeguarding {
                out.error(
                    "unknown-topic", file.name, nil, nil,
                    "questions files are named for a topic, off-topic or safeguarding; there is no topic \"\(base)\""
                        + Validator.suggestion(base, among: trees.map(\.id)), about: .topic(base))
                continue
            }
            if base == QuestionCorpus.safeguarding && !hasSafeguarding {
                out.error(
                    "unknown-topic", file.name, nil, nil,
                    "safeguarding questions go straight to a safeguarding outcome, but no outcome is marked \"safeguarding\": true"
                )
                continue
            }
            let examples = QuestionCorpus.parse(text, label: base, file: file.name)
            for e in examples {
                if let bad = Text.firstControlCharacter(e.text) {
                    out.error(
                        "control-character", file.name, SourceLocation(line: e.line, column: 1), nil,
                        "this question contains the control character U+\(String(bad.value, radix: 16, uppercase: true))")
                }
            }
            corpus.examples += examples
        }
        if !files.isEmpty {
            for t in trees {
                let n = corpus.examples.filter { $0.label == t.id }.count
                if n < QuestionCorpus.recommendedPerTopic {
                    out.warning(
                        "few-questions", t.file, t.fieldLocations["id"], "id",
                        "the topic \"\(t.id)\" has \(n) question\(n == 1 ? "" : "s") in questions/\(t.id).txt: give it at least \(QuestionCorpus.recommendedPerTopic), asked the way staff ask, so the router learns to hear it"
                    )
                }
            }
        }
        return corpus
    }

    static func parse(_ file: SourceFile, out: DiagnosticCollector) -> JSONValue? {
        do {
            return try JSONReader.parse(file.bytes)
        } catch {
            let rule = error.message.contains("UTF-8") ? "utf8" : "json"
            out.error(rule, file.name, error.location, nil, error.message)
            return nil
        }
    }

    /// Which files of a trees directory are trees (`*.json`, not a schema, not a dot-file).
    public static func isTreeFileName(_ name: String) -> Bool {
        name.hasSuffix(".json") && name != "schema.json" && !name.hasSuffix(".schema.json") && !name.hasPrefix(".")
    }

    static func join(_ dir: String, _ name: String) -> String {
        if dir.isEmpty || dir == "." { return name }
        return dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }

    static func readFile(_ path: String, limit: Int, out: DiagnosticCollector) -> [UInt8]? {
        switch SafeFile.read(path, limit: limit) {
        case .success(let bytes): return bytes
        case .failure(let f):
            if case .tooLarge = f {
                out.error("file-too-large", path, nil, nil, f.description)
            } else {
                out.error("unreadable", path, nil, nil, f.description)
            }
            return nil
        }
    }
}
