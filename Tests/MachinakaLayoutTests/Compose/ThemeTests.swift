import MachinakaCore
import MachinakaLayout
import Testing

@Suite struct ThemeTests {
    @Test(arguments: Theme.all)
    func everyTextColourMeetsAAA(_ theme: Theme) {
        #expect(theme.text.contrast(with: theme.background) >= 7, "\(theme.name) body")
        #expect(theme.headerText.contrast(with: theme.headerBackground) >= 7, "\(theme.name) header")
        #expect(theme.badgeText.contrast(with: theme.badgeBackground) >= 7, "\(theme.name) badge")
        // Data boards set every tone on the background and on cards.
        for ground in [theme.background, theme.card] {
            for tone in [BoardSlide.Tone.normal, .muted, .good, .caution, .warning, .saturday, .holiday] {
                #expect(theme.colour(of: tone).contrast(with: ground) >= 7, "\(theme.name) \(tone) on \(ground)")
            }
        }
        #expect(theme.warningFillText.contrast(with: theme.warningFill) >= 7, "\(theme.name) stale notice")
        #expect(theme.highlightText.contrast(with: theme.highlight) >= 7, "\(theme.name) changed number")
    }

    @Test func contrastFormula() {
        #expect(abs(RGBA(0, 0, 0).contrast(with: RGBA(255, 255, 255)) - 21) < 0.01)
        #expect(RGBA(hex: "#0B2E5C") == RGBA(0x0B, 0x2E, 0x5C))
        #expect(RGBA(hex: "nope") == nil)
    }

    @Test func unknownThemeFallsBackToStandard() {
        #expect(Theme.named("sparkly") == Theme.standard)
        #expect(Theme.named("dark") == Theme.dark)
    }
}
