import Foundation

/// Units a line must not break inside, on top of ICU's rules: a number with its unit or
/// counter (28日, 30分, 2階, 100円), a date with its weekday (2月28日（日）), a time or a range
/// of times (8時30分, 6:30〜23:00), a katakana word (センター), an address on the web or an
/// e-mail (breakable only after `/`, `.` or `@`, with no hyphen added), and the names of
/// places (相模原市, 水郷田名) — Sagamihara's by default, and a feed's own from `words.txt` — and
/// Japan's warning vocabulary (大津波警報, レベル４, 避難指示, ください: `WarningTerms`), and
/// ください with the word it follows (お控え|ください), a compound verb (受け取って), a word of
/// Latin letters and katakana (交通系ICカード), a number with its English unit or month
/// (75 min, 6 Dec); and no line ends after a small っ that goes on in kana.
///
/// ICU's phrase mode (`ja@lw=phrase`) already keeps most Japanese phrases whole; these rules
/// are for what it still splits. A unit wider than a whole line is broken anyway, and the line
/// says so (`LaidLine.forcedBreak`), for `check` to report.
public struct KeepTogether: Sendable, Hashable {
    /// The names never broken, longest first (so 相模原市緑区 is found before 緑区).
    public let names: [String]
    /// The names' fingerprint, worked out once: what the units memo tells rules apart by.
    let fingerprint: Int
    /// The names in UTF-16, and for each first unit the names that begin with it (longest
    /// first): a text is searched for every name in one pass. Searching it once for each of
    /// hundreds of names, through NSString, was most of laying out a new alert.
    private let nameUnits: [[UInt16]]
    private let namesByFirstUnit: [UInt16: [Int]]

    /// Compound particles (複合助詞), kept whole as names are: ICU's phrases parted 高さにか|かわらず
    /// in JMA's tsunami text and しないよう|にしてください, and a line that begins 「かわらず、」 or
    /// 「にして」 begins with half of one.
    static let compoundParticles = ["にかかわらず", "にもかかわらず", "について", "にとって", "によって", "にわたって", "をめぐって", "として",
                                    "ように", "ような"]

    /// The rules with Sagamihara's place names and nothing else, built once: building them
    /// sorts hundreds of names, and a board made a paragraph layout (so the rules) for each
    /// text it set — a fifth of a 5,000-row board's layout.
    public static let standard = KeepTogether()

    /// Rules with Sagamihara's place names and `extra` words (a feed's `words.txt`).
    public init(extra: [String] = []) {
        let all = Set(PlaceNames.sagamihara + WarningTerms.japanese + Self.compoundParticles + extra.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 2 && $0.count <= 40 })
        names = all.sorted { ($0.utf16.count, $0) > ($1.utf16.count, $1) }
        var hasher = Hasher()
        hasher.combine(names)
        fingerprint = hasher.finalize()
        nameUnits = names.map { Array($0.utf16) }
        var byFirst: [UInt16: [Int]] = [:]
        for (index, units) in nameUnits.enumerated() {
            guard let first = units.first else { continue }
            byFirst[first, default: []].append(index)
        }
        namesByFirstUnit = byFirst
    }

    public static func == (lhs: KeepTogether, rhs: KeepTogether) -> Bool {
        lhs.fingerprint == rhs.fingerprint && lhs.names == rhs.names
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fingerprint)
    }

    /// What a line may not break inside, and where inside such a unit it still may.
    public struct Units: Equatable, Sendable {
        /// UTF-16 offsets at which a break is not allowed (strictly inside a unit).
        public var forbidden: Set<Int>
        /// Where units begin: the least bad place to cut two names that run together and are
        /// too long for a line together (相模原|麻溝公園); and where a date or an address wider
        /// than a line parts (after its 〜; after `/` in an address).
        public var starts: Set<Int> = []
        /// Those of `starts` that begin a name inside another (田名 in 水郷田名): places to cut
        /// only a name wider than a line, not two names that run together (中央区|水郷田名).
        public var nested: Set<Int> = []
    }

    // Patterns over the text. Digits are ASCII or full width.
    private static let digit = "[0-9０-９]"
    /// Where a number begins, not inside one: each pattern that starts with digits would
    /// otherwise try every digit of a long run again (4,900 digits took 10 s to lay out).
    /// The quantifiers after it give nothing back, for the same reason.
    private static let notInRun = "(?<![0-9０-９])"
    private static let weekday = "(?:[（(][月火水木金土日祝・]{1,3}[)）])?"
    private static let patterns: [NSRegularExpression] = [
        // A date with its weekday or holiday mark: 2月28日（日）, 12月29日(月・祝); with its
        // year, and the time or the day a range ends after it (2027年2月28日, 12月3日 10:10,
        // 12月29日〜1月3日). Groups: the month, the time, the range's end — where a date too
        // long for its line may part.
        "\(notInRun)(?:\(digit)++年)?(\(digit)++月\(digit)++日\(weekday))(?:\\s?(\(digit){1,2}[:：]\(digit){2})|\\s*[〜~～]\\s*((?:(?:\(digit)++年)?\(digit)++月)?\(digit)++日\(weekday)))?",
        // A time: 8時30分, 8時, 6:30, and a range of them: 6:30〜23:00, 9時〜17時; with the part
        // of the day it is in (午前10時, 朝8時30分: a portrait notice read 朝|8時30分から).
        "(?:午前|午後|朝|夕方|夜)?\(digit){1,2}(?:[:：]\(digit){2}|時(?:\(digit){1,2}分)?)(?:\\s*[〜~～\\-－–—]\\s*\(digit){1,2}(?:[:：]\(digit){2}|時(?:\(digit){1,2}分)?))?",
        // A number with its unit or counter: 28日, 2階, 40人, 100円, 1,500円, 3.5km, 20組.
        "\(notInRun)\(digit)++(?:[,.，．]\(digit)++)*+(?:万|千|百)?(?:時間|分間|日間|週間|か月|ヶ月|カ月|か所|ヶ所|カ所|丁目|番地|号室|号館|歳|円|人|名|組|階|回|件|枚|本|台|個|号|棟|番|泊|週|年|月|日|時|分|秒|点|部|冊|問|km|cm|mm|kg|m|g|L|%|％)",
        // A postcode with its mark, and a phone number: 〒252-5277, 042-754-1111, 042(754)1111.
        "〒\\s?\(digit){3}[-－]\(digit){4}|\(digit){2,5}[-－(（]\(digit){1,4}[-－)）]\(digit){3,4}",
        // An honorific お/ご with the verb or noun it belongs to: お申し込み, お休み, ご利用.
        "[おご][一-龥]{1,3}(?:[ぁ-ん](?:[一-龥]{1,2}[ぁ-ん]?)?)?",
        // A katakana word, with its long marks and middle dots: カウンター, ワーク・ライフ.
        "[ァ-ヺー・ｦ-ﾟ]{2,}",
        // A 警戒レベル with its number: レベル４, 警戒レベル5相当.
        WarningTerms.levelPattern,
        WarningTerms.chinesePattern,
        // A verb with the auxiliary after its て or で: 実施しています, 受けている, 行っており
        // (ICU's phrases end a line at 実施し|ています).
        "[一-龥々]{0,3}[ぁ-ゖ]{0,2}[てで](?:い(?:ます|ました|ません|る|た|ない)|おり(?:ます)?)",
        // Words of the boards' own statuses that ICU's phrases part (開設・残り|わずか in a
        // shelters panel): kept whole, so a narrow column parts after the ・.
        "残りわずか|受付終了|一時停止中|更新停止中",
        // A counter's number with the word before it (こども家庭課 | 14番 left the number alone
        // on a line under the name of a counter in a portrait panel).
        "[一-龥々]{1,4}\\s?\(digit){1,3}番",
        // A counter's number in brackets after the last word of its English name:
        // "Disability Welfare (16)" left "(16)" alone on a line.
        "(?<![A-Za-z])[A-Za-z]{2,}+\\s?[(（]\(digit){1,3}[)）]",
        // An address on the web or an e-mail.
        "(?:https?://|www\\.)[^\\s　、。「」（）()<>]+|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}",
    ].map { try! NSRegularExpression(pattern: $0) }

    /// Units found by walking the UTF-16 units once, left to right, none overlapping:
    /// - a compound verb, two verbs joined by the first one's stem, with its okurigana:
    ///   受け取る, 申し込む, 取り扱い, 払い戻し (ICU's phrases end a line at 「受け」). The kana
    ///   between them is a stem's ending, never the particles に, で, へ (家に帰る is two words).
    ///   It also holds an adjective with its noun (強い雨が) or a verb's stem with the word after
    ///   it (発令し直ち): three or four characters, never a break a reader misses;
    /// - a word of Latin letters (at most six) and katakana, with up to four kanji before it:
    ///   ICカード, 交通系ICカード, QRコード (交通系｜ICカード was seen in the fees notice); the
    ///   katakana's own start is then no place to cut it;
    /// - two short words paired by ・ (転入・転出: a counter's name parted 転入・|転出);
    /// - a number with the English unit a space parts it from ("about 75 | min" left the unit
    ///   alone on a counter's last line), and a day with its month and weekday (Sun 6 Dec).
    static func scannedUnits(_ text: [UInt16]) -> [NSRange] {
        func kanji(_ unit: UInt16) -> Bool { (0x4E00...0x9FA5).contains(unit) }
        func latin(_ unit: UInt16) -> Bool { (0x41...0x5A).contains(unit) || (0x61...0x7A).contains(unit) || (0xFF21...0xFF3A).contains(unit) || (0xFF41...0xFF5A).contains(unit) }
        func katakana(_ unit: UInt16) -> Bool { (0x30A1...0x30FA).contains(unit) || unit == 0x30FC }
        func digit(_ unit: UInt16) -> Bool { (0x30...0x39).contains(unit) }
        func wordCharacter(_ unit: UInt16) -> Bool { digit(unit) || (0x41...0x5A).contains(unit) || (0x61...0x7A).contains(unit) || unit == 0x5F }
        var found: [NSRange] = []
        var offset = 0
        let count = text.count
        /// The length of the run of kanji starting at `start`.
        func kanjiRun(from start: Int) -> Int {
            var end = start
            while end < count, kanji(text[end]) { end += 1 }
            return end - start
        }
        while offset < count {
            let unit = text[offset]
            // Two short words paired by ・ (転入・転出, 課税・非課税), not in a longer chain
            // (住民票・戸籍・印鑑登録証明書 parts after a ・ as a list does).
            if kanji(unit), offset == 0 || !(kanji(text[offset - 1]) || text[offset - 1] == 0x30FB),
                case let first = kanjiRun(from: offset), (2...3).contains(first), offset + first < count, text[offset + first] == 0x30FB,
                case let second = kanjiRun(from: offset + first + 1), (2...3).contains(second),
                case let end = offset + first + 1 + second, end == count || text[end] != 0x30FB
            {
                found.append(NSRange(location: offset, length: end - offset))
                offset = end
                continue
            }
            // A compound verb.
            if kanji(unit) || unit == 0x3005, offset + 2 < count, Self.stemEndings.contains(text[offset + 1]), kanji(text[offset + 2]) {
                let length = offset + 3 < count && (0x3041...0x3096).contains(text[offset + 3]) ? 4 : 3
                found.append(NSRange(location: offset, length: length))
                offset += length
                continue
            }
            // Latin letters and katakana (with the kanji before them).
            if latin(unit), offset == 0 || !latin(text[offset - 1]) {
                var end = offset
                while end < count, latin(text[end]) { end += 1 }
                var after = end
                while after < count, katakana(text[after]) { after += 1 }
                if after - end >= 2 {
                    var start = max(offset, end - 6)
                    var kanjiBefore = 0
                    while start == offset, kanjiBefore < 4, start - kanjiBefore - 1 >= 0, kanji(text[start - kanjiBefore - 1]) { kanjiBefore += 1 }
                    start -= kanjiBefore
                    // (Kanji already inside a unit found before are not taken again.)
                    if let last = found.last, last.location + last.length > start { start = last.location + last.length }
                    found.append(NSRange(location: start, length: after - start))
                    offset = after
                    continue
                }
                offset = end
                continue
            }
            // A number and its English unit.
            if digit(unit), offset == 0 || !(wordCharacter(text[offset - 1])) {
                var end = offset
                while end < count, digit(text[end]) || ((text[end] == 0x2C || text[end] == 0x2E) && end + 1 < count && digit(text[end + 1]) && end > offset) { end += 1 }
                if end < count, text[end] == 0x20,
                    let word = Self.englishUnits.first(where: { word in
                        end + 1 + word.count <= count && text[(end + 1)..<(end + 1 + word.count)].elementsEqual(word)
                            && (end + 1 + word.count == count || !wordCharacter(text[end + 1 + word.count]))
                    })
                {
                    // A day with its month keeps the weekday before it too: Sun 6 Dec.
                    var start = offset
                    if Self.months.contains(word), offset >= 4, text[offset - 1] == 0x20,
                        Self.weekdays.contains(where: { text[(offset - 4)..<(offset - 1)].elementsEqual($0) }),
                        offset == 4 || !wordCharacter(text[offset - 5]),
                        (found.last.map { $0.location + $0.length <= offset - 4 } ?? true)
                    {
                        start = offset - 4
                    }
                    found.append(NSRange(location: start, length: end + 1 + word.count - start))
                    offset = end + 1 + word.count
                    continue
                }
                offset = max(end, offset + 1)
                continue
            }
            offset += 1
        }
        return found
    }

    /// The kana that end a verb's stem joined to another verb (受け取る, 取り扱う).
    private static let stemEndings: Set<UInt16> = Set("きしちひみりいけせねめれえげじび".utf16)
    /// English units kept with their number (a shorter one that is the start of a longer,
    /// Sep of Sept, is passed over by the check for the word's end).
    /// (A day with its month too: "Sun 6 | Dec" was seen in a clinics panel's title, and then
    /// "Sun | 6 Dec" once the panel's English wrapped instead of ending in "…".)
    private static let englishUnits: [[UInt16]] = (["minutes", "minute", "mins", "min", "hours", "hour", "hrs", "hr", "days", "day", "people",
                                                    "persons", "person", "places", "yen", "seconds", "second", "secs", "sec"].map { Array($0.utf16) }
        + months)
    private static let months: [[UInt16]] = (["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        + ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]).map { Array($0.utf16) }
    /// The weekdays as English signs shorten them, kept with the day after them.
    private static let weekdays: [[UInt16]] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].map { Array($0.utf16) }

    /// ください and 下さい, the polite request that ends an instruction, in UTF-16.
    private static let please: [[UInt16]] = [Array("ください".utf16), Array("下さい".utf16)]

    /// Whether ください or 下さい begins at `offset`.
    private static func isPlease(_ text: [UInt16], at offset: Int) -> Bool {
        please.contains { word in offset + word.count <= text.count && text[offset..<(offset + word.count)].elementsEqual(word) }
    }
    /// Whether a UTF-16 unit ends a word ください may ask for: kana or kanji, not a space, a
    /// bracket or punctuation.
    private static func asksFor(_ unit: UInt16) -> Bool {
        (0x3041...0x3096).contains(unit) || (0x30A1...0x30FA).contains(unit) || unit == 0x30FC || (0x4E00...0x9FFF).contains(unit) || unit == 0x3005
    }

    /// A note of a few words in brackets, full width or half as staff type them:
    /// （最新 12月6日 10:10）, (土日祝日を除く).
    private static let bracketNote = try! NSRegularExpression(pattern: "（[^（）()\\n]{1,16}）|\\([^（）()\\n]{1,16}\\)")
    /// A run of kanji (with 々 and ヶ, as in 佐々木, 相模ヶ丘).
    private static let kanjiRun = try! NSRegularExpression(pattern: "[一-龥々〆ヶ]{2,}")
    /// The longest run of kanji kept whole as one compound noun.
    static let compoundLength = 5
    /// Kanji that end a compound noun as a suffix (証明|書 reads as two words).
    private static let suffixes: Set<UInt16> = Set("書費料制証".utf16)

    /// Units already found, by text and rules: an alert is fitted by laying its text out at
    /// several sizes, and each would otherwise look the text up in ICU's dictionary again.
    private static let found = UnitsMemo()

    /// The units of `text`, as UTF-16 offsets into it; `japanese`: the text is set as
    /// Japanese, so a run of kanji is a compound noun (not in Chinese, which is all ideographs).
    public func units(in text: String, japanese: Bool = true) -> Units {
        let key = UnitsMemo.Key(text: Array(text.utf8), japanese: japanese, rules: fingerprint, names: names.count)
        if let known = Self.found.units(for: key) { return known }
        let units = computeUnits(in: text, japanese: japanese)
        Self.found.store(units, for: key)
        return units
    }

    private func computeUnits(in text: String, japanese: Bool) -> Units {
        var forbidden = Set<Int>()
        let ns = text as NSString
        let whole = NSRange(location: 0, length: ns.length)
        var starts = Set<Int>()
        func forbid(_ range: NSRange) {
            guard range.length > 1 else { return }
            forbidden.formUnion((range.location + 1)..<(range.location + range.length))
            starts.insert(range.location)
        }
        // Places a date or an address too long for its line may part (kept apart: the units
        // inside it would take those places back).
        var cutPlaces = Set<Int>()
        for (index, pattern) in Self.patterns.enumerated() {
            for match in pattern.matches(in: text, range: whole) {
                // A unit inside one found before (申し込 in お申し込み) is no place to cut it.
                let inside = forbidden.contains(match.range.location)
                forbid(match.range)
                if inside { starts.remove(match.range.location) }
                if index == 0 {
                    // A date too long for its line parts before its month, its time or after
                    // its 〜.
                    for group in 1...3 where match.range(at: group).location != NSNotFound && match.range(at: group).location > match.range.location {
                        cutPlaces.insert(match.range(at: group).location)
                    }
                }
                if index == 1, let dash = ns.substring(with: match.range).firstIndex(where: { "〜~～-－–—".contains($0) }) {
                    // A range too long for its line may part after its dash: 8:30〜|17:15.
                    let prefix = ns.substring(with: match.range)[...dash]
                    starts.insert(match.range.location + prefix.utf16.count)
                }
                if index == Self.patterns.count - 1 {
                    // An address too long for its line may part after a slash, a dot or an at
                    // sign — only then: one that fits a line of its own starts the next line
                    // whole (「bosai@」|「city.sagamihara…」 was read as two things).
                    for offset in match.range.location..<(match.range.location + match.range.length - 1) {
                        let unit = ns.character(at: offset)
                        if unit == 0x2F || unit == 0x2E || unit == 0x40 { cutPlaces.insert(offset + 1) }
                    }
                }
            }
        }
        starts.formUnion(cutPlaces)
        // A compound of kanji in Japanese text is one noun:
        // 対象地域, 医療費控除, 領収書. Up to `compoundLength` characters it stays whole; a longer
        // one may part only where ICU's dictionary ends a word, and never before a suffix
        // (書, 費, 料, 制, 証) that makes the word before it a noun of its own kind. Where a
        // compound may part is a place to cut, if nothing else keeps it whole there (a name).
        var compoundStarts = Set<Int>()
        if japanese {
            let runs = Self.kanjiRun.matches(in: text, range: whole)
            let words = runs.isEmpty ? [] : LineBreaker.wordOffsets(in: Array(text.utf16))
            let boundaries = Set(words)
            var next = 0  // the first word boundary past the offset looked at (offsets only grow)
            for match in runs {
                let end = match.range.location + match.range.length
                for offset in (match.range.location + 1)..<end {
                    // The last kanji of a run may begin a word that goes on in kana (相模川|沿い,
                    // 本日|取り扱い): the dictionary's boundary before it stays.
                    while next < words.count, words[next] <= offset { next += 1 }
                    let wordEnd = next < words.count ? words[next] : end
                    let continues = boundaries.contains(offset) && wordEnd > end
                    let parts = match.range.length > Self.compoundLength && boundaries.contains(offset)
                    // A suffix is a word of one kanji (領収|書), not a word that starts with one (証明書).
                    let suffix = Self.suffixes.contains(ns.character(at: offset)) && wordEnd - offset == 1
                    if (continues || parts) && !suffix {
                        compoundStarts.insert(offset)
                    } else {
                        forbidden.insert(offset)
                    }
                }
            }
        }
        // Every occurrence of every name, each name's occurrences not overlapping one another
        // (as a search for it from the start finds them).
        let utf16 = Array(text.utf16)
        var free = [Int](repeating: 0, count: nameUnits.count)  // where each name may next be found
        var nameEnds = Set<Int>(), nameInsides = Set<Int>(), nested = Set<Int>()
        for offset in utf16.indices {
            guard let candidates = namesByFirstUnit[utf16[offset]] else { continue }
            for index in candidates where offset >= free[index] {
                let name = nameUnits[index]
                guard offset + name.count <= utf16.count, utf16[offset..<(offset + name.count)].elementsEqual(name) else { continue }
                forbid(NSRange(location: offset, length: name.count))
                if nameInsides.contains(offset) { nested.insert(offset) }
                nameInsides.formUnion((offset + 1)..<(offset + name.count))
                // A name that follows another with nothing between is one place: 相模原市|中央地区
                // read as the city alone at a line's end. Where the two begin stays the place to
                // cut them when they are too long for a line together.
                if nameEnds.contains(offset) { forbidden.insert(offset) }
                nameEnds.insert(offset + name.count)
                free[index] = offset + name.count
            }
        }
        // ください stays with the word it asks for: a line ending 「お控え」 or 「避難して」 and the
        // next beginning 「ください。」 reads as two requests, and a page of a notice held
        // only 「ください。」. (A unit too long for a line with it still breaks there.)
        // (Its start stays a place to cut a phrase wider than a line: お申し込み|ください。)
        // Nor does a line end after a small っ that goes on in kana: ICU's words end there
        // (受け取っ|て), and a verb read 「受け取っ」 at a line's end is half a word.
        // (Both found in one pass over the UTF-16 units: a regular expression and NSString's
        // units cost a long alert a tenth of its layout.)
        for offset in utf16.indices.dropFirst() {
            let unit = utf16[offset]
            if unit == 0x304F || unit == 0x4E0B, Self.isPlease(utf16, at: offset), Self.asksFor(utf16[offset - 1]) {
                forbidden.insert(offset)
            } else if utf16[offset - 1] == 0x3063 || utf16[offset - 1] == 0x30C3, (0x3041...0x3096).contains(unit) || (0x30A1...0x30FA).contains(unit) {
                forbidden.insert(offset)
            }
        }
        // Compound verbs, Latin letters with katakana, numbers with English units: found in
        // the same kind of pass (as three more regular expressions they made the longest
        // notice's layout a sixth slower).
        for range in Self.scannedUnits(utf16) {
            let inside = forbidden.contains(range.location)
            forbid(range)
            if inside { starts.remove(range.location) }
            // (Nor is a unit's start inside it one: カード in 交通系ICカード.)
            for offset in (range.location + 1)..<(range.location + range.length) { starts.remove(offset) }
        }
        // A short note in brackets is read as one thing: a shelters board's stale line parted
        // 「（最新|12月6日 10:10）」, the label at one line's end and its time on the next. Kept
        // whole where it fits a line. Wider (in a narrow panel), it parts where its phrases
        // part, after a space, 、 or ・, or where a unit inside it begins; a phrase still too
        // wide, where ICU would break its words — never inside a unit, never between letters,
        // and only where ICU's strict rules let a line end and the next begin (not after its
        // （, nor before a ・ or a small kana). (Found last, so that the units inside it are known.)
        if japanese {
            for match in Self.bracketNote.matches(in: text, range: whole) where !forbidden.contains(match.range.location) {
                // ICU over the note alone, not the whole text again.
                let note = match.range.location..<(match.range.location + match.range.length)
                let piece = Array(utf16[note])
                let phrases = Set(LineBreaker.breakOffsets(in: piece, locale: LineBreaker.japanese).map { $0 + note.lowerBound })
                let lineMayBreak = Set(LineBreaker.breakOffsets(in: piece, locale: LineBreaker.withoutPhrases(LineBreaker.japanese)).map { $0 + note.lowerBound })
                let inner = (note.lowerBound + 1)..<(note.upperBound - 1)
                let allowed = inner.filter { lineMayBreak.contains($0) && !forbidden.contains($0) }
                let cuts = allowed.filter { offset in
                    phrases.contains(offset) || starts.contains(offset) || compoundStarts.contains(offset)
                        || [0x20, 0x3000, 0x3001, 0x30FB].contains(utf16[offset - 1])
                }
                // ICU's other breaks only inside a phrase still too wide: the places `nested` marks.
                let fallback = Set(allowed).subtracting(cuts)
                forbid(match.range)
                // Starts found before where no line may break (after the （: a date's start; at
                // a ・ that begins a katakana unit).
                for offset in inner where !lineMayBreak.contains(offset) { starts.remove(offset) }
                starts.formUnion(cuts)
                starts.formUnion(fallback)
                nested.formUnion(fallback)
            }
        }
        starts.formUnion(compoundStarts.subtracting(forbidden))
        return Units(forbidden: forbidden, starts: starts, nested: nested.intersection(starts))
    }
}

/// The last few hundred texts' units, shared by every layout of a process (thread-safe).
final class UnitsMemo: @unchecked Sendable {
    struct Key: Hashable {
        /// The text's bytes: a string hashes its normalized form, which for a long Japanese
        /// text cost more than the lookup saved.
        var text: [UInt8]
        var japanese: Bool
        var rules: Int
        var names: Int
    }

    private let lock = NSLock()
    /// Two generations: when the newer is full it becomes the older, and the older is dropped.
    /// Emptying one table when it filled dropped the units of the text being fitted that very
    /// moment as often as not (the longest alert's layout took 10 or 16 ms by where the
    /// clearing fell).
    private var newer: [Key: KeepTogether.Units] = [:]
    private var older: [Key: KeepTogether.Units] = [:]
    /// Entries a generation holds.
    static let generation = 256

    func units(for key: Key) -> KeepTogether.Units? {
        lock.lock()
        defer { lock.unlock() }
        if let units = newer[key] { return units }
        guard let units = older[key] else { return nil }
        insert(units, for: key)
        return units
    }

    func store(_ units: KeepTogether.Units, for key: Key) {
        lock.lock()
        defer { lock.unlock() }
        insert(units, for: key)
    }

    private func insert(_ units: KeepTogether.Units, for key: Key) {
        if newer.count >= Self.generation {
            older = newer
            newer = [:]
        }
        newer[key] = units
    }
}
