//! The Smithy awsQuery protocol tests (botocore's JSON form, in
//! `../shared/vectors/protocol/awsquery`), run against stskit's public `QueryWriter`,
//! `XmlDoc`, `parse_timestamp` and error path.
//!
//! The vectors are the spec. A case runs when its shapes use only what STS uses; every other
//! case is in an explicit skip list with its reason. The test also derives the set of
//! unsupported cases from the shapes and traits on its own and requires it to equal the skip
//! list, and requires exact run counts, so a case can neither be skipped silently nor stay on
//! the list after it became runnable.
//!
//! Request bodies are compared byte for byte with `serialized.body`: the README says
//! serialising `params` "must give exactly `serialized.body`", so no decode-and-compare
//! fallback is used (none of the cases that run needs one).
//!
//! Enums: botocore's conversion gives a string enum as a `string` shape with an `enum` list
//! and an int enum as a plain `integer` shape. awsQuery writes and reads both exactly like
//! strings and integers, so such cases run as strings and integers; nothing enum-specific is
//! assumed.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use stskit::{parse_timestamp, Client, Credentials, ErrorKind, QueryWriter, RetryConfig, XmlDoc};

// ---------------------------------------------------------------------------------------------
// Skip lists (case id, reason). Must equal what the shape scan finds unsupported.

const SKIPPED_INPUT: &[(&str, &str)] = &[
    ("AwsQueryEndpointTrait", "endpoint hostPrefix (STS has no host prefixes)"),
    ("AwsQueryEndpointTraitWithHostLabel", "endpoint hostPrefix with host label (STS has no host prefixes)"),
    ("SDKAppliedContentEncoding_awsQuery", "gzip request compression (STS has none); the case has no body to compare"),
    (
        "SDKAppendsGzipAndIgnoresHttpProvidedEncoding_awsQuery",
        "gzip request compression (STS has none); the case has no body to compare",
    ),
    ("QueryProtocolIdempotencyTokenAutoFill", "idempotency token auto-fill (no STS input has one)"),
    ("QueryProtocolIdempotencyTokenAutoFillIsSet", "idempotency token member (no STS input has one)"),
    ("FlattenedQueryLists", "flattened list (STS lists are all Name.member.N)"),
    ("QueryListArgWithXmlNameMember", "list member with xmlName (STS lists use the default 'member')"),
    ("QueryFlattenedListArgWithXmlName", "flattened list with xmlName (STS lists are all Name.member.N)"),
    ("QuerySimpleQueryMaps", "map (no STS input has maps)"),
    ("QuerySimpleQueryMapsWithXmlName", "map with xmlName (no STS input has maps)"),
    ("QueryComplexQueryMaps", "map of structures (no STS input has maps)"),
    ("QueryEmptyQueryMaps", "empty map (no STS input has maps)"),
    ("QueryQueryMapWithMemberXmlName", "map with key/value xmlName (no STS input has maps)"),
    ("QueryFlattenedQueryMaps", "flattened map (no STS input has maps)"),
    ("QueryFlattenedQueryMapsWithXmlName", "flattened map with xmlName (no STS input has maps)"),
    ("QueryQueryMapOfLists", "map of lists (no STS input has maps)"),
    ("QueryNestedStructWithMap", "map nested in a structure (no STS input has maps)"),
    ("QueryTimestampsInput", "timestamp inputs (no STS input is a timestamp)"),
    ("QuerySimpleInputParamsFloat", "double input (no STS input is a float/double)"),
    ("QuerySimpleInputParamsBlob", "blob input (no STS input is a blob)"),
    ("AwsQuerySupportsNaNFloatInputs", "float/double NaN (no STS input is a float/double)"),
    ("AwsQuerySupportsInfinityFloatInputs", "float/double Infinity (no STS input is a float/double)"),
    ("AwsQuerySupportsNegativeInfinityFloatInputs", "float/double -Infinity (no STS input is a float/double)"),
];
/// Cases that apply to STS: empty/no input, nested and recursive structures, lists of strings
/// and of structures, an empty list, a list in a structure, strings, booleans, integers, a
/// string enum and an int enum (see the module comment), and a host with a path (body only).
const EXPECTED_INPUT_RUN: usize = 14;

const SKIPPED_OUTPUT: &[(&str, &str)] = &[
    (
        "QueryEmptyInputAndEmptyOutput",
        "no response body: STS always sends a <{Op}Response> envelope and stskit rejects an empty 2xx body",
    ),
    ("QueryNoInputAndNoOutput", "no response body: STS always sends a <{Op}Response> envelope"),
    ("QueryNoInputAndOutput", "no response body: STS always sends a <{Op}Response> envelope"),
    ("QueryQueryFlattenedXmlMap", "flattened map (STS outputs have no maps)"),
    ("QueryQueryFlattenedXmlMapWithXmlName", "flattened map with xmlName (STS outputs have no maps)"),
    ("QueryQueryFlattenedXmlMapWithXmlNamespace", "flattened map with namespaces (STS outputs have no maps)"),
    ("QuerySimpleScalarProperties", "float/double/long/boolean outputs (no STS output has them)"),
    ("AwsQuerySupportsNaNFloatOutputs", "float/double NaN (no STS output is a float/double)"),
    ("AwsQuerySupportsInfinityFloatOutputs", "float/double Infinity (no STS output is a float/double)"),
    ("AwsQuerySupportsNegativeInfinityFloatOutputs", "float/double -Infinity (no STS output is a float/double)"),
    ("QueryXmlBlobs", "blob output (no STS output is a blob)"),
    ("QueryXmlEmptyBlobs", "blob output (no STS output is a blob)"),
    ("QueryXmlEmptySelfClosedBlobs", "blob output (no STS output is a blob)"),
    ("QueryXmlEmptyLists", "list outputs (STS outputs have no lists; XmlDoc reads leaves by path)"),
    ("QueryXmlEmptyMaps", "map output (STS outputs have no maps)"),
    ("QueryXmlEmptySelfClosedMaps", "map output (STS outputs have no maps)"),
    ("QueryXmlEnums", "enum lists and maps (STS outputs have no lists or maps)"),
    ("QueryXmlIntEnums", "int enum lists and maps (STS outputs have no lists or maps)"),
    ("QueryXmlLists", "lists, flattened lists, lists of lists (STS outputs have no lists)"),
    ("QueryXmlMaps", "map output (STS outputs have no maps)"),
    ("QueryQueryXmlMapsXmlName", "map with xmlName (STS outputs have no maps)"),
    (
        "QueryXmlNamespaces",
        "the namespaced member 'values' is a list (STS outputs have no lists); namespaces as such are \
         covered by every case that runs (xmlns on the envelope)",
    ),
    ("QueryXmlTimestampsWithEpochSecondsFormat", "epoch-seconds timestamp (STS sends ISO-8601 only)"),
    ("QueryXmlTimestampsWithEpochSecondsOnTargetFormat", "epoch-seconds timestamp (STS sends ISO-8601 only)"),
    ("QueryXmlTimestampsWithHttpDateFormat", "http-date timestamp (STS sends ISO-8601 only)"),
    ("QueryXmlTimestampsWithHttpDateOnTargetFormat", "http-date timestamp (STS sends ISO-8601 only)"),
];
/// Date-time with ±offsets and fractional seconds, default-format and explicit-iso8601
/// timestamps, a string, a wrapper with its own xmlName, recursive nested structures, and the
/// three error cases.
const EXPECTED_OUTPUT_RUN: usize = 12;
const EXPECTED_OUTPUT_ERRORS: usize = 3;

// ---------------------------------------------------------------------------------------------
// A small JSON reader that keeps object members in file order (serde_json's default map is
// sorted, and awsQuery serialises members in model order).

#[derive(Debug, Clone, PartialEq)]
enum J {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    fn get(&self, key: &str) -> Option<&J> {
        match self {
            J::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn str(&self) -> Option<&str> {
        match self {
            J::Str(s) => Some(s),
            _ => None,
        }
    }
    fn s(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(J::str)
    }
    fn obj(&self) -> &[(String, J)] {
        match self {
            J::Obj(m) => m,
            _ => &[],
        }
    }
    fn arr(&self) -> &[J] {
        match self {
            J::Arr(a) => a,
            _ => &[],
        }
    }
    fn truthy(&self, key: &str) -> bool {
        matches!(self.get(key), Some(J::Bool(true)))
    }
}

struct JsonParser<'a> {
    b: &'a [u8],
    i: usize,
}

impl JsonParser<'_> {
    fn parse(text: &str) -> J {
        let mut p = JsonParser { b: text.as_bytes(), i: 0 };
        let v = p.value();
        p.ws();
        assert_eq!(p.i, p.b.len(), "trailing data in JSON");
        v
    }
    fn ws(&mut self) {
        while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) {
        self.ws();
        assert_eq!(self.b.get(self.i), Some(&c), "JSON: expected {:?} at {}", c as char, self.i);
        self.i += 1;
    }
    fn lit(&mut self, s: &str, v: J) -> J {
        assert!(self.b[self.i..].starts_with(s.as_bytes()), "JSON: bad literal at {}", self.i);
        self.i += s.len();
        v
    }
    fn value(&mut self) -> J {
        self.ws();
        match self.b[self.i] {
            b'{' => {
                self.i += 1;
                let mut m = Vec::new();
                self.ws();
                if self.b[self.i] == b'}' {
                    self.i += 1;
                    return J::Obj(m);
                }
                loop {
                    self.ws();
                    let k = self.string();
                    self.eat(b':');
                    let v = self.value();
                    m.push((k, v));
                    self.ws();
                    self.i += 1;
                    match self.b[self.i - 1] {
                        b',' => continue,
                        b'}' => return J::Obj(m),
                        c => panic!("JSON: unexpected {:?} in object", c as char),
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut a = Vec::new();
                self.ws();
                if self.b[self.i] == b']' {
                    self.i += 1;
                    return J::Arr(a);
                }
                loop {
                    a.push(self.value());
                    self.ws();
                    self.i += 1;
                    match self.b[self.i - 1] {
                        b',' => continue,
                        b']' => return J::Arr(a),
                        c => panic!("JSON: unexpected {:?} in array", c as char),
                    }
                }
            }
            b'"' => J::Str(self.string()),
            b't' => self.lit("true", J::Bool(true)),
            b'f' => self.lit("false", J::Bool(false)),
            b'n' => self.lit("null", J::Null),
            _ => {
                let start = self.i;
                while self.i < self.b.len() && matches!(self.b[self.i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    self.i += 1;
                }
                let t = std::str::from_utf8(&self.b[start..self.i]).unwrap();
                J::Num(t.parse().unwrap_or_else(|_| panic!("JSON: bad number {t:?}")))
            }
        }
    }
    fn hex4(&mut self) -> u32 {
        let t = std::str::from_utf8(&self.b[self.i..self.i + 4]).unwrap();
        self.i += 4;
        u32::from_str_radix(t, 16).unwrap()
    }
    fn string(&mut self) -> String {
        self.eat(b'"');
        let mut out = Vec::new();
        loop {
            let c = self.b[self.i];
            self.i += 1;
            match c {
                b'"' => return String::from_utf8(out).unwrap(),
                b'\\' => {
                    let e = self.b[self.i];
                    self.i += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let mut cp = self.hex4();
                            if (0xD800..0xDC00).contains(&cp) && self.b[self.i..].starts_with(b"\\u") {
                                self.i += 2;
                                let lo = self.hex4();
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            }
                            char::from_u32(cp).expect("JSON: bad \\u escape")
                        }
                        other => panic!("JSON: bad escape \\{}", other as char),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                _ => out.push(c),
            }
        }
    }
}

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors/protocol/awsquery")
}

fn load(name: &str) -> J {
    let path = vectors_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    JsonParser::parse(&text)
}

fn shape<'a>(shapes: &'a J, name: &str) -> &'a J {
    shapes.get(name).unwrap_or_else(|| panic!("shape {name} is not defined"))
}

/// The shape a member reference (`{"shape": …, traits…}`) targets.
fn target<'a>(shapes: &'a J, member_ref: &J) -> &'a J {
    shape(shapes, member_ref.s("shape").expect("member reference without a shape"))
}

fn check_skip_list(kind: &str, skip_list: &[(&str, &str)], found: &BTreeSet<String>, all_ids: &BTreeSet<String>) {
    let listed: BTreeSet<String> = skip_list.iter().map(|(id, _)| id.to_string()).collect();
    assert_eq!(listed.len(), skip_list.len(), "{kind}: duplicate ids in the skip list");
    let unknown: Vec<_> = listed.difference(all_ids).collect();
    assert!(unknown.is_empty(), "{kind}: skip list names cases that do not exist: {unknown:?}");
    let not_listed: Vec<_> = found.difference(&listed).collect();
    assert!(
        not_listed.is_empty(),
        "{kind}: cases use unsupported features but are not in the skip list: {not_listed:?}"
    );
    let runnable: Vec<_> = listed.difference(found).collect();
    assert!(runnable.is_empty(), "{kind}: skip list names cases that use only supported features: {runnable:?}");
}

// ---------------------------------------------------------------------------------------------
// Input: request serialisation.

/// Unsupported features reached by `value` through the member reference `member_ref`.
fn scan_input(shapes: &J, member_ref: &J, value: &J, found: &mut Vec<String>) {
    if member_ref.get("locationName").is_some() {
        found.push("member locationName".into());
    }
    if member_ref.truthy("flattened") {
        found.push("flattened".into());
    }
    if member_ref.truthy("idempotencyToken") {
        found.push("idempotency token".into());
    }
    let t = target(shapes, member_ref);
    match t.s("type").unwrap() {
        "structure" => {
            for (name, v) in value.obj() {
                match t.get("members").and_then(|m| m.get(name)) {
                    Some(r) => scan_input(shapes, r, v, found),
                    None => panic!("param {name} is not a member of the structure"),
                }
            }
        }
        "list" => {
            let m = t.get("member").unwrap();
            if m.get("locationName").is_some() {
                found.push("list member xmlName".into());
            }
            if t.truthy("flattened") {
                found.push("flattened".into());
            }
            for item in value.arr() {
                scan_input(shapes, m, item, found);
            }
        }
        "string" | "integer" | "long" | "boolean" => {}
        other => found.push(other.to_owned()),
    }
}

fn input_case_unsupported(shapes: &J, case: &J) -> Vec<String> {
    let given = case.get("given").unwrap();
    let mut found = Vec::new();
    if given.get("endpoint").and_then(|e| e.get("hostPrefix")).is_some() {
        found.push("host prefix".into());
    }
    if given.get("requestcompression").is_some() {
        found.push("request compression".into());
    }
    if case.get("serialized").and_then(|s| s.get("body")).is_none() {
        found.push("no expected body".into());
    }
    if let Some(input) = given.get("input") {
        let t = target(shapes, input);
        // Idempotency tokens are filled in even when the caller sets nothing.
        for (_, r) in t.get("members").map(J::obj).unwrap_or_default() {
            if r.truthy("idempotencyToken") {
                found.push("idempotency token".into());
            }
        }
        scan_input(shapes, input, case.get("params").unwrap(), &mut found);
    } else {
        assert_eq!(case.get("params"), Some(&J::Obj(vec![])), "params without an input shape");
    }
    found
}

/// Writes `value` (of the shape `member_ref` targets) under `key`, the way an STS operation
/// writes its members.
fn write_value(w: &mut QueryWriter, shapes: &J, member_ref: &J, key: &str, value: &J) {
    let t = target(shapes, member_ref);
    match (t.s("type").unwrap(), value) {
        ("structure", _) => write_members(w, shapes, t, &format!("{key}."), value),
        ("list", J::Arr(items)) => {
            let m = t.get("member").unwrap();
            w.list(key, Some(items.as_slice()), |w, prefix, item| write_value(w, shapes, m, prefix, item));
        }
        ("string", J::Str(s)) => w.string(key, s),
        ("integer" | "long", J::Num(n)) => {
            assert_eq!(n.fract(), 0.0, "{key}: integer param {n} has a fraction");
            w.int(key, *n as i64);
        }
        ("boolean", J::Bool(b)) => w.string(key, if *b { "true" } else { "false" }),
        (ty, v) => panic!("{key}: cannot write {v:?} as {ty} (the scan should have skipped this case)"),
    }
}

/// Members of a structure in model order; unset members are omitted.
fn write_members(w: &mut QueryWriter, shapes: &J, structure: &J, prefix: &str, value: &J) {
    for (name, member_ref) in structure.get("members").map(J::obj).unwrap_or_default() {
        if let Some(v) = value.get(name) {
            write_value(w, shapes, member_ref, &format!("{prefix}{name}"), v);
        }
    }
}

#[test]
fn awsquery_input_vectors() {
    let suites = load("input-query.json");
    let (mut run, mut total) = (0, 0);
    let mut found_unsupported = BTreeSet::new();
    let mut all_ids = BTreeSet::new();
    let mut failures = Vec::new();
    for suite in suites.arr() {
        let shapes = suite.get("shapes").unwrap();
        let version = suite.get("metadata").and_then(|m| m.s("apiVersion")).expect("metadata.apiVersion");
        for case in suite.get("cases").unwrap().arr() {
            total += 1;
            let id = case.s("id").unwrap();
            assert!(all_ids.insert(id.to_owned()), "duplicate case id {id}");
            let unsupported = input_case_unsupported(shapes, case);
            if !unsupported.is_empty() {
                found_unsupported.insert(id.to_owned());
                continue;
            }
            let given = case.get("given").unwrap();
            let mut w = QueryWriter::with_version(given.s("name").unwrap(), version);
            if let Some(input) = given.get("input") {
                write_members(&mut w, shapes, target(shapes, input), "", case.get("params").unwrap());
            }
            let expected = case.get("serialized").unwrap().s("body").unwrap();
            if w.as_str() != expected {
                failures.push(format!("{id}:\n  expected {expected}\n  got      {}", w.as_str()));
            }
            run += 1;
        }
    }
    println!(
        "awsQuery input vectors: {total} cases, {run} run, {} skipped, {} failed",
        found_unsupported.len(),
        failures.len()
    );
    for (id, reason) in SKIPPED_INPUT {
        println!("  skipped {id}: {reason}");
    }
    assert!(failures.is_empty(), "request body mismatches:\n{}", failures.join("\n"));
    check_skip_list("input", SKIPPED_INPUT, &found_unsupported, &all_ids);
    assert_eq!(total, 38, "the README promises 38 input cases");
    assert!(run >= EXPECTED_INPUT_RUN, "only {run} input cases ran, expected at least {EXPECTED_INPUT_RUN}");
    assert_eq!(run + SKIPPED_INPUT.len(), total);
}

// ---------------------------------------------------------------------------------------------
// Output: response parsing.

/// Unsupported features reached by the expected `value` of the member `member_ref`.
fn scan_output(shapes: &J, member_ref: &J, value: &J, found: &mut Vec<String>) {
    if member_ref.truthy("flattened") {
        found.push("flattened".into());
    }
    let t = target(shapes, member_ref);
    match t.s("type").unwrap() {
        "structure" => scan_output_members(shapes, t, value, found),
        "string" | "integer" => {}
        "timestamp" => {
            let format = member_ref.s("timestampFormat").or_else(|| t.s("timestampFormat")).unwrap_or("iso8601");
            if format != "iso8601" {
                found.push(format!("{format} timestamp"));
            }
        }
        other => found.push(other.to_owned()),
    }
}

fn scan_output_members(shapes: &J, structure: &J, value: &J, found: &mut Vec<String>) {
    for (name, v) in value.obj() {
        match structure.get("members").and_then(|m| m.get(name)) {
            Some(r) => scan_output(shapes, r, v, found),
            None => panic!("expected member {name} is not in the shape"),
        }
    }
}

fn output_case_unsupported(shapes: &J, case: &J) -> Vec<String> {
    let given = case.get("given").unwrap();
    let mut found = Vec::new();
    if case.get("response").and_then(|r| r.get("body")).is_none() {
        found.push("no response body".into());
        return found;
    }
    if let Some(result) = case.get("result") {
        let out = given.get("output").expect("a result without an output shape");
        scan_output_members(shapes, target(shapes, out), result, &mut found);
    }
    if let Some(error) = case.get("error") {
        assert!(case.s("errorCode").is_some(), "an error case without errorCode");
        let shape_name = given.get("errors").unwrap().arr()[0].s("shape").unwrap();
        scan_output_members(shapes, shape(shapes, shape_name), error, &mut found);
    }
    found
}

fn xml_name<'a>(name: &'a str, member_ref: &'a J) -> &'a str {
    member_ref.s("locationName").unwrap_or(name)
}

/// Compares the members of `structure` found under `prefix` in `doc` with `expected`. A member
/// absent from `expected` must be absent from the document too.
fn compare_members(doc: &XmlDoc, shapes: &J, structure: &J, prefix: &str, expected: &J, errs: &mut Vec<String>) {
    for (name, member_ref) in structure.get("members").map(J::obj).unwrap_or_default() {
        let path = format!("{prefix}/{}", xml_name(name, member_ref));
        let Some(want) = expected.get(name) else {
            if doc.contains(&path) {
                errs.push(format!("{path}: present in the body but not in the expected result"));
            }
            continue;
        };
        let t = target(shapes, member_ref);
        match t.s("type").unwrap() {
            "structure" => {
                if !doc.contains(&path) {
                    errs.push(format!("{path}: structure missing"));
                }
                compare_members(doc, shapes, t, &path, want, errs);
            }
            "string" => {
                if doc.get(&path) != want.str() {
                    errs.push(format!("{path}: expected {want:?}, got {:?}", doc.get(&path)));
                }
            }
            "integer" => {
                let got = doc.get(&path).map(|v| v.trim().parse::<i64>());
                let ok = matches!((&got, want), (Some(Ok(g)), J::Num(n)) if *g as f64 == *n);
                if !ok {
                    errs.push(format!("{path}: expected {want:?}, got {got:?}"));
                }
            }
            "timestamp" => {
                let J::Num(want_secs) = want else { panic!("{path}: timestamp result {want:?} is not a number") };
                match doc.get(&path).map(|v| parse_timestamp(name, v)) {
                    Some(Ok(ts)) => {
                        let got = ts.unix_timestamp_nanos() as f64 / 1e9;
                        // Sub-microsecond slack only for the f64 rounding of a ~1e9 value.
                        if (got - want_secs).abs() > 1e-6 {
                            errs.push(format!("{path}: expected {want_secs}, got {got} ({ts})"));
                        }
                    }
                    other => errs.push(format!("{path}: expected timestamp {want_secs}, got {other:?}")),
                }
            }
            ty => errs.push(format!("{path}: unsupported type {ty} (the scan should have skipped this case)")),
        }
    }
    if let J::Obj(m) = expected {
        for (k, _) in m {
            if structure.get("members").and_then(|ms| ms.get(k)).is_none() {
                errs.push(format!("{prefix}: expected member {k} is not in the shape"));
            }
        }
    }
}

/// Serves one HTTP response on 127.0.0.1 and returns its base URL.
fn serve_once(status: u16, content_type: &str, body: &str) -> (String, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let response = format!(
        "HTTP/1.1 {status} Vector\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
        let mut reader = BufReader::new(stream);
        let mut content_length = 0usize;
        let mut request_line = String::new();
        reader.read_line(&mut request_line).unwrap();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    content_length = v.trim().parse().unwrap();
                }
            }
        }
        let mut req_body = vec![0; content_length];
        reader.read_exact(&mut req_body).unwrap();
        let mut stream = reader.into_inner();
        stream.write_all(response.as_bytes()).unwrap();
        stream.flush().unwrap();
        String::from_utf8(req_body).unwrap()
    });
    (format!("http://127.0.0.1:{port}/"), handle)
}

/// Runs an error case through stskit's real error path: a client call answered with the
/// vector's status and body.
fn check_error_case(shapes: &J, case: &J, errs: &mut Vec<String>) {
    let resp = case.get("response").unwrap();
    let status = resp.get("status_code").and_then(|s| if let J::Num(n) = s { Some(*n as u16) } else { None }).unwrap();
    let body = resp.s("body").unwrap();
    let content_type = resp.get("headers").and_then(|h| h.s("Content-Type")).unwrap_or("text/xml");
    let (url, server) = serve_once(status, content_type, body);
    let client = Client::builder()
        .region("us-east-1")
        .endpoint_url(url)
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .retry(RetryConfig { max_attempts: 1, ..RetryConfig::default() })
        .build()
        .unwrap();
    let result = client.get_caller_identity();
    let sent = server.join().expect("vector server");
    assert!(sent.starts_with("Action=GetCallerIdentity&"), "{sent}");
    let err = match result {
        Ok(r) => return errs.push(format!("expected an error, got {r:?}")),
        Err(e) => e,
    };
    if err.kind() != ErrorKind::Service {
        return errs.push(format!("expected a service error, got {err}"));
    }
    let s = err.service_error().unwrap();
    let want_code = case.s("errorCode").unwrap();
    // No errorMessage in the vector means no <Message>; stskit reports that as "".
    let want_message = case.s("errorMessage").unwrap_or("");
    if s.code != want_code {
        errs.push(format!("code: expected {want_code}, got {}", s.code));
    }
    if s.message != want_message {
        errs.push(format!("message: expected {want_message:?}, got {:?}", s.message));
    }
    if s.http_status != status {
        errs.push(format!("status: expected {status}, got {}", s.http_status));
    }
    if (s.error_type.as_str(), s.request_id.as_str()) != ("Sender", "foo-id") {
        errs.push(format!("type/request id: got {:?}/{:?}", s.error_type, s.request_id));
    }
    if !err.to_string().contains(want_code) {
        errs.push(format!("Display does not name the code: {err}"));
    }
    // The error shape's members (e.g. ComplexError's TopLevel and Nested/Foo) are not part of
    // `ServiceError`; read them from the envelope with the same XmlDoc the client uses.
    let doc = XmlDoc::parse(body.as_bytes()).unwrap();
    if doc.root() != "ErrorResponse" {
        errs.push(format!("root: {}", doc.root()));
    }
    if doc.get("Error/Code") != Some(want_code) {
        errs.push(format!("Error/Code: {:?}", doc.get("Error/Code")));
    }
    let shape_name = case.get("given").unwrap().get("errors").unwrap().arr()[0].s("shape").unwrap();
    compare_members(&doc, shapes, shape(shapes, shape_name), "Error", case.get("error").unwrap(), errs);
}

#[test]
fn awsquery_output_vectors() {
    let suites = load("output-query.json");
    let (mut run, mut errors_run, mut total) = (0, 0, 0);
    let mut found_unsupported = BTreeSet::new();
    let mut all_ids = BTreeSet::new();
    let mut failures = Vec::new();
    for suite in suites.arr() {
        let shapes = suite.get("shapes").unwrap();
        for case in suite.get("cases").unwrap().arr() {
            total += 1;
            let id = case.s("id").unwrap();
            assert!(all_ids.insert(id.to_owned()), "duplicate case id {id}");
            if !output_case_unsupported(shapes, case).is_empty() {
                found_unsupported.insert(id.to_owned());
                continue;
            }
            let mut errs = Vec::new();
            if case.get("errorCode").is_some() {
                check_error_case(shapes, case, &mut errs);
                errors_run += 1;
            } else {
                let given = case.get("given").unwrap();
                let op = given.s("name").unwrap();
                let body = case.get("response").unwrap().s("body").unwrap();
                match XmlDoc::parse(body.as_bytes()) {
                    Ok(doc) => {
                        if doc.root() != format!("{op}Response") {
                            errs.push(format!("root: expected {op}Response, got {}", doc.root()));
                        }
                        let out = target(shapes, given.get("output").unwrap());
                        compare_members(
                            &doc,
                            shapes,
                            out,
                            &format!("{op}Result"),
                            case.get("result").unwrap(),
                            &mut errs,
                        );
                    }
                    Err(e) => errs.push(format!("XmlDoc::parse failed: {e}")),
                }
            }
            if !errs.is_empty() {
                failures.push(format!("{id}:\n  {}", errs.join("\n  ")));
            }
            run += 1;
        }
    }
    println!(
        "awsQuery output vectors: {total} cases, {run} run ({errors_run} error cases), {} skipped, {} failed",
        found_unsupported.len(),
        failures.len()
    );
    for (id, reason) in SKIPPED_OUTPUT {
        println!("  skipped {id}: {reason}");
    }
    assert!(failures.is_empty(), "response parsing mismatches:\n{}", failures.join("\n"));
    check_skip_list("output", SKIPPED_OUTPUT, &found_unsupported, &all_ids);
    assert_eq!(total, 38, "the README promises 38 output cases");
    assert_eq!(errors_run, EXPECTED_OUTPUT_ERRORS, "all three error cases must run");
    assert!(run >= EXPECTED_OUTPUT_RUN, "only {run} output cases ran, expected at least {EXPECTED_OUTPUT_RUN}");
    assert_eq!(run + SKIPPED_OUTPUT.len(), total);
}

/// The comparator itself must catch wrong values, missing members and unexpected members,
/// or a green run above would mean nothing.
#[test]
fn comparator_rejects_mismatches() {
    let shapes = JsonParser::parse(
        r#"{"Out":{"type":"structure","members":{"s":{"shape":"S"},"t":{"shape":"T"},"n":{"shape":"N"},"i":{"shape":"I"}}},
            "N":{"type":"structure","members":{"s":{"shape":"S","locationName":"Renamed"}}},
            "S":{"type":"string"},"T":{"type":"timestamp"},"I":{"type":"integer"}}"#,
    );
    let doc = XmlDoc::parse(
        b"<OpResponse><OpResult><s>a</s><t>2000-01-02T20:34:56.123Z</t><n><Renamed>x</Renamed></n><i>7</i></OpResult></OpResponse>",
    )
    .unwrap();
    let out = shape(&shapes, "Out");
    let good = JsonParser::parse(r#"{"s":"a","t":946845296.123,"n":{"s":"x"},"i":7}"#);
    let mut errs = Vec::new();
    compare_members(&doc, &shapes, out, "OpResult", &good, &mut errs);
    assert!(errs.is_empty(), "{errs:?}");
    for bad in [
        r#"{"s":"b","t":946845296.123,"n":{"s":"x"},"i":7}"#,
        r#"{"s":"a","t":946845296,"n":{"s":"x"},"i":7}"#,
        r#"{"s":"a","t":946845296.123,"n":{"s":"y"},"i":7}"#,
        r#"{"s":"a","t":946845296.123,"n":{"s":"x"},"i":8}"#,
        r#"{"s":"a","t":946845296.123,"i":7}"#,
        r#"{"s":"a","t":946845296.123,"n":{"s":"x"},"i":7,"zzz":"1"}"#,
    ] {
        let mut errs = Vec::new();
        compare_members(&doc, &shapes, out, "OpResult", &JsonParser::parse(bad), &mut errs);
        assert!(!errs.is_empty(), "accepted {bad}");
    }
}
