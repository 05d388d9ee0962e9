/// Tree and node ids: lowercase ASCII letters, digits and `-`, starting with
/// a letter or digit, at most 64 characters.
public enum Identifier {
    public static var maxLength: Int { 64 }

    /// A lowercase ASCII letter, a digit or `-`: a bit in one of two words,
    /// `-` and digits (0x2D, 0x30-0x39) in the first, a-z (0x61-0x7A) in the
    /// second.
    @inline(__always)
    static func isIDByte(_ b: UInt8) -> Bool {
        let word: UInt64 = b < 64 ? 0x03FF_2000_0000_0000 : (b < 128 ? 0x07FF_FFFE_0000_0000 : 0)
        return (word >> UInt64(b & 63)) & 1 != 0
    }

    public static func isValid<S: StringProtocol>(_ s: S) -> Bool {
        problem(utf8: s.utf8) == nil
    }

    /// Why `s` is not a valid id, or nil.
    public static func problem<S: StringProtocol>(_ s: S) -> String? {
        problem(utf8: s.utf8)
    }

    /// Why the bytes `u` are not a valid id, or nil.
    static func problem<C: Collection>(utf8 u: C) -> String? where C.Element == UInt8 {
        // The usual case, a good id, in one quick pass.
        if let first = u.first, first != 0x2D, u.count <= maxLength, u.allSatisfy(isIDByte) { return nil }
        if u.isEmpty { return "is empty" }
        if u.count > maxLength { return "is longer than \(maxLength) characters" }
        var first = true
        for b in u {
            let ok = (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (b == 0x2D && !first)
            if !ok {
                if first && b == 0x2D { return "starts with '-'" }
                return "may hold only lowercase letters a-z, digits and '-'"
            }
            first = false
        }
        return nil
    }
}
