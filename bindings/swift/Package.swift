// swift-tools-version:5.9
// StsKit: the Swift wrapper of libstskit (a blocking AWS STS client with a C ABI).
//
// This package builds and tests the wrapper against a host-built libstskit (macOS or Linux).
// Apps on iOS use ../../ios/Package.swift instead, which takes the same Swift sources and links
// StsKitFFI.xcframework.
//
// Where the library is found: the directory in STSKIT_LIB_DIR, else <repo>/target/debug (what
// `cargo build --lib` produces). If that directory holds both libstskit.a and the shared library
// (.so / .dylib), the linker picks the shared one and the rpath below finds it at run time; a
// directory holding only libstskit.a links it statically, as an iOS app does.
import Foundation
import PackageDescription

let packageDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let libraryDirectory = ProcessInfo.processInfo.environment["STSKIT_LIB_DIR"]
    ?? packageDirectory.appendingPathComponent("../../target/debug").standardizedFileURL.path

let package = Package(
    name: "StsKit",
    platforms: [.macOS(.v10_15), .iOS(.v13)],
    products: [
        .library(name: "StsKit", targets: ["StsKit"]),
    ],
    targets: [
        // The C ABI: a module map over a copy of include/stskit.h, linking libstskit.
        .systemLibrary(name: "CStsKit", path: "Sources/CStsKit"),
        .target(
            name: "StsKit",
            dependencies: ["CStsKit"],
            path: "Sources/StsKit",
            linkerSettings: [
                .unsafeFlags(["-L", libraryDirectory, "-Xlinker", "-rpath", "-Xlinker", libraryDirectory]),
                // What the Rust standard library of a static libstskit.a needs on Linux
                // (`rustc --print native-static-libs`; on Apple platforms it is only libSystem).
                .linkedLibrary("gcc_s", .when(platforms: [.linux])),
                .linkedLibrary("util", .when(platforms: [.linux])),
                .linkedLibrary("rt", .when(platforms: [.linux])),
                .linkedLibrary("pthread", .when(platforms: [.linux])),
                .linkedLibrary("m", .when(platforms: [.linux])),
                .linkedLibrary("dl", .when(platforms: [.linux])),
            ]
        ),
        .testTarget(
            name: "StsKitTests",
            dependencies: ["StsKit"],
            path: "Tests/StsKitTests"
        ),
    ]
)
