// swift-tools-version:5.9
// StsKit for iOS apps: the StsKit Swift module over StsKitFFI.xcframework (libstskit.a for
// device and simulator, with the C header).
//
// Build the XCFramework first, on a Mac: `ios/build-xcframework.sh` (writes
// ios/StsKitFFI.xcframework). Then add this folder to the app as a local package (Xcode: File >
// Add Package Dependencies... > Add Local...) or as `.package(path: ".../stskit/ios")`, and depend
// on the product "StsKit". The Swift sources are those of bindings/swift (Sources/StsKit is a
// symlink to them): one source of truth.
//
// For a release, zip the XCFramework and switch the binary target to
// `.binaryTarget(name: "StsKitFFI", url: "https://.../StsKitFFI.xcframework.zip", checksum: "...")`
// (`swift package compute-checksum StsKitFFI.xcframework.zip`).
import PackageDescription

let package = Package(
    name: "StsKit",
    platforms: [.iOS(.v13)],
    products: [
        .library(name: "StsKit", targets: ["StsKit"]),
    ],
    targets: [
        .binaryTarget(name: "StsKitFFI", path: "StsKitFFI.xcframework"),
        .target(
            name: "StsKit",
            dependencies: ["StsKitFFI"],
            path: "Sources/StsKit"
        ),
    ]
)
