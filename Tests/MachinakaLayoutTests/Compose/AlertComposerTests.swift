import Foundation
@testable import MachinakaCore
import MachinakaLayout
import Testing

@Suite struct AlertComposerTests {
    let instant = FeedTime.parseInstant("2026-11-25T15:00")!

    private func alert(_ id: String, language: String = "ja-JP", exercise: Bool = false, allClear: Bool = false, instruction: String? = "直ちに避難してください。",
                       headline: String = "相模川沿いの地域に避難指示") -> ActiveAlert {
        let info = CAPInfo(
            language: language, categories: ["Met"], event: "避難指示", responseTypes: allClear ? ["AllClear"] : ["Evacuate"], urgency: .immediate,
            severity: .extreme, certainty: .observed, eventCodes: [], effective: nil, onset: nil, expires: nil,
            senderName: "相模原市", headline: headline, description: nil, instruction: instruction, web: nil, contact: nil,
            areas: [CAPArea(description: "緑区 小倉", polygons: [], circles: [], geocodes: [])])
        let message = CAPMessage(version: "1.2", identifier: id, sender: "s", sent: instant, status: exercise ? .exercise : .actual,
                                 messageType: .alert, scope: .public, note: nil, references: [], infos: [info])
        return ActiveAlert(source: "alerts/\(id).xml", message: message, infos: [info], start: instant, end: instant.addingTimeInterval(3600), isAllClear: allClear, isExercise: exercise)
    }

    /// `alert` with a short English message after its Japanese.
    private func withEnglish(_ alert: ActiveAlert) -> ActiveAlert {
        var both = alert
        var english = alert.infos[0]
        english.language = "en-US"
        english.headline = "Evacuation order along the Sagami River"
        english.instruction = "Go to the nearest shelter now."
        both.infos.append(english)
        return both
    }

    private func compose(_ alerts: [ActiveAlert], size: PixelSize = PixelSize(width: 1920, height: 1080)) -> Scene {
        var screen = ScreenConfig(id: "lobby")
        screen.size = size
        return AlertComposer(screen: screen, measurer: FixedMeasurer()).compose(alerts, at: instant)
    }

    @Test func headlineInstructionAreaSenderAndTime() {
        let texts = compose([alert("A")]).texts.map(\.text)
        #expect(texts.contains("緊急情報"))
        #expect(texts.contains { $0.contains("相模川") })
        #expect(texts.contains { $0.contains("直ちに避難") })
        #expect(texts.contains { $0.contains("緑区 小倉") })
        #expect(texts.contains { $0.contains("相模原市") })
        #expect(texts.contains { $0.contains("2026年11月25日") })
    }

    @Test func headlineIsTheLargestText() {
        let scene = compose([alert("A")])
        let headline = scene.texts.first { $0.text.contains("相模川") }!
        #expect(scene.texts.allSatisfy { $0.font.size <= headline.font.size })
        #expect(headline.font.size >= 80)
    }

    @Test func othersAreCounted() {
        let texts = compose([alert("A"), alert("B"), alert("C")]).texts.map(\.text)
        #expect(texts.contains { $0.contains("ほかに2件の警報") })
    }

    @Test func exerciseIsMarked() {
        #expect(compose([alert("A", exercise: true)]).texts.contains { $0.text.hasPrefix("訓練") })
        #expect(!compose([alert("A")]).texts.contains { $0.text.hasPrefix("訓練") })
    }

    @Test func allClearIsGreenNotRed() {
        let clear = compose([alert("A", allClear: true)])
        let warning = compose([alert("A")])
        #expect(clear.background != warning.background)
        #expect(clear.texts.contains { $0.text == "解除のお知らせ" })
        for background in [clear.background, warning.background] {
            #expect(RGBA(255, 255, 255).contrast(with: background) >= 7)
        }
        #expect(RGBA(0xFF, 0xD4, 0x00).contrast(with: RGBA(0, 0, 0)) >= 7)
    }

    @Test(arguments: [PixelSize(width: 1920, height: 1080), PixelSize(width: 1080, height: 1920), PixelSize(width: 1280, height: 720)])
    func longTextStaysInsideTheFrame(_ size: PixelSize) {
        let long = String(repeating: "相模川の水位が上昇しています。直ちに近くの避難所へ避難してください。", count: 8)
        let scene = compose([alert("A", instruction: long)], size: size)
        let measurer = FixedMeasurer()
        for text in scene.texts {
            #expect(text.x + measurer.width(of: text.text, font: text.font) <= size.width)
            #expect(text.y + measurer.height(of: text.font) <= size.height)
        }
        #expect(scene.texts.contains { $0.text.contains("相模川沿い") }, "the headline always stays")
    }

    @Test func aScreenThatRotatesWholeFramesShowsOneLanguageAtATime() throws {
        var english = alert("A").infos[0]
        english.language = "en-US"
        english.headline = "Evacuation order along the Sagami River"
        var both = alert("A")
        both.infos.append(english)
        var screen = ScreenConfig(id: "lobby")
        screen.alertLanguages = "rotate"
        let composer = AlertComposer(screen: screen, measurer: FixedMeasurer())
        #expect(composer.regions(for: [both]).other == nil)
        let first = composer.compose([both], at: instant).texts.map(\.text).joined()
        #expect(first.contains("相模川沿いの地域に避難指示") && !first.contains("Evacuation order"))
        // The Japanese turn lasts its reading time (at least 8 s); the English follows it.
        let turn = try #require((1...60).first { second in
            composer.compose([both], at: instant.addingTimeInterval(Double(second))).texts.map(\.text).joined().contains("Evacuation order")
        })
        #expect(turn >= Int(AlertComposer.languageInterval))
        let second = composer.compose([both], at: instant.addingTimeInterval(Double(turn))).texts.map(\.text).joined()
        #expect(second.contains("Evacuation order") && second.contains("緊急情報"), "the band stays in Japanese")
        screen.alertLanguages = "region"
        #expect(AlertComposer(screen: screen, measurer: FixedMeasurer()).regions(for: [both]).other != nil)
    }

    /// On a screen that turns whole frames by language, each language stays as long as its
    /// pages take to read, each page at least its reading time, and every page of every
    /// language comes round, following the frame's own next change. (Turns of a fixed 8 s
    /// showed a two-page Japanese message beside its English on its first page only.)
    @Test(arguments: [PixelSize(width: 1280, height: 720), PixelSize(width: 1080, height: 1920)])
    func aScreenThatRotatesWholeFramesShowsEveryPageOfEveryLanguageLongEnoughToRead(_ size: PixelSize) throws {
        let instruction = String(repeating: "相模川の水位が上昇し、氾濫のおそれがあります。緑区小倉、中央区上溝の方は、近くの避難所へ直ちに避難してください。", count: 40)
        let japanese = withEnglish(alert("A", instruction: instruction))
        var screen = ScreenConfig(id: "lobby")
        screen.size = size
        screen.alertLanguages = "rotate"
        // A 32-inch screen read from 3 m (the stress feed's branch office): the message is not
        // made smaller than that reads, so it goes over pages.
        screen.diagonal = 32
        screen.viewingDistance = 3
        let composer = FrameComposer(screen: screen, measurer: FixedMeasurer())
        let slot = Slot(item: nil, start: instant, end: instant.addingTimeInterval(3600))
        /// What is up: the language and its page label ("2 / 3"; "" for a single page).
        func shown(_ scene: Scene) -> String {
            let texts = scene.texts.map(\.text)
            let language = texts.contains { $0.contains("Evacuation order") } ? "en" : "ja"
            return language + (texts.first { $0.range(of: "^[0-9]+ / [0-9]+$", options: .regularExpression) != nil } ?? "")
        }
        var at = instant
        var runs: [(shown: String, seconds: TimeInterval, characters: Int)] = []
        while at < instant.addingTimeInterval(600) {
            let composition = composer.compose(slot: slot, content: nil, alerts: [japanese], headlines: [], at: at)
            let now = shown(composition.scene)
            // When the player looks again: the frame's own next change (on a screen in turns the
            // player takes no other step while the alert leads).
            let next = try #require(composition.nextChange, "at \(at.timeIntervalSince(instant)) s")
            #expect(next > at, "the next change moves on")
            // The message's lines (the size most lines are set at; not the headline that heads
            // every page, read once, nor the page's number or the footer).
            let sizes = Dictionary(grouping: composition.scene.texts, by: \.font.size)
            let body = (sizes.max { $0.value.count < $1.value.count }?.value ?? []).filter { text in
                !text.text.hasPrefix("相模川沿いの地域") && !text.text.hasPrefix("Evacuation order") && text.text.range(of: "^[0-9]+ / [0-9]+$", options: .regularExpression) == nil
            }
            let characters = body.reduce(0) { $0 + ReadingPace.characters(in: $1.text) }
            if let last = runs.last, last.shown == now {
                runs[runs.count - 1].seconds += next.timeIntervalSince(at)
            } else {
                runs.append((now, next.timeIntervalSince(at), characters))
            }
            at = next
        }
        let japanesePages = Set(runs.map(\.shown).filter { $0.hasPrefix("ja") })
        #expect(japanesePages.count >= 2, "the Japanese needs pages here: \(japanesePages)")
        let pages = try #require(japanesePages.first.flatMap { Int($0.split(separator: "/").last!.trimmingCharacters(in: .whitespaces)) })
        #expect(japanesePages == Set((1...pages).map { "ja\($0) / \(pages)" }), "every Japanese page comes round: \(japanesePages)")
        #expect(runs.contains { $0.shown == "en" }, "the English comes round")
        for run in runs.dropLast() {
            #expect(run.seconds >= ReadingPace.minimumPage, "\(run.shown) stayed \(run.seconds) s")
            #expect(run.seconds + 0.001 >= ReadingPace.page(characters: run.characters), "\(run.shown): \(run.characters) characters in \(run.seconds) s")
        }
    }

    /// On a screen that turns whole frames by language, a frame lays out the language it shows
    /// and no other: an alert's first frame is not held up by its other languages' layout (a
    /// hostile file may hold every language at its limit), and each is timed when its turn
    /// first comes — and then not laid out again for its timing.
    @Test func aFrameInTurnsLaysOutOnlyTheLanguageItShows() throws {
        final class Languages: TextMeasuring, @unchecked Sendable {
            let lock = NSLock()
            var seen: [String: Int] = [:]
            func width(of text: String, font: FontSpec) -> Int {
                lock.lock()
                seen[font.lang, default: 0] += 1
                lock.unlock()
                return FixedMeasurer().width(of: text, font: font)
            }
            func height(of font: FontSpec) -> Int { font.size }
            func taken() -> [String: Int] {
                lock.lock()
                defer { lock.unlock() }
                let taken = seen
                seen = [:]
                return taken
            }
        }
        let both = withEnglish(alert("A"))
        var screen = ScreenConfig(id: "lobby")
        screen.alertLanguages = "rotate"
        let measurer = Languages()
        let composer = FrameComposer(screen: screen, measurer: measurer, cache: LayoutCache())
        let slot = Slot(item: nil, start: instant, end: instant.addingTimeInterval(3600))
        func frame(at seconds: Double) -> (texts: String, measured: [String: Int]) {
            let scene = composer.compose(slot: slot, content: nil, alerts: [both], headlines: [], at: instant.addingTimeInterval(seconds)).scene
            return (scene.texts.map(\.text).joined(), measurer.taken())
        }
        let first = frame(at: 0)
        #expect(first.texts.contains("避難指示") && first.measured["en-US"] == nil, "the first frame measured \(first.measured)")
        // The English turn comes (its layout then shows it), and then the Japanese again.
        let englishTurn = try #require((8...300).first { frame(at: Double($0)).texts.contains("Evacuation order") })
        // (English text is measured as "en-US": what the checks here look for.)
        #expect((frame(at: Double(englishTurn) + 0.5).measured["en-US"] ?? 0) > 0)
        let again = try #require((englishTurn...600).first { !frame(at: Double($0)).texts.contains("Evacuation order") })
        // A round later both turns are known: the Japanese is laid out to be shown, the English not at all.
        let later = frame(at: Double(again) + 0.5)
        #expect(later.texts.contains("避難指示") && later.measured["en-US"] == nil, "a frame of the second round measured \(later.measured)")
        #expect((later.measured["ja-JP"] ?? 0) > 0)
    }

    /// Fixed regions that do not jump (issue 28): over a minute of language turns and pages,
    /// with two alerts in four languages, the Japanese stays where it is, to the pixel, and the
    /// other language always starts at the same line.
    @Test(arguments: [PixelSize(width: 1920, height: 1080), PixelSize(width: 1080, height: 1920), PixelSize(width: 1280, height: 720)])
    func regionsDoNotMoveBetweenTurns(_ size: PixelSize) {
        func withLanguages(_ id: String, headline: String) -> ActiveAlert {
            var alert = alert(id)
            alert.infos[0].headline = headline
            for (language, text) in [("en-US", "Evacuation order along the Sagami River. Go to the nearest shelter now."), ("zh-CN", "相模川沿岸地区发布避难指示。请立即前往附近的避难所。"),
                                     ("ko-KR", "사가미강 주변 지역에 대피 지시. 즉시 가까운 대피소로 대피하십시오.")] {
                var info = alert.infos[0]
                info.language = language
                info.headline = text
                info.instruction = text
                alert.infos.append(info)
            }
            return alert
        }
        let alerts = [withLanguages("A", headline: "相模川沿いの地域に避難指示"), withLanguages("B", headline: "境川沿いの地域に高齢者等避難")]
        var screen = ScreenConfig(id: "lobby")
        screen.size = size
        screen.languages = ["ja", "en", "zh", "ko"]
        let composer = AlertComposer(screen: screen, measurer: FixedMeasurer())
        let regions = composer.regions(for: alerts)
        #expect(regions.other != nil)
        var japanese: [[String: Int]] = []
        for second in stride(from: 0.0, to: 60, by: 2) {
            let scene = composer.compose(alerts, at: instant.addingTimeInterval(second))
            japanese.append(Dictionary(scene.texts.filter { $0.text.contains("相模川沿い") || $0.text.contains("直ちに避難") }.map { ("\($0.text)@\($0.x)", $0.y) },
                                       uniquingKeysWith: min))
            // Whatever language is up, it is set inside the other-language region.
            let other = regions.other!
            #expect(scene.texts.contains { $0.y >= other.y && $0.y < other.y + other.height && $0.font.lang != "ja" }, "at \(second) s")
        }
        #expect(Set(japanese).count == 1, "the Japanese never moves: \(Set(japanese).count) different layouts")
    }

    /// The player keeps the list's rows laid out (`LayoutCache`): a frame composed from kept rows
    /// is the frame composed afresh — the same lines, the same page turns, the same breaks
    /// reported to `check` — in landscape and portrait, as the list turns its pages.
    @Test(arguments: [PixelSize(width: 1920, height: 1080), PixelSize(width: 1080, height: 1920)])
    func theListsRowsKeptGiveTheFrameComposedAfresh(_ size: PixelSize) {
        var screen = ScreenConfig(id: "lobby")
        screen.size = size
        let towns = ["橋本", "相原", "大沢", "城山", "津久井", "相模湖", "藤野", "小山", "清新", "横山", "中央", "星が丘"]
        var alerts = [alert("LEAD")]
        for index in 0..<12 {
            var warning = alert("W\(index)", headline: index == 5 ? String(repeating: "Evacuate", count: 40) : "大雨警報（第\(index + 1)号）")
            warning.infos[0].areas = (0..<(2 + index)).map { CAPArea(description: "相模原市\(towns[(index + $0) % towns.count])地区", polygons: [], circles: [], geocodes: []) }
            alerts.append(warning)
        }
        let cache = LayoutCache()
        let slot = Slot(item: nil, start: instant, end: instant.addingTimeInterval(3600))
        var turned = Set<[String]>()
        for second in stride(from: 0.0, to: 600, by: 7) {
            let at = instant.addingTimeInterval(second)
            let afresh = FrameComposer(screen: screen, measurer: FixedMeasurer()).compose(slot: slot, content: nil, alerts: alerts, headlines: [], at: at)
            // A new composer each time, as the player makes one for each feed version.
            let kept = FrameComposer(screen: screen, measurer: FixedMeasurer(), cache: cache).compose(slot: slot, content: nil, alerts: alerts, headlines: [], at: at)
            #expect(kept.scene == afresh.scene, "\(size) at \(second) s")
            #expect(kept.nextChange == afresh.nextChange, "\(size) at \(second) s")
            #expect(kept.forcedBreaks == afresh.forcedBreaks, "\(size) at \(second) s")
            // The unbreakable headline breaks on every frame, and is reported on every frame.
            #expect(kept.forcedBreaks.contains { $0.contains("EvacuateEvacuate") }, "\(size) at \(second) s")
            turned.insert(kept.scene.texts.map(\.text).filter { $0.contains("大雨警報") })
        }
        #expect(cache.alertRowCount == 12, "one row kept for each other alert: \(cache.alertRowCount)")
        #expect(turned.count > 2, "the walk saw the list turn its pages: \(turned.count) different lists")
    }

    /// A row of the list too long for its box goes on over pages of its own, each headed by
    /// the alert's headline: a page of place names alone did not say what they were for. The
    /// walk follows the frame's own next change (which must move on at every turn), and sees
    /// the row's last area on some page.
    @Test(arguments: [PixelSize(width: 1920, height: 1080), PixelSize(width: 1080, height: 1920), PixelSize(width: 1280, height: 720)])
    func aRowInPagesIsHeadedByItsHeadlineOnEach(_ size: PixelSize) {
        var screen = ScreenConfig(id: "lobby")
        screen.size = size
        if size.height == 720 {
            // The stress feed's branch office: a 32-inch screen read from 3 m, whose reading
            // size left two rows a page one line each.
            screen.diagonal = 32
            screen.viewingDistance = 3
        }
        var warning = alert("W", headline: "大雨警報（第1号）が発表されています")
        warning.infos[0].areas = (1...60).map { CAPArea(description: "第\($0)地区", polygons: [], circles: [], geocodes: []) }
        // With another row beside it: where two rows a page would leave each a single line (720p),
        // the list shows one a page rather than lose the headline.
        let alerts = [alert("LEAD"), warning, alert("W2", headline: "洪水警報（第2号）が発表されています")]
        let composer = FrameComposer(screen: screen, measurer: FixedMeasurer())
        let slot = Slot(item: nil, start: instant, end: instant.addingTimeInterval(3600))
        var at = instant, pagesSeen = 0, lastSeen = false, rowPages = Set<String>()
        while at < instant.addingTimeInterval(600) {
            let composition = composer.compose(slot: slot, content: nil, alerts: alerts, headlines: [], at: at)
            let texts = composition.scene.texts.map(\.text)
            if texts.contains(where: { $0.contains("地区") }) {
                pagesSeen += 1
                let head = texts.first { $0.hasPrefix("大雨警報（第1号）") }
                #expect(head != nil, "\(size) at \(at.timeIntervalSince(instant)) s: \(texts.filter { $0.contains("地区") })")
                // Each of the row's pages says which it is.
                if let head, let range = head.range(of: #"（\d+ / \d+）"#, options: .regularExpression) { rowPages.insert(String(head[range])) }

            }
            lastSeen = lastSeen || texts.contains { $0.contains("第60地区") }
            guard let next = composition.nextChange else { break }
            // At a turn, the frame moves on (it once kept the page and named the turn itself).
            #expect(next > at, "\(size) at \(at.timeIntervalSince(instant)) s: the next change moves on")
            guard next > at else { break }
            at = next
        }
        #expect(pagesSeen > 1, "\(size): the row went over pages (\(pagesSeen))")
        let count = rowPages.first.flatMap { Int($0.split(separator: "/")[1].dropLast().trimmingCharacters(in: .whitespaces)) } ?? 0
        #expect(count > 1 && rowPages == Set((1...count).map { "（\($0) / \(count)）" }), "\(size): every page of the row numbered: \(rowPages.sorted())")
        #expect(lastSeen, "\(size): the last area was shown (walked to \(at.timeIntervalSince(instant)) s, \(pagesSeen) frames)")
    }
}
