// swift-tools-version:6.0
import PackageDescription

/// Machinaka: a pure core that decides what to show, a layout target that sets text,
/// a renderer that alone touches SDL, and a thin `machinaka` executable that wires them.
let package = Package(
    name: "Machinaka",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "machinaka", targets: ["machinaka"]),
        .library(name: "MachinakaCore", targets: ["MachinakaCore"]),
        // For the fuzzers in Tests/Fuzz, a package of their own.
        .library(name: "MachinakaLayout", targets: ["MachinakaLayout"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Tests only: property-based checks of the scheduler over generated feeds.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // C libraries from Debian's -dev packages.
        .systemLibrary(
            name: "CSDL2", pkgConfig: "sdl2",
            providers: [.apt(["libsdl2-dev"])]),
        .systemLibrary(
            name: "CSDL2TTF", pkgConfig: "SDL2_ttf",
            providers: [.apt(["libsdl2-ttf-dev"])]),
        .systemLibrary(
            name: "CSDL2Image", pkgConfig: "SDL2_image",
            providers: [.apt(["libsdl2-image-dev"])]),
        .systemLibrary(
            name: "CICU", pkgConfig: "icu-uc",
            providers: [.apt(["libicu-dev"])]),
        // glibc's malloc.h: the allocator policy a long-running player needs.
        .systemLibrary(name: "CMalloc"),
        // libmosquitto: alerts from the city's MQTT broker.
        .systemLibrary(
            name: "CMosquitto", pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"])]),
        .systemLibrary(
            name: "CCMark", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CQREncode", pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(
            name: "CXMLSec", pkgConfig: "xmlsec1-openssl",
            providers: [.apt(["libxmlsec1-dev", "libxmlsec1-openssl"])]),
        // libXext: the X server's display power (DPMS) for the power schedule.
        .systemLibrary(
            name: "CXext", pkgConfig: "xext",
            providers: [.apt(["libxext-dev"])]),
        // libcurl's headers (Debian's libcurl4-openssl-dev): the one HTTP client, for JMA's feeds
        // (`jma-pull`). Headers only: CHTTPGet loads the library for the first GET, not linked.
        .systemLibrary(name: "CCurl"),
        // FFmpeg's headers: clips in media/ (libavformat, libavcodec, libswscale, libavutil from
        // Debian's libavformat-dev, libavcodec-dev and libswscale-dev). Headers only: the
        // libraries are loaded by CClip when the first clip is opened, not linked.
        .systemLibrary(name: "CFFmpeg"),
        // FFmpeg's error codes are macros, its I/O callbacks read a descriptor, and its libraries
        // are loaded on first use: a little C.
        .target(name: "CClip", dependencies: ["CFFmpeg"]),
        // libcurl's setters are variadic, which Swift cannot call: one GET, set up in C (and
        // libcurl loaded for it).
        .target(name: "CHTTPGet", dependencies: ["CCurl"]),
        // XML-DSig checks of alert messages: xmlsec's C names are macros Swift cannot import.
        .target(name: "CSignature", dependencies: ["CXMLSec", "CLibXML2"]),
        // ICU renames its C entry points by version macros; a tiny C target calls them for Swift.
        .target(name: "CLineBreak", dependencies: ["CICU"]),
        // openat2(2), which glibc does not wrap and Swift cannot reach through variadic syscall(2).
        .target(name: "CPOSIX"),
        // The POSIX wall: checked system calls, the one safe way to open a feed file, tree walks.
        .target(name: "MachinakaPOSIX", dependencies: ["CPOSIX", "CMalloc"]),

        // Clips: probing and decoding with FFmpeg, on threads of their own. No SDL.
        .target(name: "MachinakaVideo", dependencies: ["CFFmpeg", "CClip", "MachinakaPOSIX"]),

        // The pure core: content model, feed, schedule, scene description. No SDL, no clock.
        .target(
            name: "MachinakaCore",
            dependencies: [
                "MachinakaPOSIX", "MachinakaVideo", "CCMark", "CLibXML2", "CSignature",
                .product(name: "Yams", package: "Yams"),
            ]),
        // Linux interfaces the player lives on: inotify, sd_notify, the loopback HTTP server, the allocator.
        .target(
            name: "MachinakaSystem",
            dependencies: ["MachinakaCore", "MachinakaPOSIX", "CMalloc", "CMosquitto", "CHTTPGet", "CXext", .product(name: "Logging", package: "swift-log")]),
        // Proof of play: what was shown, kept in SQLite.
        .target(
            name: "MachinakaRecords",
            dependencies: ["MachinakaCore", .product(name: "GRDB", package: "GRDB.swift")]),
        // Text layout and slide composition, behind a measuring protocol.
        .target(name: "MachinakaLayout", dependencies: ["MachinakaCore", "CLineBreak", "CQREncode"]),
        // The only code that imports SDL.
        .target(
            name: "MachinakaRender",
            dependencies: ["MachinakaCore", "MachinakaLayout", "MachinakaPOSIX", "MachinakaVideo", "CSDL2", "CSDL2TTF", "CSDL2Image"]),
        // The player as a library: the frame loop on an injected clock and waiter, feed and
        // alert wiring, status, proof of play, the jobs behind play, render and check.
        .target(
            name: "MachinakaPlayer",
            dependencies: [
                "MachinakaCore", "MachinakaPOSIX", "MachinakaLayout", "MachinakaRender", "MachinakaSystem", "MachinakaRecords",
                .product(name: "Logging", package: "swift-log"),
            ]),
        // The benchmarks behind `machinaka bench`: figures from a command, never from timed tests.
        .target(
            name: "MachinakaBench",
            dependencies: ["MachinakaPlayer", "MachinakaPOSIX", "MachinakaSystem", .product(name: "Logging", package: "swift-log")]),
        // The thin shell: each subcommand parses its options and calls the library.
        .executableTarget(
            name: "machinaka",
            dependencies: [
                "MachinakaCore", "MachinakaPlayer", "MachinakaBench", "MachinakaRender", "MachinakaRecords", "MachinakaSystem", "MachinakaPOSIX",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Linked by lld (the toolchain's own) with its relative relocations packed: gold's
            // 2.1 MB table of them was read at every start and stayed resident; packed, 18 kB
            // (executable 22.7-23.1 → 20.4-20.9 MB resident on the sample feed). Needs glibc
            // 2.36 (Debian 12).
            linkerSettings: [.unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"])]),

        .testTarget(
            name: "MachinakaCoreTests",
            dependencies: ["MachinakaCore", "MachinakaPOSIX", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "MachinakaPOSIXTests", dependencies: ["MachinakaPOSIX"]),
        // libavutil linked for its display-matrix makers, which the tests read matrices from.
        .testTarget(name: "MachinakaVideoTests", dependencies: ["MachinakaVideo", "MachinakaPOSIX"],
                    linkerSettings: [.linkedLibrary("avutil")]),
        .testTarget(
            name: "MachinakaSystemTests",
            dependencies: ["MachinakaSystem", "MachinakaBench", "MachinakaPOSIX", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "MachinakaRecordsTests", dependencies: ["MachinakaRecords"]),
        .testTarget(name: "MachinakaLayoutTests", dependencies: ["MachinakaLayout"]),
        // The golden PNGs are read by path (#filePath), not bundled.
        .testTarget(name: "MachinakaRenderTests", dependencies: ["MachinakaRender", "MachinakaLayout"], exclude: ["Golden"]),
        .testTarget(name: "MachinakaPlayerTests", dependencies: ["MachinakaPlayer", "MachinakaSystem", "MachinakaPOSIX"], exclude: []),
        .testTarget(name: "machinakaTests", dependencies: ["machinaka", "MachinakaCore", "MachinakaRecords", "MachinakaBench", "MachinakaSystem"]),
    ]
)
