//! Review rules as tests: every exported C function and every JNI native method runs its body
//! inside the panic boundary, so a panic can never unwind into (and abort) the host game or app.

use std::path::Path;

/// Scans the files of `dir` for exported functions (lines where `is_export` holds) and returns
/// how many there are and those whose body does not start with `boundary`.
fn scan(dir: &str, is_export: impl Fn(&str) -> bool, boundary: &str) -> (usize, Vec<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut exported = 0;
    let mut offenders = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !is_export(line) {
                continue;
            }
            exported += 1;
            // The signature may span lines; the body starts after the line ending in '{'.
            let open = (i..lines.len()).find(|&j| lines[j].trim_end().ends_with('{')).unwrap();
            let first = lines[open + 1].trim_start();
            if !first.starts_with(boundary) {
                offenders.push(format!("{}:{}: {}", path.display(), open + 2, first));
            }
        }
    }
    (exported, offenders)
}

#[test]
fn every_exported_c_function_starts_with_the_panic_boundary() {
    let (exported, offenders) = scan("src/ffi", |l| l.trim() == "#[no_mangle]", "boundary(");
    assert!(exported > 50, "found only {exported} exported functions: is the scan broken?");
    assert!(offenders.is_empty(), "exported functions without the panic boundary:\n{}", offenders.join("\n"));
}

#[test]
fn every_jni_native_method_runs_inside_with_env() {
    let (exported, offenders) = scan("src/jni", |l| l.contains("extern \"system\" fn Java_"), "env.with_env(");
    assert!(exported >= 15, "found only {exported} native methods: is the scan broken?");
    assert!(offenders.is_empty(), "native methods outside with_env:\n{}", offenders.join("\n"));
}
