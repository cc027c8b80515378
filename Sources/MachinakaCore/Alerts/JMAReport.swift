import Foundation

/// What a JMA weather report speaks for, kept with its message so that `AlertBoard` shows one
/// publication once: since 2026 JMA sends each publication as R06 reports (one per phenomenon)
/// and as transitional reports (VPWW53, VPWW54, 土砂災害警戒情報) that speak for every
/// phenomenon at once. A transitional report's kinds are shown only for phenomena that no R06
/// report of its office speaks for; the R06 report, the richer one (its levels, its new names),
/// wins.
public struct JMAReport: Equatable, Hashable, Sendable {
    /// The office that issued it (`EditorialOffice`): R06 and transitional reports of one
    /// publication share it.
    public var office: String
    /// The forecast region (府県予報区 code) it is for, "" when it names none.
    public var region: String
    /// Actual, Exercise or Test: a drill's copies fold only into a drill.
    public var status: CAPMessage.Status
    /// The phenomenon an R06 report speaks for (大雨, 土砂, 高潮, 暴風, 波浪, 大雪, その他注意報);
    /// nil for a transitional report.
    public var phenomenon: String?
    var inForce: [JMAFormat.InForce]
    var context: JMAFormat.Context

    /// A transitional report: shown only where no R06 report speaks.
    public var isTransitional: Bool { phenomenon == nil }

    /// The phenomena of the kinds in force in this report.
    public var phenomena: Set<String> { Set(inForce.flatMap(\.kinds).map(\.phenomenon)) }

    /// The R06 phenomena that speak for a transitional kind's phenomenon: the old 大雨 warnings
    /// stood for both 浸水 and 土砂災害, which R06 reports as 大雨 and 土砂.
    static func speakers(of phenomenon: String) -> Set<String> {
        phenomenon == "大雨" ? ["大雨", "土砂"] : [phenomenon]
    }

    /// How strong a kind is: its 警戒レベル, then its class.
    static func strength(_ kind: JMAFormat.Kind) -> (Int, Int) {
        (kind.level ?? 0, 3 - kind.klass.rank)
    }

    /// Whether this report and `other` are about the same office's same forecast region (a
    /// report that names no region, such as 土砂災害警戒情報, matches any of its office's).
    func isSameRegion(as other: JMAReport) -> Bool {
        office == other.office && (region.isEmpty || other.region.isEmpty || region == other.region)
    }

    /// `message` with what the R06 reports in `covering` say for it folded away: a kind of this
    /// transitional report goes when an R06 report speaks for its phenomenon and says, for the
    /// same area, something as strong or stronger. A kind stronger than what the R06 reports
    /// say stays — an R06 report lost on the way must not leave a newer 特別警報 unseen — and
    /// so does every kind no R06 report speaks for.
    public func folding(_ message: CAPMessage, covering reports: [JMAReport]) -> CAPMessage {
        var folded = message
        let remaining = inForce.map { area in
            var area = area
            let codes = Set(area.codes.map(\.value))
            area.kinds.removeAll { kind in
                let speakers = Self.speakers(of: kind.phenomenon)
                let covering = reports.filter { speakers.contains($0.phenomenon ?? "") }
                guard !covering.isEmpty else { return false }
                let said = covering.flatMap(\.inForce).filter { !codes.isDisjoint(with: $0.codes.map(\.value)) }
                    .flatMap(\.kinds).filter { speakers.contains($0.phenomenon) }
                guard let strongest = said.max(by: { Self.strength($0) < Self.strength($1) }) else {
                    // The R06 reports say nothing is in force here: it is lifted, unless this
                    // report says more than an advisory.
                    return kind.klass == .advisory
                }
                return Self.strength(kind) <= Self.strength(strongest)
            }
            return area
        }
        folded.infos = JMAFormat.infos(remaining, context)
        return folded
    }
}
