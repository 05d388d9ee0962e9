#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A point in time, without Foundation: seconds since 1970 (UTC) and the
/// local offset at that moment.
public struct Timestamp: Hashable, Sendable, Comparable {
    public var seconds: Int64
    /// Offset of local time from UTC, in seconds.
    public var utcOffset: Int32

    public init(seconds: Int64, utcOffset: Int32 = 0) {
        self.seconds = seconds
        self.utcOffset = utcOffset
    }

    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var t = time_t(ts.tv_sec)
        var local = tm()
        localtime_r(&t, &local)
        return Timestamp(seconds: Int64(ts.tv_sec), utcOffset: Int32(local.tm_gmtoff))
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.seconds < b.seconds }

    /// Civil date and time from days since 1970 (Howard Hinnant's algorithm).
    struct Civil {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    }

    func civil(offset: Int) -> Civil {
        let t = Int(seconds) + offset
        var days = t / 86400
        var rem = t % 86400
        if rem < 0 { rem += 86400; days -= 1 }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return Civil(year: y, month: m, day: d, hour: rem / 3600, minute: rem % 3600 / 60, second: rem % 60)
    }

    /// `2026-11-23T14:30:05Z`
    public var iso8601: String {
        let c = civil(offset: 0)
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))Z"
    }

    /// `2026-11-23 14:30` in local time.
    public var localMinute: String {
        let c = civil(offset: Int(utcOffset))
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day)) \(pad(c.hour)):\(pad(c.minute))"
    }

    /// `2026-11-23` in local time.
    public var localDate: String {
        let c = civil(offset: Int(utcOffset))
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))"
    }

    /// `2026-11-23-1430`, for file names.
    public var fileStamp: String {
        let c = civil(offset: Int(utcOffset))
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))-\(pad(c.hour))\(pad(c.minute))"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ`.
    public init?(iso8601 text: String) {
        let u = Array(text.utf8)
        guard u.count == 20, u[4] == 0x2D, u[7] == 0x2D, u[10] == 0x54, u[13] == 0x3A, u[16] == 0x3A, u[19] == 0x5A else { return nil }
        func num(_ a: Int, _ b: Int) -> Int? {
            var n = 0
            for i in a..<b {
                guard u[i] >= 0x30 && u[i] <= 0x39 else { return nil }
                n = n * 10 + Int(u[i] - 0x30)
            }
            return n
        }
        guard let y = num(0, 4), let mo = num(5, 7), let d = num(8, 10), let h = num(11, 13),
              let mi = num(14, 16), let s = num(17, 19), (1...12).contains(mo), (1...31).contains(d),
              h < 24, mi < 60, s < 61 else { return nil }
        // A day the month does not have (2026-02-31) is no date, not a later one.
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard d <= days[mo - 1] else { return nil }
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = mo > 2 ? mo - 3 : mo + 9
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let day = era * 146_097 + doe - 719_468
        self.init(seconds: Int64(day * 86400 + h * 3600 + mi * 60 + s))
    }
}

private func pad(_ n: Int, _ width: Int = 2) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
