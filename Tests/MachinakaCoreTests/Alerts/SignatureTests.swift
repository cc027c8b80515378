import Foundation
@testable import MachinakaCore
import Testing

/// Trusted senders: real signed CAP messages (Tests/Fixtures/cap/signed) checked with xmlsec1, and
/// screens that accept only what their trusted keys signed.
@Suite struct SignatureTests {
    static let signed = "signed/gcl_canada_signed.cap"

    /// A feed whose screen trusts the certificates named, copied into the feed's keys/ folder.
    private func feed(trusting certificates: [String], alerts: [(String, Data)]) throws -> Feed {
        let feed = try TestFeed()
        try FileManager.default.createDirectory(atPath: feed.root + "/keys", withIntermediateDirectories: true)
        for certificate in certificates {
            try FileManager.default.copyItem(atPath: Corpus.root + "/signed/" + certificate, toPath: feed.root + "/keys/" + certificate)
        }
        let trusted = certificates.isEmpty ? "" : "trusted_senders: [" + certificates.map { "keys/" + $0 }.joined(separator: ", ") + "]\n"
        try feed.write("screens/trusting.yml", "name: 信頼\n" + trusted)
        try feed.write("screens/ordinary.yml", "name: 普通\n")
        for (name, data) in alerts { try data.write(to: URL(fileURLWithPath: feed.root + "/alerts/" + name)) }
        return try feed.load().asPreview
    }

    private func active(_ feed: Feed, on screen: String, at instant: Date) -> [String] {
        feed.alertBoard(for: feed.screens[screen]!).active(at: instant).map(\.message.identifier)
    }

    static let during = FeedTime.parseInstant("2013-01-24T21:30:00+00:00")!

    @Test func aSignatureByATrustedKeyIsAcceptedAndByAnotherRefused() throws {
        let data = try Corpus.data(Self.signed)
        let naads = try feed(trusting: ["gcl_naads_x509_cert.pem"], alerts: [("canada.xml", data)])
        #expect(naads.diagnostics.filter { $0.severity == .error }.isEmpty, "\(naads.diagnostics)")
        #expect(active(naads, on: "trusting", at: Self.during) == ["2.49.0.1.124.f2c83f5f.2013"])
        let entry = try #require(naads.alertBoard(for: naads.screens["trusting"]!).entries(at: Self.during).first)
        #expect(entry.signer?.hasPrefix("trusted: ") == true && entry.signer?.contains("pelmorex") == true, "\(entry.signer ?? "")")
        #expect(entry.format == "CAP")
        // The second signature is Environment Canada's: trusting that key alone works too.
        let environment = try feed(trusting: ["gcl_environment_canada_x509_cert.pem"], alerts: [("canada.xml", data)])
        #expect(active(environment, on: "trusting", at: Self.during) == ["2.49.0.1.124.f2c83f5f.2013"])
    }

    @Test func oneByteChangedAndTheMessageIsRefused() throws {
        var text = try String(decoding: Corpus.data(Self.signed), as: UTF8.self)
        let headline = try #require(text.range(of: "<headline>"))
        let changed = text.index(headline.upperBound, offsetBy: 2)
        text.replaceSubrange(changed...changed, with: text[changed] == "x" ? "y" : "x")
        let tampered = try feed(trusting: ["gcl_naads_x509_cert.pem"], alerts: [("canada.xml", Data(text.utf8))])
        #expect(active(tampered, on: "trusting", at: Self.during).isEmpty)
        let entry = try #require(tampered.alertBoard(for: tampered.screens["trusting"]!).entries(at: Self.during).first)
        #expect(entry.standing == .refused && entry.reason.contains("does not hold"), "\(entry.reason)")
        // A screen without trusted senders keeps today's behaviour.
        #expect(active(tampered, on: "ordinary", at: Self.during) == ["2.49.0.1.124.f2c83f5f.2013"])
    }

    @Test func anUnsignedCancelIsRefusedOnATrustingScreenAndObeyedOnAnOrdinaryOne() throws {
        let cancel = """
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>FORGED-CANCEL</identifier><sender>cap-pac@ec.gc.ca</sender><sent>2013-01-24T21:28:00-00:00</sent>
              <status>Actual</status><msgType>Cancel</msgType><scope>Public</scope>
              <references>cap-pac@ec.gc.ca,2.49.0.1.124.f2c83f5f.2013,2013-01-24T21:26:00-00:00</references>
            </alert>
            """
        let feed = try feed(trusting: ["gcl_naads_x509_cert.pem"], alerts: [("canada.xml", try Corpus.data(Self.signed)), ("cancel.xml", Data(cancel.utf8))])
        #expect(active(feed, on: "trusting", at: Self.during) == ["2.49.0.1.124.f2c83f5f.2013"], "a forged Cancel hides nothing")
        let refused = feed.alertBoard(for: feed.screens["trusting"]!).entries(at: Self.during).first { $0.source == "alerts/cancel.xml" }
        #expect(refused?.standing == .refused && refused?.reason.contains("not signed") == true)
        #expect(active(feed, on: "ordinary", at: Self.during).isEmpty, "an ordinary screen obeys it")
    }

    @Test func signaturesMadeWithTheMessagesOwnKeyProveNothingToATrustingScreen() throws {
        // Signed with a key carried in the message itself (integrity, not authenticity).
        let data = try Corpus.data("signed/cpl_pagasa_status_test.cap")
        let checks = Signatures.check([UInt8](data))
        #expect(checks.count == 1 && checks[0].verified)
        let problem = ReceivedAlert(source: "a", message: try CAPParser.parse(data), received: Date(), signatures: checks)
            .trustProblem(["0000000000000000000000000000000000000000000000000000000000000000"])
        #expect(problem?.contains("does not trust") == true)
    }

    @Test func everySignedSampleIsCheckedAsItsManifestSays() throws {
        func verified(_ name: String) throws -> [Bool] { Signatures.check([UInt8](try Corpus.data("signed/" + name))).map(\.verified) }
        #expect(try verified("gcl_canada_signed.cap") == [true, true])
        #expect(try verified("ipaws_local_area_emergency_5e7e0fc5.xml") == [true])
        #expect(try verified("gcl_earthquake-iso8859-1.cap") == [true])
        #expect(try verified("kwc_ntwc_tsunami_info_circle.xml").allSatisfy { !$0 }, "changed after signing")
        #expect(try verified("ntwc_tsunami_cancellation_update_PAAQ-4.xml").allSatisfy { !$0 }, "a placeholder signature")
        #expect(Signatures.check([UInt8](try Corpus.data("valid/gcl_weather.cap"))).isEmpty, "unsigned")
        let naads = try #require(Signatures.fingerprint(ofPEM: [UInt8](try Corpus.data("signed/gcl_naads_x509_cert.pem"))))
        #expect(naads.count == 64)
        #expect(Signatures.check([UInt8](try Corpus.data(Self.signed))).contains { $0.fingerprint == naads })
    }

    /// Regression (#25): a broken PEM took the whole screen away ("There is no screen …"), and
    /// `alert list` silently picked another. Now the screen plays, refuses every alert it cannot
    /// verify (fail closed), and the error names the file and the line.
    @Test func aTrustedSenderThatCannotBeReadKeepsTheScreenAndRefusesItsAlerts() throws {
        let feed = try TestFeed()
        try FileManager.default.createDirectory(atPath: feed.root + "/keys", withIntermediateDirectories: true)
        try feed.write("keys/broken.pem", "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n")
        try feed.write("screens/broken.yml", "name: x\nlanguages: [ja]\ntrusted_senders: [keys/broken.pem]\n")
        try feed.write("screens/missing.yml", "name: x\n\ntrusted_senders: [keys/missing.pem]\n")
        try feed.write("screens/outside.yml", "name: x\ntrusted_senders: [/tmp]\n")
        try Corpus.data(Self.signed).write(to: URL(fileURLWithPath: feed.root + "/alerts/canada.xml"))
        let loaded = try feed.load().asPreview
        #expect(Set(loaded.screens.keys) == ["broken", "missing", "outside"], "every screen still plays")
        let broken = try #require(loaded.diagnostics.first { $0.path == "screens/broken.yml" })
        #expect(broken.line == 3 && broken.column == 1 && broken.message.contains("keys/broken.pem is not a PEM certificate") && broken.message.contains("refuses every alert"), "\(broken)")
        #expect(loaded.diagnostics.contains { $0.path == "screens/missing.yml" && $0.line == 3 && $0.message.contains("keys/missing.pem") })
        #expect(loaded.diagnostics.contains { $0.path == "screens/outside.yml" && $0.line == 2 && $0.message.contains("/etc/machinaka/") })
        for id in ["broken", "missing", "outside"] {
            let board = loaded.alertBoard(for: loaded.screens[id]!)
            #expect(board.active(at: Self.during).isEmpty, "\(id): a signed alert it cannot verify is refused")
            #expect(board.problems.contains { $0.message.contains("refused") }, "\(id): and the refusal is said")
        }
    }
}
