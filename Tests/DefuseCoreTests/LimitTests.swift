import DefuseCore
import DefuseTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Every limit on untrusted input, at the limit (accepted) and one past it
/// (a clear error naming the file, line and column, never a crash).
@Suite struct LimitTests {
    /// Errors only, as `line:column: message`.
    func errors(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.filter { $0.severity == .error }.map { "\($0.location.line):\($0.location.column): \($0.message)" }
    }

    func tree(nodes: Int) -> String {
        var text = "# Chain\n"
        for i in 0..<nodes {
            text += "## n\(i): Node \(i)\n"
            text += i + 1 < nodes ? "Text.\n* Next -> n\(i + 1)\n" : "outcome: resolved\nText.\n"
        }
        return text
    }

    // MARK: File size

    /// A sparse file of `size` bytes (zeros), so 64 MiB costs no disk.
    func sparseFile(size: Int) -> String {
        let path = makeTempDir() + "/big.tree"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0 && ftruncate(fd, off_t(size)) == 0)
        close(fd)
        return path
    }

    func sizeErrors(_ path: String, limits: Limits = Limits()) -> [Diagnostic] {
        Loader(limits: limits).load(paths: [path]).diagnostics.filter { $0.message.contains("--max-file-size") }
    }

    @Test func defaultFileSizeLimitIs64MiBExactly() {
        let at = sparseFile(size: 64 << 20)
        #expect(sizeErrors(at).isEmpty, "a file of exactly 64 MiB is read")
        let past = sparseFile(size: (64 << 20) + 1)
        let found = sizeErrors(past)
        #expect(found.count == 1)
        #expect(found.first?.location.file == past)
        #expect(found.first?.severity == .error)
        #expect(found.first?.message.contains("the limit is 64") == true, "\(found)")
    }

    @Test func customFileSizeLimit() {
        var limits = Limits()
        limits.maxFileSize = 1000
        let dir = makeTempDir()
        let small = tree(nodes: 1)
        // Pad with a comment line to exactly 1000 bytes, then one more byte.
        let pad = String(repeating: "x", count: 1000 - small.utf8.count - 4)
        writeFile(dir + "/at.tree", Array((small + "// " + pad + "\n").utf8))
        writeFile(dir + "/past.tree", Array((small + "// " + pad + "x\n").utf8))
        #expect(sizeErrors(dir + "/at.tree", limits: limits).isEmpty)
        let result = Loader(limits: limits).load(paths: [dir + "/at.tree"])
        #expect(!result.hasErrors, "\(errors(result.diagnostics))")
        let past = sizeErrors(dir + "/past.tree", limits: limits)
        #expect(past.count == 1)
        let message = past.first?.message ?? ""
        #expect(message.contains("1001") && message.contains("limit is 1000"), "\(message)")
    }

    // MARK: Line length

    @Test func lineLengthAtAndPastTheDefaultLimit() {
        let limit = Limits().maxLineLength
        #expect(limit == 1 << 20)
        let head = "# T\n## a: A\n"
        let prefix = "Word "
        let at = prefix + String(repeating: "w", count: limit - prefix.utf8.count)
        #expect(at.utf8.count == limit)
        let (okTree, okDiags) = parse(head + at + "\n## b: B\noutcome: resolved\nDone.\n")
        #expect(errors(okDiags).isEmpty)
        #expect(okTree?.nodes.first?.guidance.first?.utf8.count == limit, "the whole line is kept")

        let (_, pastDiags) = parse(head + at + "w\n## b: B\noutcome: resolved\nDone.\n")
        #expect(errors(pastDiags) == ["3:1: line is \(limit + 1) bytes long; the limit is \(limit)"])
    }

    @Test func lineLimitCountsBytesOfMultibyteText() {
        var limits = Limits()
        limits.maxLineLength = 30
        let line = String(repeating: "é", count: 15)  // 30 bytes
        let (_, ok) = TreeParser(file: "t.tree", limits: limits).parse("# T\n## a: A\n\(line)\n", defaultID: "t")
        #expect(errors(ok).isEmpty)
        let (_, past) = TreeParser(file: "t.tree", limits: limits).parse("# T\n## a: A\n\(line)e\n", defaultID: "t")
        #expect(errors(past) == ["3:1: line is 31 bytes long; the limit is 30"])
    }

    // MARK: Nodes

    @Test func nodeCountAtAndPastALimit() {
        var limits = Limits()
        limits.maxNodes = 50
        let (okTree, ok) = TreeParser(file: "t.tree", limits: limits).parse(tree(nodes: 50), defaultID: "t")
        #expect(errors(ok).isEmpty)
        #expect(okTree?.nodes.count == 50)
        let (pastTree, past) = TreeParser(file: "t.tree", limits: limits).parse(tree(nodes: 51), defaultID: "t")
        let found = errors(past)
        #expect(found.count == 1, "one error, not one per extra node: \(found)")
        // Node 51's header is line 2 + 50 * 3.
        #expect(found.first == "152:1: too many nodes: the limit is 50")
        #expect((pastTree?.nodes.count ?? 0) <= 50)
    }

    // MARK: Choices per node

    func fan(_ choices: Int) -> String {
        var text = "# Fan\n## a: A\nPick one.\n"
        text.reserveCapacity(choices * 16)
        for i in 0..<choices { text += "* c\(i) -> b\n" }
        return text + "## b: B\noutcome: resolved\nDone.\n"
    }

    @Test func choicesPerNodeAtAndPastTheDefaultLimit() {
        let limit = Limits().maxChoicesPerNode
        #expect(limit == 100_000)
        let (okTree, ok) = parse(fan(limit))
        #expect(errors(ok).isEmpty)
        #expect(okTree?.nodes.first?.choices.count == limit)
        let (pastTree, past) = parse(fan(limit + 1))
        // The extra choice is the 100,001st: line 3 + 100,001.
        #expect(errors(past) == ["\(3 + limit + 1):1: too many choices on node 'a': the limit is \(limit)"])
        #expect(pastTree?.nodes.first?.choices.count == limit)
    }

    // MARK: Id length

    @Test func idLengthAtAndPastTheLimit() {
        #expect(Identifier.maxLength == 64)
        let at = String(repeating: "a", count: 64)
        let past = String(repeating: "a", count: 65)
        #expect(Identifier.problem(at) == nil)
        #expect(Identifier.problem(past) == "is longer than 64 characters")

        let (okTree, ok) = parse("# T\nid: \(at)\n## \(at): A\noutcome: resolved\nText.\n")
        #expect(errors(ok).isEmpty)
        #expect(okTree?.id == at)
        #expect(okTree?.nodes.first?.id == at)

        let (_, badNode) = parse("# T\n## \(past): A\noutcome: resolved\nText.\n")
        let nodeErrors = errors(badNode)
        #expect(nodeErrors.count >= 1)
        #expect(nodeErrors.first?.hasPrefix("2:") == true, "\(nodeErrors)")
        #expect(nodeErrors.contains { $0.contains("64") }, "\(nodeErrors)")

        let (_, badTree) = parse("# T\nid: \(past)\n## a: A\noutcome: resolved\nText.\n")
        let treeErrors = errors(badTree)
        #expect(treeErrors.first?.hasPrefix("2:") == true, "\(treeErrors)")
        #expect(treeErrors.contains { $0.contains("64") }, "\(treeErrors)")
    }
}
