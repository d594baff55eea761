//! Review rule as a test: every exported C function runs its body inside the panic boundary, so a
//! panic can never unwind into (and abort) the host game.

use std::path::Path;

#[test]
fn every_exported_function_starts_with_the_panic_boundary() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ffi");
    let mut exported = 0;
    let mut offenders = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.trim() != "#[no_mangle]" {
                continue;
            }
            exported += 1;
            // The signature may span lines; the body starts after the line ending in '{'.
            let open = (i + 1..lines.len()).find(|&j| lines[j].trim_end().ends_with('{')).unwrap();
            let first = lines[open + 1].trim_start();
            if !first.starts_with("boundary(") {
                offenders.push(format!("{}:{}: {}", path.display(), open + 2, first));
            }
        }
    }
    assert!(exported > 50, "found only {exported} exported functions: is the scan broken?");
    assert!(offenders.is_empty(), "exported functions without the panic boundary:\n{}", offenders.join("\n"));
}
