// stskit as an Android library (AAR): the Kotlin sources of bindings/kotlin (one source of truth)
// plus libstskit.so per ABI in src/main/jniLibs, built by ./build-native.sh (cargo-ndk, NDK).
plugins {
    id("com.android.library") version "8.7.3"
    id("org.jetbrains.kotlin.android") version "2.1.20"
}

android {
    namespace = "dev.stskit"
    compileSdk = 35

    defaultConfig {
        minSdk = 21
        // Shipped inside the AAR: keeps what the JNI glue calls by name in apps that minify.
        consumerProguardFiles("consumer-rules.pro")
    }

    sourceSets {
        getByName("main") {
            java.srcDir("../bindings/kotlin/src/main/kotlin")
            jniLibs.srcDir("src/main/jniLibs")
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_1_8
        targetCompatibility = JavaVersion.VERSION_1_8
    }

    kotlinOptions {
        jvmTarget = "1.8"
    }
}

dependencies {
    // Dispatchers.IO for the suspend variants; kotlinx-coroutines-android adds Dispatchers.Main.
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.10.1")
}
