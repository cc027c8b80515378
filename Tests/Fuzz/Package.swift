// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets for what a feed file or an alert can hold. Built and run by `run.sh`
/// with `-sanitize=fuzzer,address`; not part of the main package, whose `swift build` they
/// would break (libFuzzer brings its own `main`).
let package = Package(
    name: "MachinakaFuzz",
    dependencies: [.package(name: "Machinaka", path: "../..")],
    targets: [
        .target(name: "CFuzz"),
        .target(name: "FuzzSupport", dependencies: ["CFuzz", .product(name: "MachinakaCore", package: "Machinaka")]),
        .executableTarget(name: "FuzzNotice", dependencies: ["FuzzSupport", .product(name: "MachinakaCore", package: "Machinaka")]),
        .executableTarget(name: "FuzzCAP", dependencies: ["FuzzSupport", .product(name: "MachinakaCore", package: "Machinaka")]),
        .executableTarget(name: "FuzzConfig", dependencies: ["FuzzSupport", .product(name: "MachinakaCore", package: "Machinaka")]),
        .executableTarget(name: "FuzzImageHeader", dependencies: ["FuzzSupport", .product(name: "MachinakaCore", package: "Machinaka")]),
        .executableTarget(name: "FuzzLayout", dependencies: ["FuzzSupport", 
            .product(name: "MachinakaCore", package: "Machinaka"), .product(name: "MachinakaLayout", package: "Machinaka"),
        ]),
    ]
)
