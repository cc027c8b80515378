@testable import MachinakaLayout
import Testing

/// The memo of units found: when it fills it forgets its oldest entries, never the newest (it
/// emptied itself, often in the middle of fitting an alert, whose next size then found nothing).
@Suite struct UnitsMemoTests {
    static func key(_ number: Int) -> UnitsMemo.Key {
        UnitsMemo.Key(text: Array("第\(number)報".utf8), japanese: true, rules: 1, names: 1)
    }

    @Test func theNewestEntriesOutliveAFullMemo() {
        let memo = UnitsMemo()
        let units = KeepTogether.Units(forbidden: [1])
        let recent = UnitsMemo.generation / 2
        for number in 0..<(UnitsMemo.generation * 5) {
            memo.store(units, for: Self.key(number))
            // However the tables turned over, the entries just stored are there.
            if number >= recent {
                #expect(memo.units(for: Self.key(number - recent)) == units, "entry \(number - recent) after \(number)")
            }
        }
        // And the oldest are gone: the memo is bounded.
        #expect(memo.units(for: Self.key(0)) == nil)
    }

    @Test func anEntryLookedUpIsKeptWithTheNewest() {
        let memo = UnitsMemo()
        let units = KeepTogether.Units(forbidden: [2])
        memo.store(units, for: Self.key(-1))
        for number in 0..<(UnitsMemo.generation * 5) {
            memo.store(units, for: Self.key(number))
            // The text being fitted is asked for again and again.
            #expect(memo.units(for: Self.key(-1)) == units, "after \(number) others")
        }
    }
}
