import DecisionTree
import Testing

@Suite("JSON reader")
struct JSONReaderTests {
    func parse(_ s: String) throws(JSONSyntaxError) -> JSONValue { try JSONReader.parse(Array(s.utf8)) }

    @Test("values carry the line and column where they start")
    func locations() throws {
        let v = try parse("{\n  \"a\": [1,\n    \"x\"]\n}")
        let a = try #require(v.members?.first)
        #expect(a.keyLocation == SourceLocation(line: 2, column: 3))
        #expect(a.value.location == SourceLocation(line: 2, column: 8))
        #expect(a.value.array?[1].location == SourceLocation(line: 3, column: 5))
        #expect(a.value.array?[1].string == "x")
    }

    @Test("a syntax error names the line and column of the problem")
    func syntaxError() {
        #expect { try parse("{\n  \"a\": 1,\n  }") } throws: { e in
            (e as? JSONSyntaxError)?.location == SourceLocation(line: 3, column: 3)
        }
    }

    @Test("duplicate keys are refused, at the second key")
    func duplicateKey() {
        #expect { try parse("{\"a\": 1,\n \"a\": 2}") } throws: { e in
            let e = e as? JSONSyntaxError
            return e?.location == SourceLocation(line: 2, column: 2) && e?.message.contains("duplicate key") == true
        }
    }

    @Test("an empty file, invalid UTF-8 and a NUL byte each get a clear error")
    func badBytes() {
        #expect { try JSONReader.parse([]) } throws: { ($0 as? JSONSyntaxError)?.message.contains("empty") == true }
        #expect { try JSONReader.parse([0x7B, 0x22, 0xFF, 0x22, 0x7D]) } throws: {
            ($0 as? JSONSyntaxError)?.message.contains("UTF-8") == true
        }
        #expect { try JSONReader.parse(Array("{\"a\": \"x\u{0}y\"}".utf8)) } throws: {
            ($0 as? JSONSyntaxError)?.message.contains("NUL") == true
        }
        #expect { try JSONReader.parse(Array("\u{0}".utf8)) } throws: {
            ($0 as? JSONSyntaxError)?.message.contains("NUL") == true
        }
    }

    @Test("an unexpected byte is named in plain words: 'unexpected NUL byte', never 'unexpected a NUL byte'")
    func unexpectedWording() {
        let cases: [(String, String)] = [
            ("{\"a\":\u{0}}", "unexpected NUL byte: expected a value"),
            ("{\u{0}}", "unexpected NUL byte: expected a quoted key"),
            ("[1 \u{1B}]", "unexpected control character 0x1B: expected ',' or ']'"),
            ("{\"a\": 1 é}", "unexpected non-ASCII character: expected ',' or '}'"),
            ("1 }", "unexpected '}' after the end of the JSON value"),
            ("[\"a\u{1}\"]", "a control character 0x1 inside a string"),
        ]
        for (text, message) in cases {
            #expect { try parse(text) } throws: { e in
                let m = (e as? JSONSyntaxError)?.message ?? ""
                return m.hasPrefix(message) && !m.contains("unexpected a ")
            }
        }
    }

    @Test("nesting deeper than the limit is refused without overflowing the stack")
    func deepNesting() {
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        #expect { try parse(deep) } throws: { ($0 as? JSONSyntaxError)?.message.contains("nesting") == true }
        let ok = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try parse(ok) }
    }

    @Test("escapes, surrogate pairs and numbers decode")
    func escapes() throws {
        let v = try parse(#"["a\"b\\c\n\u00e9\ud83d\ude00", -1.5e2, true, null]"#)
        #expect(v.array?[0].string == "a\"b\\c\né😀")
        if case .number(let n)? = v.array?[1].kind { #expect(n == -150) } else { Issue.record("not a number") }
        #expect { try parse(#"["\ud83d"]"#) } throws: { ($0 as? JSONSyntaxError)?.message.contains("surrogate") == true }
    }
}
