/// Typed access to JSON members, each failure naming its JSON path.
struct JSONReader {
    func describe(_ v: JSON) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    func join(_ at: String, _ key: String) -> String { at.isEmpty ? key : "\(at).\(key)" }

    func object(_ v: JSON, _ at: String) throws(JSONPathError) -> [(String, JSON)] {
        guard case .object(let pairs) = v else {
            throw JSONPathError(path: at, message: "expected an object, found \(describe(v))")
        }
        return pairs
    }

    func member(_ o: [(String, JSON)], _ key: String) -> JSON? {
        o.first { $0.0 == key }?.1
    }

    func required(_ o: [(String, JSON)], _ key: String, _ at: String) throws(JSONPathError) -> JSON {
        guard let v = member(o, key) else { throw JSONPathError(path: join(at, key), message: "missing") }
        return v
    }

    func string(_ o: [(String, JSON)], _ key: String, _ at: String) throws(JSONPathError) -> String {
        let v = try required(o, key, at)
        guard case .string(let s) = v else {
            throw JSONPathError(path: join(at, key), message: "expected a string, found \(describe(v))")
        }
        return s
    }

    func optionalString(_ o: [(String, JSON)], _ key: String, _ at: String) throws(JSONPathError) -> String? {
        let v = try required(o, key, at)
        if v == .null { return nil }
        guard case .string(let s) = v else {
            throw JSONPathError(path: join(at, key), message: "expected a string or null, found \(describe(v))")
        }
        return s
    }

    func id(_ o: [(String, JSON)], _ key: String, _ at: String) throws(JSONPathError) -> String {
        let s = try string(o, key, at)
        if let problem = Identifier.problem(s) {
            throw JSONPathError(path: join(at, key), message: "'\(Visible.escape(s))' is not an id: it \(problem)")
        }
        return s
    }

    func time(_ o: [(String, JSON)], _ key: String, _ at: String) throws(JSONPathError) -> Timestamp {
        let s = try string(o, key, at)
        guard let t = Timestamp(iso8601: s) else {
            throw JSONPathError(path: join(at, key), message: "expected a time like 2026-11-23T14:30:05Z, found \"\(Visible.escape(s))\"")
        }
        return t
    }

    func array(_ o: [(String, JSON)], _ key: String, _ at: String) throws(JSONPathError) -> [JSON] {
        let v = try required(o, key, at)
        guard case .array(let items) = v else {
            throw JSONPathError(path: join(at, key), message: "expected an array, found \(describe(v))")
        }
        return items
    }
}

extension JSONReader {
    /// A whole number in `range`, null, or missing (nil for both).
    func optionalInt(_ o: [(String, JSON)], _ key: String, _ at: String, in range: ClosedRange<Int>) throws(JSONPathError) -> Int? {
        guard let v = member(o, key), v != .null else { return nil }
        guard case .int(let n) = v else {
            throw JSONPathError(path: join(at, key), message: "expected a whole number or null, found \(describe(v))")
        }
        guard range.contains(n) else {
            let bounds = range.upperBound == Int.max ? "\(range.lowerBound) or more" : "\(range.lowerBound) to \(range.upperBound)"
            throw JSONPathError(path: join(at, key), message: "expected \(bounds), found \(n)")
        }
        return n
    }
}
