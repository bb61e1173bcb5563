/// A small map keyed by policy id, kept as two arrays: a tree has thousands of these maps and
/// each holds a handful of schools, where a `Dictionary` would cost far more memory than it saves
/// in lookups. Keys keep their order of insertion.
public struct PolicyMap<Value: Sendable & Hashable>: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var keys: [String] = []
    public private(set) var values: [Value] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, Value)...) {
        for (k, v) in elements { self[k] = v }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: String) -> Value? {
        get { keys.firstIndex(of: key).map { values[$0] } }
        set {
            if let i = keys.firstIndex(of: key) {
                if let v = newValue {
                    values[i] = v
                } else {
                    keys.remove(at: i)
                    values.remove(at: i)
                }
            } else if let v = newValue {
                keys.append(key)
                values.append(v)
            }
        }
    }

    public func makeIterator() -> AnyIterator<(key: String, value: Value)> {
        var i = 0
        let k = keys
        let v = values
        return AnyIterator {
            guard i < k.count else { return nil }
            defer { i += 1 }
            return (k[i], v[i])
        }
    }
}
