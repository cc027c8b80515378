import Foundation
@testable import MachinakaCore
import Testing

/// The corpus of real CAP messages kept in the repository (Tests/Fixtures/cap, see its MANIFEST.txt).
enum Corpus {
    static let root = Repository.root + "/Tests/Fixtures/cap"

    static func data(_ relative: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative))
    }

    static func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + folder)) ?? [])
            .filter { !$0.hasSuffix(".pem") }.sorted().map { folder + "/" + $0 }
    }
}

@Suite struct CAPCorpusTests {
    @Test func corpusIsThere() {
        #expect(Corpus.files(in: "valid").count >= 10)
        #expect(Corpus.files(in: "invalid").count >= 7)
    }

    @Test(arguments: Corpus.files(in: "spec-examples").filter { !$0.contains("cap10") } + Corpus.files(in: "valid") + Corpus.files(in: "multilang") + Corpus.files(in: "signed"))
    func validMessagesParse(_ file: String) throws {
        let message = try CAPParser.parse(try Corpus.data(file))
        #expect(!message.identifier.isEmpty && !message.sender.isEmpty)
        for info in message.infos {
            #expect(!info.event.isEmpty && !info.categories.isEmpty)
        }
    }

    @Test(arguments: [
        ("invalid/gcl_invalid.cap", "<alert> has no <scope>"),
        ("invalid/gcl_noaa_errors.cap", "<urgency> is empty"),
        ("invalid/gcl_canada_errors.cap", "must name the messages it replaces in <references>"),
        ("invalid/gcl_xee.cap", "DOCTYPE"),
        ("invalid/cpl_invalid_xmlns.cap", "namespace 'urn:oasis:names:tc:emergency:alerts:1.2'"),
        ("invalid/cpl_smhi_wrapped_alerts_root.cap", "root element is <alerts>"),
        ("spec-examples/cap10_appendix_A3.xml", "CAP 1.0 is not supported"),
    ])
    func invalidMessagesAreRejectedWithTheirReason(_ file: String, _ reason: String) throws {
        #expect {
            try CAPParser.parse(try Corpus.data(file))
        } throws: { error in
            guard let rejection = error as? CAPParser.Rejection else { return false }
            return rejection.reason.contains(reason)
        }
    }

    @Test func entityAttackTouchesNothing() throws {
        let before = SafeXML.refusedExternalLoads
        #expect(throws: CAPParser.Rejection.self) { try CAPParser.parse(try Corpus.data("invalid/gcl_xee.cap")) }
        // Refused before the parser ran: no loader call, so no file or network access.
        #expect(SafeXML.refusedExternalLoads == before)
    }

    @Test func polygonAfterGeocodeIsToleratedOnPurpose() throws {
        // A real MeteoAlarm message with elements out of schema order: same meaning, shown.
        let message = try CAPParser.parse(try Corpus.data("invalid/kwc_rs_serbia_en_sr_srLatn_polygon_after_geocode.xml"))
        #expect(message.infos.map(\.language) == ["en-GB", "sr", "sr-Latn"])
        #expect(message.infos[0].areas.first?.polygons.isEmpty == false)
    }

    @Test func severeThunderstormFields() throws {
        let message = try CAPParser.parse(try Corpus.data("spec-examples/cap12_appendix_A2.xml"))
        #expect(message.version == "1.2")
        #expect(message.identifier == "KSTO1055887203")
        #expect(message.sender == "KSTO@NWS.NOAA.GOV")
        #expect(message.sent == FeedTime.parseInstant("2003-06-17T14:57:00-07:00"))
        #expect(message.status == .actual && message.messageType == .alert && message.scope == .public)
        let info = try #require(message.infos.first)
        #expect(info.language == "en-US", "no <language> means en-US")
        #expect(info.urgency == .immediate && info.severity == .severe && info.certainty == .observed)
        #expect(info.responseTypes == ["Shelter"])
        #expect(info.eventCodes == [CAPValue(name: "SAME", value: "SVR")])
        #expect(info.expires == FeedTime.parseInstant("2003-06-17T16:00:00-07:00"))
        #expect(info.headline == "SEVERE THUNDERSTORM WARNING")
        #expect(info.instruction == "TAKE COVER IN A SUBSTANTIAL SHELTER UNTIL THE STORM PASSES.")
        #expect(info.areas.first?.geocodes.count == 3)
    }

    @Test func updateReferencesAreInstants() throws {
        let message = try CAPParser.parse(try Corpus.data("spec-examples/cap12_appendix_A3.xml"))
        #expect(message.messageType == .update)
        #expect(message.references == [CAPReference(sender: "trinet@caltech.edu", identifier: "TRI13970876.1", sent: FeedTime.parseInstant("2003-06-11T20:30:00-07:00")!)])
    }

    @Test func multilingualAndNonLatin() throws {
        let amber = try CAPParser.parse(try Corpus.data("spec-examples/cap12_appendix_A4.xml"))
        #expect(amber.infos.map(\.language) == ["en-US", "es-US"])
        #expect(amber.infos[1].event == "Abducción de Niño")
        #expect(amber.infos[1].headline == "Alerta Amber en el condado de Los Ángeles")
        let taiwan = try CAPParser.parse(try Corpus.data("multilang/cpl_taiwan_zh-tw_bom.cap"))
        #expect(taiwan.infos.first?.headline == "明德水庫:洩洪中")
    }

    @Test func isoLatin1IsDecodedAsDeclared() throws {
        let message = try CAPParser.parse(try Corpus.data("signed/gcl_earthquake-iso8859-1.cap"))
        #expect(message.infos.first?.headline?.contains("Usulután") == true)
    }

    @Test func namespacePrefixIsAccepted() throws {
        let message = try CAPParser.parse(try Corpus.data("valid/gcl_australia.cap"))
        #expect(message.infos.count == 2)
    }

    @Test func messageWithoutInfoParses() throws {
        let message = try CAPParser.parse(try Corpus.data("valid/gcl_no_optional_fields.cap"))
        #expect(message.infos.isEmpty)
    }

    @Test func testStatusIsReadNotTrusted() throws {
        #expect(try CAPParser.parse(try Corpus.data("signed/cpl_pagasa_status_test.cap")).status == .test)
    }

    @Test(arguments: ["2026-11-25T14:30:00Z", "2026-11-25T14:30:00.5+09:00", "2026-11-25 14:30:00+09:00", "2026-11-25T14:30+09:00"])
    func cap12TimesMustHaveTheStandardForm(_ sent: String) throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
              <identifier>X</identifier><sender>s@example.org</sender><sent>\(sent)</sent>
              <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
            </alert>
            """
        #expect {
            try CAPParser.parse(Data(xml.utf8))
        } throws: { error in
            (error as? CAPParser.Rejection)?.reason.contains("<sent>") == true
        }
    }

    @Test func malformedXMLIsRejectedWithALine() throws {
        let xml = "<?xml version=\"1.0\"?>\n<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">\n<identifier>X</identifier>\n<sender>oops</send>\n</alert>"
        #expect {
            try CAPParser.parse(Data(xml.utf8))
        } throws: { error in
            guard let rejection = error as? CAPParser.Rejection else { return false }
            return rejection.line == 4 && rejection.reason.contains("not well-formed")
        }
    }

    @Test func billionLaughsIsRefusedUnparsed() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol2;</identifier></alert>
            """
        #expect(throws: CAPParser.Rejection.self) { try CAPParser.parse(Data(xml.utf8)) }
    }
}
