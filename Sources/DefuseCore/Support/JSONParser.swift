/// The strict JSON parser behind `JSON.parse`: iterative (an explicit stack
/// of open containers, so nesting is limited, not the call stack), with a
/// line and column for every error.
struct JSONParser {
    let bytes: [UInt8]
    let maxDepth: Int
    var i = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func error(_ message: String, at index: Int? = nil) -> JSON.ParseError {
        let at = min(index ?? i, bytes.count)
        var line = 1
        var col = 1
        var k = 0
        while k < at {
            if bytes[k] == 0x0A { line += 1; col = 1 } else if bytes[k] & 0xC0 != 0x80 { col += 1 }
            k += 1
        }
        return JSON.ParseError(line: line, column: col, message: message)
    }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    mutating func parseDocument() -> Result<JSON, JSON.ParseError> {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        if let bad = UTF8Check.firstInvalid(bytes) {
            return .failure(error("invalid UTF-8", at: bad))
        }
        skipSpace()
        if i >= bytes.count { return .failure(error("empty input: expected a JSON value")) }
        // Iterative parse: an explicit stack of open containers.
        enum Frame {
            case array([JSON])
            case object([(String, JSON)], String?)
        }
        var stack: [Frame] = []
        var value: JSON?
        while true {
            skipSpace()
            if value == nil {
                guard i < bytes.count else { return .failure(error("unexpected end of input")) }
                let b = bytes[i]
                switch b {
                case 0x7B:  // {
                    i += 1
                    if stack.count >= maxDepth { return .failure(error("nesting deeper than \(maxDepth) levels")) }
                    skipSpace()
                    if i < bytes.count, bytes[i] == 0x7D { i += 1; value = .object([]) }
                    else {
                        switch parseKey(orClose: true) {
                        case .failure(let e): return .failure(e)
                        case .success(let key): stack.append(.object([], key))
                        }
                        continue
                    }
                case 0x5B:  // [
                    i += 1
                    if stack.count >= maxDepth { return .failure(error("nesting deeper than \(maxDepth) levels")) }
                    skipSpace()
                    if i < bytes.count, bytes[i] == 0x5D { i += 1; value = .array([]) }
                    else { stack.append(.array([])); continue }
                case 0x22:
                    switch parseString() {
                    case .failure(let e): return .failure(e)
                    case .success(let s): value = .string(s)
                    }
                case 0x74:
                    guard literal("true") else { return .failure(error("unexpected character")) }
                    value = .bool(true)
                case 0x66:
                    guard literal("false") else { return .failure(error("unexpected character")) }
                    value = .bool(false)
                case 0x6E:
                    guard literal("null") else { return .failure(error("unexpected character")) }
                    value = .null
                case 0x2D, 0x30...0x39:
                    switch parseNumber() {
                    case .failure(let e): return .failure(e)
                    case .success(let n): value = n
                    }
                default:
                    return .failure(error("unexpected character"))
                }
            }
            // A value is complete: attach it to the open container, or finish.
            guard let done = value else { continue }
            guard let top = stack.popLast() else {
                skipSpace()
                if i < bytes.count { return .failure(error("unexpected text after the JSON value")) }
                return .success(done)
            }
            skipSpace()
            switch top {
            case .array(var items):
                items.append(done)
                guard i < bytes.count else { return .failure(error("unexpected end of input in an array")) }
                if bytes[i] == 0x2C { i += 1; stack.append(.array(items)); value = nil }
                else if bytes[i] == 0x5D { i += 1; value = .array(items) }
                else { return .failure(error("expected ',' or ']'")) }
            case .object(var pairs, let key):
                pairs.append((key!, done))
                guard i < bytes.count else { return .failure(error("unexpected end of input in an object")) }
                if bytes[i] == 0x2C {
                    i += 1
                    skipSpace()
                    switch parseKey(orClose: false) {
                    case .failure(let e): return .failure(e)
                    case .success(let k):
                        stack.append(.object(pairs, k))
                        value = nil
                    }
                } else if bytes[i] == 0x7D { i += 1; value = .object(pairs) }
                else { return .failure(error("expected ',' or '}'")) }
            }
        }
    }

    /// `"key":` at `i` (after white space), up to and past the colon.
    mutating func parseKey(orClose: Bool) -> Result<String, JSON.ParseError> {
        guard i < bytes.count, bytes[i] == 0x22 else {
            return .failure(error(orClose ? "expected a key string or '}'" : "expected a key string"))
        }
        switch parseString() {
        case .failure(let e): return .failure(e)
        case .success(let key):
            skipSpace()
            guard i < bytes.count, bytes[i] == 0x3A else { return .failure(error("expected ':' after a key")) }
            i += 1
            return .success(key)
        }
    }

    mutating func literal(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { return false }
        i += w.count
        return true
    }

    mutating func parseNumber() -> Result<JSON, JSON.ParseError> {
        let start = i
        if bytes[i] == 0x2D { i += 1 }
        var isInt = true
        var digits = 0
        let first = i
        while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1; digits += 1 }
        if digits == 0 { return .failure(error("bad number", at: start)) }
        // JSON has no leading zeros: `0` and `0.5`, never `01`.
        if digits > 1 && bytes[first] == 0x30 { return .failure(error("bad number (a leading zero)", at: start)) }
        if i < bytes.count, bytes[i] == 0x2E {
            isInt = false
            i += 1
            var frac = 0
            while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1; frac += 1 }
            if frac == 0 { return .failure(error("bad number", at: start)) }
        }
        if i < bytes.count, bytes[i] == 0x65 || bytes[i] == 0x45 {
            isInt = false
            i += 1
            if i < bytes.count, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
            var exp = 0
            while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1; exp += 1 }
            if exp == 0 { return .failure(error("bad number", at: start)) }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if isInt, let n = Int(text) { return .success(.int(n)) }
        guard let d = Double(text) else { return .failure(error("bad number", at: start)) }
        return .success(.double(d))
    }

    mutating func parseString() -> Result<String, JSON.ParseError> {
        let open = i
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x22 {
                i += 1
                return .success(String(decoding: out, as: UTF8.self))
            }
            if b < 0x20 { return .failure(error("control character in a string")) }
            if b == 0x5C {
                i += 1
                guard i < bytes.count else { break }
                let e = bytes[i]
                i += 1
                switch e {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x2F: out.append(0x2F)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    guard var code = hex4() else { return .failure(error("bad \\u escape")) }
                    if code >= 0xD800 && code < 0xDC00 {
                        // A surrogate pair.
                        guard i + 1 < bytes.count, bytes[i] == 0x5C, bytes[i + 1] == 0x75 else {
                            return .failure(error("lone surrogate in \\u escape"))
                        }
                        i += 2
                        guard let low = hex4(), low >= 0xDC00 && low < 0xE000 else {
                            return .failure(error("bad surrogate pair in \\u escape"))
                        }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else if code >= 0xDC00 && code < 0xE000 {
                        return .failure(error("lone surrogate in \\u escape"))
                    }
                    guard let scalar = Unicode.Scalar(code) else { return .failure(error("bad \\u escape")) }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    return .failure(error("bad escape '\\\(Character(Unicode.Scalar(e)))'"))
                }
                continue
            }
            out.append(b)
            i += 1
        }
        return .failure(error("unterminated string", at: open))
    }

    mutating func hex4() -> UInt32? {
        guard i + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            default: return nil
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }
}
