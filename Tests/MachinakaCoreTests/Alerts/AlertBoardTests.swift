import Foundation
@testable import MachinakaCore
import Testing

/// The alert lifecycle, at chosen instants, with messages built in code.
@Suite struct AlertBoardTests {
    static let sender = "bousai@city.sagamihara.kanagawa.jp"

    static func message(
        _ id: String, sent: String, type: CAPMessage.MessageType = .alert, status: CAPMessage.Status = .actual,
        scope: CAPMessage.Scope = .public, references: [CAPMessage] = [], infos: [CAPInfo]? = nil,
        effective: String? = nil, expires: String? = "2026-11-25T23:00:00+09:00", severity: CAPInfo.Severity = .severe,
        responseTypes: [String] = ["Evacuate"], eventCodes: [CAPValue] = []
    ) -> CAPMessage {
        let info = CAPInfo(
            language: "ja-JP", categories: ["Met"], event: "避難指示", responseTypes: responseTypes, urgency: .immediate,
            severity: severity, certainty: .observed, eventCodes: eventCodes,
            effective: effective.map { tokyo($0) }, onset: nil, expires: expires.map { tokyo($0) },
            senderName: "相模原市", headline: "見出し \(id)", description: nil, instruction: "避難してください", web: nil, contact: nil,
            areas: [CAPArea(description: "緑区", polygons: [], circles: [], geocodes: [])])
        return CAPMessage(
            version: "1.2", identifier: id, sender: sender, sent: tokyo(sent), status: status, messageType: type, scope: scope,
            note: nil, references: references.map(\.key), infos: type == .cancel ? [] : (infos ?? [info]))
    }

    static func received(_ message: CAPMessage, at time: String? = nil) -> ReceivedAlert {
        ReceivedAlert(source: "alerts/\(message.identifier).xml", message: message, received: time.map { tokyo($0) } ?? message.sent)
    }

    private func board(_ received: [ReceivedAlert], policy: AlertPolicy = AlertPolicy()) -> AlertBoard {
        AlertBoard(messages: received, policy: policy)
    }

    private func activeIDs(_ board: AlertBoard, _ time: String) -> [String] {
        board.active(at: tokyo(time)).map(\.message.identifier)
    }

    @Test func alertThenUpdateThenCancel() {
        let alert = Self.message("A1", sent: "2026-11-25T14:30:00")
        let update = Self.message("A2", sent: "2026-11-25T16:00:00", type: .update, references: [alert])
        let cancel = Self.message("A3", sent: "2026-11-25T19:00:00", type: .cancel, references: [alert, update])
        let b = board([alert, update, cancel].map { Self.received($0) })
        #expect(activeIDs(b, "2026-11-25T14:29:59") == [])
        #expect(activeIDs(b, "2026-11-25T14:30:00") == ["A1"])
        #expect(activeIDs(b, "2026-11-25T16:00:00") == ["A2"], "an update replaces what it references")
        #expect(activeIDs(b, "2026-11-25T19:00:00") == [], "a cancel removes both")
        let standings = Dictionary(uniqueKeysWithValues: b.entries(at: tokyo("2026-11-25T19:30")).map { ($0.identifier!, $0.standing) })
        #expect(standings == ["A1": .cancelled, "A2": .cancelled, "A3": .notShown])
    }

    @Test func cancelArrivingBeforeItsAlert() {
        let alert = Self.message("B1", sent: "2026-11-25T14:30:00")
        let cancel = Self.message("B2", sent: "2026-11-25T14:40:00", type: .cancel, references: [alert])
        // The cancel is received at 14:40; the alert, delayed in transit, only at 14:45.
        let b = board([Self.received(cancel), Self.received(alert, at: "2026-11-25T14:45:00")])
        for time in ["2026-11-25T14:45:00", "2026-11-25T15:00:00", "2026-11-25T22:00:00"] {
            #expect(activeIDs(b, time) == [], "a cancelled message never shows, even arriving late (\(time))")
        }
    }

    @Test func lateUpdateDoesNotReviveWhatItReplaced() {
        let alert = Self.message("C1", sent: "2026-11-25T14:30:00")
        let update = Self.message("C2", sent: "2026-11-25T15:00:00", type: .update, references: [alert])
        let b = board([Self.received(update), Self.received(alert, at: "2026-11-25T15:30:00")])
        #expect(activeIDs(b, "2026-11-25T15:45:00") == ["C2"])
    }

    @Test func alreadyExpiredOnArrival() {
        let alert = Self.message("D1", sent: "2026-11-25T10:00:00", expires: "2026-11-25T11:00:00")
        let b = board([Self.received(alert, at: "2026-11-25T12:00:00")])
        #expect(activeIDs(b, "2026-11-25T12:00:00") == [])
        #expect(b.entries(at: tokyo("2026-11-25T12:00")).first?.reason == "had already expired when it arrived")
    }

    @Test func effectiveInTheFuture() {
        let alert = Self.message("E1", sent: "2026-11-25T14:00:00", effective: "2026-11-25T18:00:00")
        let b = board([Self.received(alert)])
        #expect(activeIDs(b, "2026-11-25T17:59:59") == [])
        #expect(b.entries(at: tokyo("2026-11-25T17:00")).first?.standing == .scheduled)
        #expect(activeIDs(b, "2026-11-25T18:00:00") == ["E1"])
        #expect(b.nextChange(after: tokyo("2026-11-25T17:00")) == tokyo("2026-11-25T18:00:00"))
    }

    @Test func defaultLifetimeWithoutExpiry() {
        let alert = Self.message("F1", sent: "2026-11-25T14:00:00", expires: nil)
        let b = board([Self.received(alert)], policy: AlertPolicy(defaultLifetime: 3600))
        #expect(activeIDs(b, "2026-11-25T14:59:59") == ["F1"])
        #expect(activeIDs(b, "2026-11-25T15:00:00") == [])
    }

    @Test func restartShowsTheActiveAlertAgainAtOnce() {
        // After a restart the board is built anew from the files; the arrival time is the
        // file's, so the alert is active the moment the player asks.
        let alert = Self.message("G1", sent: "2026-11-25T14:00:00")
        let first = board([Self.received(alert, at: "2026-11-25T14:00:05")])
        let afterRestart = board([Self.received(alert, at: "2026-11-25T14:00:05")])
        #expect(activeIDs(first, "2026-11-25T15:00") == ["G1"])
        #expect(activeIDs(afterRestart, "2026-11-25T15:00") == activeIDs(first, "2026-11-25T15:00"))
    }

    @Test func exerciseOnlyOnDrillScreensTestNever() {
        let exercise = Self.message("H1", sent: "2026-11-25T14:00:00", status: .exercise)
        let test = Self.message("H2", sent: "2026-11-25T14:00:00", status: .test)
        let system = Self.message("H3", sent: "2026-11-25T14:00:00", status: .system)
        let draft = Self.message("H4", sent: "2026-11-25T14:00:00", status: .draft)
        let messages = [exercise, test, system, draft].map { Self.received($0) }
        #expect(activeIDs(board(messages), "2026-11-25T15:00") == [])
        let drills = board(messages, policy: AlertPolicy(drills: true))
        let active = drills.active(at: tokyo("2026-11-25T15:00"))
        #expect(active.map(\.message.identifier) == ["H1"])
        #expect(active.first?.isExercise == true)
    }

    @Test func requiredMonthlyTestIsNotAnEmergency() {
        let rmt = Self.message("I1", sent: "2026-11-25T14:00:00", eventCodes: [CAPValue(name: "SAME", value: "RMT")])
        let b = board([Self.received(rmt)])
        #expect(activeIDs(b, "2026-11-25T15:00") == [])
        #expect(b.entries(at: tokyo("2026-11-25T15:00")).first?.reason.contains("RMT") == true)
    }

    @Test func scopePolicy() {
        let restricted = Self.message("J1", sent: "2026-11-25T14:00:00", scope: .restricted)
        #expect(activeIDs(board([Self.received(restricted)]), "2026-11-25T15:00") == [])
        #expect(activeIDs(board([Self.received(restricted)], policy: AlertPolicy(scopes: [.public, .restricted])), "2026-11-25T15:00") == ["J1"])
    }

    @Test func orderedBySeverityThenRecency() {
        let moderate = Self.message("K1", sent: "2026-11-25T14:00:00", severity: .moderate)
        let extreme = Self.message("K2", sent: "2026-11-25T13:00:00", severity: .extreme)
        let severeOld = Self.message("K3", sent: "2026-11-25T12:00:00", severity: .severe)
        let severeNew = Self.message("K4", sent: "2026-11-25T12:30:00", severity: .severe)
        let b = board([moderate, extreme, severeOld, severeNew].map { Self.received($0) })
        #expect(activeIDs(b, "2026-11-25T15:00") == ["K2", "K4", "K3", "K1"])
    }

    @Test func allClearShowsBriefly() {
        let clear = Self.message("L1", sent: "2026-11-25T19:00:00", responseTypes: ["AllClear"])
        let b = board([Self.received(clear)], policy: AlertPolicy(allClearDuration: 60))
        let active = b.active(at: tokyo("2026-11-25T19:00:30"))
        #expect(active.first?.isAllClear == true)
        #expect(activeIDs(b, "2026-11-25T19:01:00") == [])
    }

    @Test func languagesFollowTheScreenJapaneseFirst() {
        func info(_ language: String) -> CAPInfo {
            var info = Self.message("x", sent: "2026-11-25T14:00:00").infos[0]
            info.language = language
            return info
        }
        let multi = Self.message("M1", sent: "2026-11-25T14:00:00", infos: [info("en-US"), info("ko-KR"), info("ja-JP"), info("pt-BR")])
        let b = board([Self.received(multi)], policy: AlertPolicy(languages: ["ja", "en", "zh", "ko"]))
        #expect(b.active(at: tokyo("2026-11-25T15:00")).first?.infos.map(\.language) == ["ja-JP", "en-US", "ko-KR"])
        // A message in none of the screen's languages is still shown, in what it has.
        let foreign = Self.message("M2", sent: "2026-11-25T14:00:00", infos: [info("pt-BR")])
        #expect(board([Self.received(foreign)], policy: AlertPolicy(languages: ["ja"])).active(at: tokyo("2026-11-25T15:00")).first?.infos.map(\.language) == ["pt-BR"])
    }

    @Test func samplesFromTheFixturesTellTheWholeStory() throws {
        let folder = try TestFeed()
        for name in ["sagamihara-evacuation.xml", "sagamihara-evacuation-update.xml", "sagamihara-evacuation-cancel.xml"] {
            try FileManager.default.copyItem(atPath: Repository.root + "/Tests/Fixtures/alerts/" + name, toPath: folder.root + "/alerts/" + name)
        }
        let feed = try folder.load().asPreview
        #expect(feed.diagnostics == [])
        let b = feed.alertBoard(for: ScreenConfig(id: "lobby"))
        #expect(activeIDs(b, "2026-11-25T15:00") == ["SAGAMIHARA-2026-1125-001"])
        #expect(activeIDs(b, "2026-11-25T17:00") == ["SAGAMIHARA-2026-1125-002"])
        #expect(activeIDs(b, "2026-11-25T19:00") == [])
    }

    // MARK: - Bookkeeping that ordering cannot fool (regressions)

    @Test func twoUpdatesThatNameEachOtherLeaveTheLaterOne() {
        let alert = Self.message("U0", sent: "2026-11-25T14:00:00")
        var first = Self.message("U1", sent: "2026-11-25T15:00:00", type: .update, references: [alert])
        let second = Self.message("U2", sent: "2026-11-25T16:00:00", type: .update, references: [alert, first])
        // The first names the second too (a broken or hostile sender): it was sent earlier, so
        // it cannot replace it. Before, each replaced the other and nothing showed.
        first.references.append(second.key)
        let b = board([alert, first, second].map { Self.received($0) })
        #expect(activeIDs(b, "2026-11-25T15:30") == ["U1"])
        #expect(activeIDs(b, "2026-11-25T16:30") == ["U2"])
    }

    @Test func twoFilesWithOneKeyButDifferentContentCountOnceTheLaterFileWinning() {
        let original = Self.message("D1", sent: "2026-11-25T14:00:00")
        var altered = original
        altered.infos[0].headline = "書き換えられた見出し"
        let early = ReceivedAlert(source: "alerts/a.xml", message: original, received: tokyo("2026-11-25T14:00:00"))
        let late = ReceivedAlert(source: "alerts/b.xml", message: altered, received: tokyo("2026-11-25T14:05:00"))
        let b = board([late, early])
        let active = b.active(at: tokyo("2026-11-25T15:00"))
        #expect(active.count == 1, "before, both showed as two alerts")
        #expect(active.first?.headline == "書き換えられた見出し")
        let listed = b.entries(at: tokyo("2026-11-25T15:00"))
        #expect(listed.contains { $0.source == "alerts/a.xml" && $0.reason.contains("same sender, identifier and sent time as alerts/b.xml") })
        #expect(listed.contains { $0.source == "alerts/b.xml" && $0.standing == .active })
    }

    @Test func aCancelRemembersWhatItCancelledAfterItsFileIsGone() {
        let alert = Self.message("T1", sent: "2026-11-25T14:00:00")
        let cancel = Self.message("T2", sent: "2026-11-25T14:30:00", type: .cancel, references: [alert])
        let both = board([alert, cancel].map { Self.received($0) })
        let stones = both.tombstonesSet(by: tokyo("2026-11-25T14:31"))
        #expect(stones.map(\.reference) == [alert.key] && stones.first?.cancelled == true)
        #expect(stones.first?.until == tokyo("2026-11-25T23:00"), "kept until the cancelled message would have expired")
        // The Cancel's file is deleted: without the tombstone the alert came back.
        #expect(activeIDs(board([Self.received(alert)]), "2026-11-25T15:00") == ["T1"])
        let remembered = AlertBoard(messages: [Self.received(alert)], policy: AlertPolicy(), tombstones: stones)
        #expect(activeIDs(remembered, "2026-11-25T15:00") == [])
        #expect(remembered.entries(at: tokyo("2026-11-25T15:00")).first?.reason.contains("remembered after its file was removed") == true)
        // An Update that names a message sent after it sets no tombstone for it.
        let stale = Self.message("T3", sent: "2026-11-25T13:00:00", type: .update, references: [alert])
        #expect(board([alert, stale].map { Self.received($0) }).tombstonesSet(by: tokyo("2026-11-25T15:00")).isEmpty)
    }
}
