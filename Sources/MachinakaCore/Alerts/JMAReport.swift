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
    /// The phenomenon an R06 report speaks for (大雨, 土砂, 高潮, 暴風, 波浪, 大雪, その他注意報);
    /// nil for a transitional report.
    public var phenomenon: String?
    var inForce: [JMAFormat.InForce]
    var context: JMAFormat.Context

    /// A transitional report: shown only where no R06 report speaks.
    public var isTransitional: Bool { phenomenon == nil }

    /// The phenomena of the kinds in force in this report.
    public var phenomena: Set<String> { Set(inForce.flatMap(\.kinds).map(\.phenomenon)) }

    /// `message` without the kinds whose phenomenon is in `covered` (its areas left with none
    /// dropped): what a transitional report still has to say beside the R06 reports.
    public func folding(_ message: CAPMessage, covered: Set<String>) -> CAPMessage {
        var folded = message
        let remaining = inForce.map { area in
            var area = area
            area.kinds.removeAll { covered.contains($0.phenomenon) }
            return area
        }
        folded.infos = JMAFormat.infos(remaining, context)
        return folded
    }
}
