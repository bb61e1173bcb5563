import DecisionTree
import Testing

@Suite("Text")
struct TextTests {
    @Test("quotes are compared after removing markdown noise and folding white space, nothing else")
    func verbatim() {
        let source = "6.6 Staff **must** decline\n - 'friend requests' from [pupils](#).\n"
        #expect(Text.isVerbatim("Staff must decline 'friend requests' from pupils.", in: source))
        #expect(Text.isVerbatim("Staff must   decline\n'friend requests'", in: source))
        #expect(!Text.isVerbatim("Staff must decline friend requests", in: source))  // quotes dropped
        #expect(!Text.isVerbatim("staff must decline", in: source))  // case differs
        #expect(!Text.isVerbatim("Staff should decline", in: source))
        #expect(!Text.isVerbatim("", in: source))
    }

    @Test("escape sequences are removed and control characters shown visibly")
    func terminalSafe() {
        #expect(Text.terminalSafe("plain text\nnext") == "plain text\nnext")
        #expect(Text.terminalSafe("red \u{1B}[31mTEXT\u{1B}[0m") == "red TEXT")
        #expect(Text.terminalSafe("title \u{1B}]0;pwned\u{07}x") == "title x")
        #expect(Text.terminalSafe("bell\u{07}") == "bell^G")
        #expect(Text.terminalSafe("c1 \u{9B}") == "c1 <U+9B>")
        #expect(Text.terminalSafe("rtl \u{202E}x") == "rtl <U+202E>x")
        #expect(Text.firstControlCharacter("ok\ttab\n") == nil)
        #expect(Text.firstControlCharacter("bad\u{1B}") == "\u{1B}")
    }

    @Test("edit distance counts a swap of neighbouring letters as one")
    func distance() {
        func d(_ a: String, _ b: String) -> Int { Text.editDistance(Array(a.utf8), Array(b.utf8), limit: 3) }
        #expect(d("freind", "friend") == 1)
        #expect(d("recieve", "receive") == 1)
        #expect(d("email", "emails") == 1)
        #expect(d("abc", "abc") == 0)
        #expect(d("kitten", "sitting") == 3)
        #expect(Text.editDistance(Array("abcdefgh".utf8), Array("zzzzzzzz".utf8), limit: 2) == 3)
    }
}
