import Foundation
import GRDB
import MachinakaCore

/// A tombstone as stored: `sent` as seconds since 1970, the key CAP references compare.
struct StoredTombstone: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "tombstone"
    var sender: String
    var identifier: String
    var sent: Double
    var by: String
    var cancelled: Bool
    var until: Date

    init(_ stone: Tombstone) {
        sender = stone.reference.sender
        identifier = stone.reference.identifier
        sent = stone.reference.sent.timeIntervalSince1970
        by = stone.by
        cancelled = stone.cancelled
        until = stone.until
    }

    var tombstone: Tombstone {
        Tombstone(reference: CAPReference(sender: sender, identifier: identifier, sent: Date(timeIntervalSince1970: sent)),
                  by: by, cancelled: cancelled, until: until)
    }
}

extension PlayLog {
    /// Remembers cancellations and replacements, so that a Cancel deleted from `alerts/` does not
    /// bring its alert back, even after a restart. A cancellation is never weakened to a
    /// replacement, and the later of two expiries is kept.
    public func remember(_ tombstones: [Tombstone]) throws {
        guard !tombstones.isEmpty else { return }
        try database.write { db in
            for stone in tombstones {
                var stored = StoredTombstone(stone)
                if let known = try StoredTombstone.fetchOne(db, key: ["sender": stored.sender, "identifier": stored.identifier, "sent": stored.sent]) {
                    stored.cancelled = stored.cancelled || known.cancelled
                    stored.by = known.cancelled && !stone.cancelled ? known.by : stored.by
                    stored.until = max(stored.until, known.until)
                }
                try stored.save(db)
            }
        }
    }

    /// The tombstones still in force at `now`; those whose message has expired are deleted.
    public func tombstones(at now: Date) throws -> [Tombstone] {
        try database.write { db in
            try StoredTombstone.filter(Column("until") <= now).deleteAll(db)
            return try StoredTombstone.fetchAll(db).map(\.tombstone)
        }
    }
}
