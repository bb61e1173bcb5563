import DecisionTree
import Foundation
import Testing

/// The shipped trees and policies: they load cleanly, every quote is verbatim, and every outcome
/// answers for all five schools with that school's own clauses.
@Suite("Shipped trees and policies")
struct ShippedTreesTests {
    static let policyIDs = ["grange-community", "grange-primary", "mercia-trust", "redbridge", "roselands-stafford"]
    static let topicIDs = [
        "friend-requests", "media-enquiries", "online-conduct", "pupil-contact", "staff-parents", "work-email",
    ]

    static func load() throws -> Library {
        try Library.load(directory: Fixtures.shippedTrees, options: LoadOptions(checkSources: true))
    }

    @Test("the shipped trees load with no errors and no warnings")
    func cleanLoad() throws {
        do {
            let l = try Self.load()
            #expect(l.warnings.isEmpty, "\(l.warnings.map(\.description).joined(separator: "\n"))")
            #expect(l.policyIDs == Self.policyIDs)
            #expect(l.trees.map(\.id) == Self.topicIDs)
        } catch {
            Issue.record("the shipped trees do not load:\n\(error)")
        }
    }

    @Test("every clause of every policy is verbatim from its shipped source text", arguments: policyIDs)
    func verbatim(_ id: String) throws {
        let l = try Self.load()
        let p = try #require(l.policy(id))
        let source = try String(contentsOfFile: Fixtures.shippedTrees + "/policies/" + p.source, encoding: .utf8)
        #expect(!p.clauses.isEmpty)
        for c in p.clauses {
            #expect(Text.isVerbatim(c.text, in: source), "clause \(c.id) of \(id) is not verbatim")
        }
    }

    @Test("numbered policies have every paragraph, in order")
    func numbering() throws {
        let l = try Self.load()
        #expect(l.policy("grange-primary")?.clauses.map(\.id) == (1...20).map(String.init))
        #expect(l.policy("grange-community")?.clauses.map(\.id) == (1...71).map(String.init))
        let ids = l.policy("roselands-stafford")?.clauses.map(\.id) ?? []
        for id in ["1.1", "6.6", "6.10", "A.3.7", "A.5.9"] { #expect(ids.contains(id)) }
        let red = l.policy("redbridge")?.clauses.map(\.id) ?? []
        for id in ["6.2", "6.3", "when-in-doubt-ask", "an-official-response-may-be-needed"] { #expect(red.contains(id)) }
    }

    @Test("dates are read from the policies, and staleness follows today's date")
    func dates() throws {
        let l = try Self.load()
        let red = try #require(l.policy("redbridge"))
        #expect(red.nextReview == PolicyDate("2023-09-30"))
        #expect(red.stalenessNotice(today: Day(year: 2023, month: 9, day: 30)) == nil)
        #expect(red.stalenessNotice(today: Fixtures.today)?.contains("September 2023") == true)
        #expect(l.policy("grange-primary")?.nextReview == nil)
    }

    @Test("every outcome answers for all five schools, each citing only its own clauses")
    func outcomesCoverEveryPolicy() throws {
        let l = try Self.load()
        for t in l.trees {
            for n in t.outcomes {
                let o = n.outcome!
                #expect(Set(o.answers.keys) == Set(Self.policyIDs), "\(t.id)/\(n.id)")
                for (pid, a) in o.answers {
                    #expect(!a.citations.isEmpty, "\(t.id)/\(n.id)/\(pid)")
                    let p = l.policy(pid)!
                    for c in a.citations { #expect(p.clause(c.clause) != nil, "\(t.id)/\(n.id)/\(pid) cites \(c.clause)") }
                }
            }
        }
    }

    @Test("words in double quotes inside advice are the same school's words, verbatim")
    func quotedAdviceIsVerbatim() throws {
        let l = try Self.load()
        var checked = 0
        for t in l.trees {
            for n in t.outcomes {
                for (pid, a) in n.outcome!.answers {
                    let policyText = l.policy(pid)!.clauses.map(\.text).joined(separator: "\n")
                    // Segments between "..." or “...”.
                    var segments: [String] = []
                    var current: String?
                    for ch in a.advice {
                        if ch == "\"" || ch == "“" || ch == "”" {
                            if let c = current {
                                segments.append(c)
                                current = nil
                            } else {
                                current = ""
                            }
                        } else if current != nil {
                            current!.append(ch)
                        }
                    }
                    for q in segments {
                        checked += 1
                        #expect(
                            Text.isVerbatim(q, in: policyText),
                            "\(t.id)/\(n.id)/\(pid) quotes words its policy does not contain: \(q)")
                    }
                }
            }
        }
        #expect(checked > 0)
    }

    @Test("every question offers Not sure, leading to ask-first under every policy")
    func notSure() throws {
        let l = try Self.load()
        for t in l.trees {
            for n in t.nodes {
                guard let q = n.question else { continue }
                let found = q.answers.first { $0.isNotSure }
                let ns = try #require(found, "\(t.id)/\(n.id)")
                let o = try #require(t.node(ns.next)?.outcome)
                #expect(o.answers.values.allSatisfy { $0.verdict == .askFirst }, "\(t.id)/\(n.id)")
            }
        }
    }

    @Test("every tree has at least 15 routing phrases, and every question has help-worthy why clauses")
    func routingAndWhy() throws {
        let l = try Self.load()
        for t in l.trees {
            #expect(t.routing.count >= 15, "\(t.id) has \(t.routing.count) routing phrases")
            for n in t.nodes {
                guard let q = n.question else { continue }
                #expect(Set(q.why?.clauses.keys.map { $0 } ?? []) == Set(Self.policyIDs), "\(t.id)/\(n.id) why")
            }
        }
    }
}
