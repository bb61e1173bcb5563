import DecisionTree
import Testing

@Suite("Schools named in a question")
struct SchoolNamesTests {
    let library = try! ShippedTreesTests.load()

    func ids(_ question: String) -> [String] {
        SchoolNames.mentioned(in: question, library: library)?.ids ?? []
    }

    @Test("a distinctive word of a school's name, a short form or the council names that school")
    func single() {
        #expect(ids("I'm a TA at Redbridge, can I accept a parent?") == ["redbridge"])
        #expect(ids("at stafford's can i post this") == ["roselands-stafford"])
        #expect(ids("we're mercia trust, what's the rule") == ["mercia-trust"])
        #expect(ids("north lincs school, parent on fb") == ["grange-primary"])
        #expect(ids("The Grange Community Primary School policy on snapchat") == ["grange-community"])
        #expect(ids("grange primary here, a pupil added me") == ["grange-primary"])
    }

    @Test("a word two schools share offers both; no school named offers none")
    func sharedOrNone() {
        #expect(ids("here at the Grange, can i accept this") == ["grange-community", "grange-primary"])
        #expect(ids("can i accept a friend request from a parent").isEmpty)
        #expect(ids("our community primary school has a facebook page").isEmpty)
    }

    @Test("the words are given back as the person typed them")
    func typed() {
        #expect(SchoolNames.mentioned(in: "at Stafford's we", library: library)?.words == "Stafford")
        #expect(SchoolNames.mentioned(in: "North Lincs council", library: library)?.words == "North Lincs")
        #expect(
            SchoolNames.mentioned(in: "'Teacher of Geography at Redbridge Community School' in my bio?", library: library)?.words
                == "Redbridge Community School")
    }
}
