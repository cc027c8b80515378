import Foundation
import MachinakaCore

/// Data files at the limits a feed allows (`Limits.dataRows` rows, under `Limits.dataBytes`),
/// current at `now`, and a rotation of only those boards: what a benchmark puts on screen to
/// show that no data file, however large within the limits, delays an alert. `stampedAhead`
/// dates the files' `updated` that far ahead (a writer with JST taken for UTC); `rotation`
/// false leaves the playlists alone (the soak).
enum LargestBoards {
    static func write(into root: String, now: Date, stampedAhead: TimeInterval = 0, rotation: Bool = true) throws {
        let rows = Limits.dataRows
        let zone = FeedTime.defaultTimeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let day = calendar.dateComponents([.year, .month, .day], from: now)
        let date = String(format: "%04d-%02d-%02d", day.year!, day.month!, day.day!)
        let stamp = ISO8601DateFormatter.string(from: now.addingTimeInterval(stampedAhead), timeZone: zone, formatOptions: [.withInternetDateTime])
        let areas = ["中央区", "緑区", "南区"]
        let departments = ["内科", "小児科", "外科", "歯科", "眼科", "耳鼻咽喉科"]

        var clinics = "date,department,name,address,phone,hours,area\n"
        for index in 0..<rows {
            clinics += "\(date),\(departments[index % 6]),相模原第\(index)クリニック,相模原市中央区中央\(index % 9 + 1)-\(index % 30 + 1),042-000-\(String(format: "%04d", index % 10_000)),09:00-17:00,\(areas[index % 3])\n"
        }
        var shelters = "name,area,status,capacity,occupancy,updated\n"
        for index in 0..<rows {
            shelters += "相模原市立第\(index)小学校,\(areas[index % 3]),開設,400,\(index % 400),\(stamp)\n"
        }
        var counters: [String] = []
        for index in 0..<rows {
            counters.append(#"{"id":"\#(index)","name":"窓口\#(index)","serving":\#(100 + index),"waiting":\#(index % 20),"wait_minutes":\#(index % 60),"status":"open"}"#)
        }
        let json = #"{"updated":"\#(stamp)","counters":["# + counters.joined(separator: ",") + "]}"
        for (name, text) in [("clinics.csv", clinics), ("shelters.csv", shelters), ("counters.json", json)] {
            guard text.utf8.count <= Limits.dataBytes else { throw BenchError("The generated \(name) is over the data limit.") }
            try text.write(toFile: root + "/data/" + name, atomically: true, encoding: .utf8)
        }
        guard rotation else { return }
        try """
            default_duration: 15s
            items:
              - board: clinics
                data: data/clinics.csv
                evening_before: none
              - board: shelters
                data: data/shelters.csv
            """.write(toFile: root + "/playlists/main.yml", atomically: true, encoding: .utf8)
    }
}
