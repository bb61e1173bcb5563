import DecisionTree
import Foundation
import PolicyDocument
import Testing
import ZIPFoundation

@Suite("Reading a Word .docx")
struct DocxTests {
    typealias W = DocxWriter

    static func read(_ w: DocxWriter) throws -> PolicyDocument.Read {
        try PolicyDocument.read([UInt8](try w.data()), name: "policy.docx")
    }

    @Test("automatic list numbers are written out as the document shows them")
    func numbering() throws {
        var w = DocxWriter()
        w.numbering = [
            W.abstractNum(0, [("decimal", "%1.", 1)]),
            W.abstractNum(1, [("decimal", "%1", 1), ("decimal", "%1.%2", 1), ("lowerLetter", "(%3)", 1)]),
            W.abstractNum(2, [("lowerRoman", "%1.", 1)]),
            W.abstractNum(3, [("upperLetter", "%1)", 1)]),
            W.abstractNum(4, [("bullet", "\u{F0B7}", 1), ("bullet", "o", 1)]),
            W.abstractNum(5, [("decimal", "Step %1", 1)]),
            W.num(1, abstract: 0), W.num(2, abstract: 1), W.num(3, abstract: 2), W.num(4, abstract: 3),
            W.num(5, abstract: 4), W.num(6, abstract: 0, startOverrides: [0: 10]), W.num(7, abstract: 0),
            W.num(8, abstract: 5),
        ]
        w.body = [
            W.p("Introduction", style: "Heading1", num: 2, ilvl: 0),
            W.p("The internet provides tools.", num: 2, ilvl: 1),
            W.p("Staff must keep their lives apart:", num: 2, ilvl: 1),
            W.p("at school;", num: 2, ilvl: 2),
            W.p("at home.", num: 2, ilvl: 2),
            W.p("Scope", style: "Heading1", num: 2, ilvl: 0),
            W.p("This policy applies to all staff.", num: 2, ilvl: 1),
            W.p("First.", num: 1), W.p("Second.", num: 1), W.p("", num: 1), W.p("Fourth.", num: 1),
            W.p("Plain paragraph."),
            W.p("one", num: 3), W.p("two", num: 3), W.p("three", num: 3), W.p("four", num: 3),
            W.p("alpha", num: 4), W.p("beta", num: 4),
            W.p("a bullet", num: 5), W.p("a sub-bullet", num: 5, ilvl: 1),
            W.p("Restarted at ten.", num: 6), W.p("Goes on from ten.", num: 7),
            W.p("Tell the DSL.", num: 8),
        ]
        let text = try Self.read(w).text
        let expected = """
            # 1 Introduction

            1.1 The internet provides tools.
            1.2 Staff must keep their lives apart:
            (a) at school;
            (b) at home.

            # 2 Scope

            2.1 This policy applies to all staff.
            1. First.
            2. Second.
            4. Fourth.

            Plain paragraph.

            i. one
            ii. two
            iii. three
            iv. four
            A) alpha
            B) beta
            - a bullet
              - a sub-bullet
            10. Restarted at ten.
            11. Goes on from ten.
            Step 1 Tell the DSL.

            """
        #expect(text == expected, "\(text)")
    }

    @Test("letters and roman numerals past the first few, as Word writes them")
    func formats() {
        #expect(BodyReaderFormat.format(27, "lowerLetter") == "aa")
        #expect(BodyReaderFormat.format(3, "upperLetter") == "C")
        #expect(BodyReaderFormat.format(14, "lowerRoman") == "xiv")
        #expect(BodyReaderFormat.format(1999, "upperRoman") == "MCMXCIX")
        #expect(BodyReaderFormat.format(7, "decimalZero") == "07")
    }

    @Test("headings by style name, Title, outline level and a style's own numbering")
    func headings() throws {
        var w = DocxWriter()
        w.styles = [
            W.style("Kop1", name: "heading 1"), W.style("Kop2", name: "heading 2", basedOn: "Kop1"),
            W.style("Titel", name: "Title"), W.style("ListNum", name: "List Number", numID: 1),
            W.style("Clause", name: "Clause", basedOn: "ListNum"),
        ]
        w.numbering = [W.abstractNum(0, [("decimal", "%1.", 1)]), W.num(1, abstract: 0)]
        w.body = [
            W.p("Social Media Policy", style: "Titel"),
            W.p("PERSONAL USE", style: "Kop1"),
            W.p("Friend requests", style: "Kop2"),
            W.p("Staff must decline friend requests from pupils.", style: "ListNum"),
            W.p("Staff must not message pupils.", style: "Clause"),
            "<w:p><w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr>" + W.run("An outline heading") + "</w:p>",
        ]
        let text = try Self.read(w).text
        #expect(
            text
                == "# Social Media Policy\n\n# PERSONAL USE\n\n## Friend requests\n\n1. Staff must decline friend requests from pupils.\n2. Staff must not message pupils.\n\n### An outline heading\n",
            "\(text)")
    }

    @Test("table rows as lines (two tables apart), tabs and breaks kept, deleted text and invisible characters left out")
    func tablesAndRuns() throws {
        var w = DocxWriter()
        w.body = [
            W.table([["Date", "Version", "Next review"], ["April 2017", "1", "April 2019"]]),
            W.table([["Approved by", "FGB"]]),
            W.p(runs: [W.run("Review Date:\tJune 2022"), W.run("Line one\nline two")]),
            W.p(runs: [
                W.run("Staff must "), "<w:del w:id=\"1\"><w:r><w:delText>not </w:delText></w:r></w:del>",
                "<w:ins w:id=\"2\">" + W.run("always ") + "</w:ins>", W.run("ask\u{200B} first."),
                "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
            ]),
            W.p(runs: [
                "<w:r><mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>"
                    + W.p("In a text box.")
                    + "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"
                    + W.p("In a text box.") + "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>",
                W.run("After the box."),
            ]),
        ]
        let read = try Self.read(w)
        #expect(
            read.text
                == "Date\tVersion\tNext review\nApril 2017\t1\tApril 2019\n\nApproved by\tFGB\n\nReview Date:\tJune 2022Line one\nline two\n\nStaff must always ask first.\n\nIn a text box.\n\nAfter the box.\n",
            "\(read.text)")
        #expect(read.removedInvisible == 1)
    }

    @Test("a list sits under the words ending in ':' that introduce it; a title before a list stands apart")
    func listIntroductions() throws {
        var w = DocxWriter()
        w.numbering = [
            W.abstractNum(0, [("bullet", "o", 1)]), W.num(1, abstract: 0), W.abstractNum(1, [("decimal", "%1.", 8)]),
            W.num(2, abstract: 1),
        ]
        w.body = [
            W.p("Staff must not:"), W.p("share photos of pupils;", num: 1), W.p("discuss the school online.", num: 1),
            W.p("Legal implications"), W.p("Staff should be aware of the law.", num: 2),
        ]
        let text = try Self.read(w).text
        #expect(
            text
                == "Staff must not:\n- share photos of pupils;\n- discuss the school online.\n\nLegal implications\n\n8. Staff should be aware of the law.\n",
            "\(text)")
        // Read by import: the list is the introducing clause's; the title heads the numbered clause.
        let r = PolicyImport.read(text)
        #expect(r.clauses.first?.text.contains("discuss the school online.") == true, "\(r.clauses)")
        #expect(r.clauses.first { $0.id == "8" }?.heading == "Legal implications", "\(r.clauses)")
    }

    @Test("the main document found through the package's relationships")
    func relationships() throws {
        var w = DocxWriter()
        w.documentPath = "word/document2.xml"
        w.numbering = [W.abstractNum(0, [("decimal", "%1.", 1)]), W.num(1, abstract: 0)]
        w.body = [W.p("Staff must not accept friend requests.", num: 1)]
        #expect(try Self.read(w).text == "1. Staff must not accept friend requests.\n")
    }

    @Test("damaged, incomplete and other kinds of file are refused, saying what to do")
    func refusals() throws {
        var w = DocxWriter()
        w.body = [W.p("Hello.")]
        let good = [UInt8](try w.data())
        func failure(_ bytes: [UInt8], name: String = "p.docx") -> String? {
            do {
                _ = try PolicyDocument.read(bytes, name: name)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(failure(Array(good.prefix(good.count / 2)))?.contains("damaged") == true)
        #expect(failure([0x50, 0x4B, 0x03, 0x04, 1, 2, 3])?.contains("damaged") == true)
        let zip = try Archive(data: Data(), accessMode: .create)
        let hello = Data("hello".utf8)
        try zip.addEntry(
            with: "hello.txt", type: .file, uncompressedSize: Int64(hello.count),
            provider: { pos, size in hello.subdata(in: Int(pos)..<Int(pos) + size) })
        let notWord = failure([UInt8](zip.data ?? Data()))
        #expect(notWord?.contains("not a Word document: it has no word/document.xml") == true, "\(notWord ?? "")")
        // A part bigger than the limit unzipped (a zip bomb) is refused, not read.
        var big = DocxWriter()
        big.body = [W.p(String(repeating: "Staff must not post. ", count: 500))]
        let bigBytes = [UInt8](try big.data())
        do {
            _ = try Docx.text(fromArchive: bigBytes, limit: 4000)
            Issue.record("a part over the limit was read")
        } catch {
            #expect(error.message.contains("word/document.xml is larger than 4000 bytes unzipped"), "\(error)")
        }
        let pdf = failure(Array("%PDF-1.7\n%âãÏÓ\n".utf8), name: "policy.docx")
        #expect(pdf?.contains("pdftotext -layout policy.docx policy.txt") == true, "\(pdf ?? "")")
        #expect(failure([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0])?.contains(".doc") == true)
        #expect(
            failure(Array("PK\u{03}\u{04}....mimetypeapplication/vnd.oasis.opendocument.text".utf8))?.contains(".odt") == true)
        #expect(failure([0x61, 0xFF, 0xFE])?.contains("UTF-8") == true)
        #expect(failure(Array("{\\rtf1\\ansi hello}".utf8))?.contains(".rtf") == true)
        let doctype =
            "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><w:document><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
        do {
            _ = try Docx.text(document: Data(doctype.utf8), numbering: nil, styles: nil)
            Issue.record("a DOCTYPE was read")
        } catch {
            #expect(error.message.contains("declares a DOCTYPE"), "\(error)")
        }
        for xml in ["<w:document><w:body><w:p></w:body>", "<w:document><w:body><w:p>", "", "<a>&bogus;</a>"] {
            do {
                _ = try Docx.text(document: Data(xml.utf8), numbering: nil, styles: nil)
                Issue.record("malformed XML was read: \(xml)")
            } catch {
                #expect(error.message.contains("word/document.xml is not well-formed XML"), "\(error)")
            }
        }
    }

    @Test("import reads a .docx: numbers as text, clauses verbatim; bad files exit 2 naming the file, nothing written")
    func importCommand() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir)
        try FileManager.default.copyItem(atPath: Fixtures.shippedTrees, toPath: dir)
        var w = DocxWriter()
        w.numbering = [W.abstractNum(0, [("decimal", "%1.", 1)]), W.num(1, abstract: 0)]
        w.styles = [W.style("Heading1", name: "heading 1")]
        w.headers = ["Oakfield Primary School - Social Media Policy"]
        w.body = [
            W.p("Friend requests", style: "Heading1"),
            W.p("Staff must not accept friend requests from pupils on personal accounts.", num: 1),
            W.p("If in doubt, ask the headteacher before you post anything about the school.", num: 1),
        ]
        let doc = dir + "/oakfield.docx"
        try w.data().write(to: URL(fileURLWithPath: doc))
        let imp = try CLI.run(["import", "--trees", dir, doc, "--id", "oakfield", "--school", "Oakfield Primary"])
        #expect(imp.status == 0, "\(imp)")
        #expect(CLI.squash(imp.out).contains("as a Word document"), "\(imp)")
        let source = try String(contentsOfFile: dir + "/policies/sources/oakfield.txt", encoding: .utf8)
        #expect(source.contains("1. Staff must not accept") && source.contains("2. If in doubt"), "\(source)")
        #expect(!source.contains("Social Media Policy"), "a page header is not the document's text")
        let policy = try String(contentsOfFile: dir + "/policies/oakfield.json", encoding: .utf8)
        #expect(policy.contains("\"id\": \"1\", \"heading\": \"Friend requests\""), "\(policy)")
        #expect(try CLI.run(["scaffold", "--trees", dir, "oakfield"]).status == 0)
        #expect(try CLI.run(["lint", dir]).status == 0)

        let bad = dir + "/bad.docx"
        try Data(try w.data().prefix(200)).write(to: URL(fileURLWithPath: bad))
        let r = try CLI.run(["import", "--trees", dir, bad, "--id", "bad", "--school", "Bad"])
        #expect(r.status == 2 && r.err.contains("bad.docx: error: not a readable .docx"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/policies/bad.json"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/policies/sources/bad.txt"))

        let pdf = dir + "/policy.txt"
        try Data("%PDF-1.4\n1 0 obj\n".utf8).write(to: URL(fileURLWithPath: pdf))
        let p = try CLI.run(["import", "--trees", dir, pdf, "--id", "x", "--school", "X"])
        #expect(p.status == 2 && p.err.contains("pdftotext -layout") && p.err.contains("policy.txt: error:"), "\(p)")
        let missing = try CLI.run(["import", "--trees", dir, dir + "/none.docx", "--id", "x", "--school", "X"])
        #expect(missing.status == 2 && missing.err.contains("none.docx: error:"), "\(missing)")
    }
}

/// The list-number formats, through the reader.
enum BodyReaderFormat {
    static func format(_ n: Int, _ f: String) -> String {
        var w = DocxWriter()
        w.numbering = [DocxWriter.abstractNum(0, [(f, "%1", n)]), DocxWriter.num(1, abstract: 0)]
        w.body = [DocxWriter.p("x", num: 1)]
        let text = (try? PolicyDocument.read([UInt8]((try? w.data()) ?? Data()), name: "f.docx").text) ?? ""
        return String(text.dropLast(3))
    }
}
