import Foundation

/// The machine the figures come from, and what the benchmarks read of processes on it.
public enum Machine {
    /// This very executable, to start players from.
    public static var executable: URL {
        let url = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : (Bundle.main.executableURL ?? url)
    }

    /// The first number after `key` in a /proc table (`VmRSS:\t 61234 kB`), or nil.
    public static func number(_ key: String, in file: String) -> Double? {
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").first { $0.hasPrefix(key) }
            .flatMap { $0.dropFirst(key.count).split(whereSeparator: \.isWhitespace).first.flatMap { Double($0) } }
    }

    /// A `key: value kB` field of a process's /proc status file (or any /proc table), in MB.
    public static func megabytes(_ key: String, in file: String) -> Double {
        (number(key, in: file) ?? 0) / 1024
    }

    /// The model of the CPU and how many cores: the line every figure comes with.
    public static func describe() -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last!.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores"
    }
}
