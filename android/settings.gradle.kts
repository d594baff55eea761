// Standalone build of the stskit Android library module. To use it inside an app project instead,
// `include(":stskit")` and `project(":stskit").projectDir = file("<path>/stskit/android")` there.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "stskit-android"
