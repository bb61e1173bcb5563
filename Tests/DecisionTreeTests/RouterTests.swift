import DecisionTree
import Testing

@Suite("Routing")
struct RouterTests {
    static let phrasings: [(String, String)] = [
        ("can I accept this friend request?", "friend-requests"),
        ("a pupil sent me a freind request on facebook", "friend-requests"),
        ("year 6 kid added me on insta", "friend-requests"),
        ("should I accept friend requests from ex pupils", "friend-requests"),
        ("a colleague wants to be friends on facebook", "friend-requests"),
        ("can I give a pupil my mobile number", "pupil-contact"),
        ("a child messaged me on whatsapp", "pupil-contact"),
        ("can I text pupils on the school trip", "pupil-contact"),
        ("can I post photos of the class on my instagram", "pupil-contact"),
        ("my son is in the class I teach, can I message his friends' parents", "staff-parents"),
        ("I'm a parent at the school as well as staff", "staff-parents"),
        ("can I use my school email to sign up to twitter", "work-email"),
        ("school email address for linkedin", "work-email"),
        ("check work emails on my personal phone", "work-email"),
        ("a journalist rang asking for a comment", "media-enquiries"),
        ("the local paper wants a quote about the school", "media-enquiries"),
        ("a reporter DMed me about the ofsted report", "media-enquiries"),
        ("a year 5 girl followed me on tiktok", "friend-requests"),
        ("my old student wants to connect on linkedin, she is 22 now", "friend-requests"),
        ("a supply teacher wants to be friends on insta", "friend-requests"),
        ("someone from the echo called about the ofsted result", "media-enquiries"),
        ("a mum is complaining about the school on facebook", "media-enquiries"),
        ("can I use hotmail for emailing parents", "work-email"),
        ("can I check my school email on my phone", "work-email"),
        ("a kid told me something worrying on a message", "pupil-contact"),
        ("can I post a video of the nativity on my facebook", "pupil-contact"),
        ("my daughter's friend's mum wants to add me", "staff-parents"),
    ]

    static func router() throws -> Router { Router(library: try ShippedTreesTests.load()) }

    @Test("questions in staff's own words reach the right topic", arguments: phrasings.map(\.0))
    func routes(_ question: String) throws {
        let expected = Self.phrasings.first { $0.0 == question }!.1
        let r = try Self.router()
        switch r.route(question) {
        case .topic(let t): #expect(t == expected, "\(r.rank(question))")
        case .close(let a, let b): #expect(a == expected || b == expected, "\(r.rank(question))")
        case .none: Issue.record("no topic for \"\(question)\": \(r.rank(question))")
        }
    }

    @Test(
        "an off-topic question routes nowhere rather than guessing",
        arguments: [
            "what time is the school lunch break", "how do I book annual leave", "the photocopier is jammed again", "xyzzy",
            "",
        ])
    func offTopic(_ question: String) throws {
        let r = try Self.router()
        #expect(r.route(question) == .none, "\(r.rank(question))")
    }

    @Test("case, punctuation and plurals do not change the answer")
    func tolerant() throws {
        let r = try Self.router()
        #expect(r.route("FRIEND REQUESTS!!!") == r.route("friend request"))
        #expect(r.route("Friend-request from a pupil?") == r.route("friend request from pupils"))
    }

    @Test("routing works on the fixture library too (no shipped trees needed)")
    func fixture() throws {
        let r = Router(library: try Fixtures.library())
        #expect(r.route("can I bring my dgo to school") == .topic("pets"))
        #expect(r.route("annual leave form") == .none)
    }
}
