//! Endpoint resolution against the botocore vectors in `../shared/vectors/endpoints`
//! (`endpoint-tests-1.json`, `partitions.json`, `endpoint-rule-set-1.json`) and the hosts
//! table of `docs/sts-api.md` §7.3. The vector files are the spec: when one of them changes,
//! these tests fail until `src/endpoint.rs` mirrors the change.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use stskit::endpoint::{
    partition_of, resolve, validate_region, EndpointParams, ResolvedEndpoint, LEGACY_GLOBAL_REGIONS, PARTITIONS,
};

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors/endpoints")
}

fn load(name: &str) -> Value {
    let path = vectors_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The signing region of `properties` (or `None` for `{}`), after checking that the
/// properties are exactly `{}` or `{"authSchemes": [{sigv4, sts, region}]}`.
fn signing_region_of(properties: &Value, what: &str) -> Option<String> {
    let props = properties.as_object().unwrap_or_else(|| panic!("{what}: properties not an object"));
    let keys: Vec<&String> = props.keys().collect();
    assert!(keys.is_empty() || keys == ["authSchemes"], "{what}: unexpected properties {keys:?}");
    let schemes = props.get("authSchemes")?.as_array().expect("authSchemes array");
    assert_eq!(schemes.len(), 1, "{what}: one auth scheme");
    let scheme = schemes[0].as_object().expect("auth scheme object");
    let scheme_keys: BTreeSet<&str> = scheme.keys().map(String::as_str).collect();
    assert_eq!(scheme_keys, BTreeSet::from(["name", "signingName", "signingRegion"]), "{what}");
    assert_eq!(scheme["name"], "sigv4", "{what}");
    assert_eq!(scheme["signingName"], "sts", "{what}");
    Some(scheme["signingRegion"].as_str().expect("signingRegion string").to_owned())
}

// ---------------------------------------------------------------------------------------
// 1. endpoint-tests-1.json
// ---------------------------------------------------------------------------------------

#[test]
fn all_69_botocore_endpoint_vectors() {
    let doc = load("endpoint-tests-1.json");
    assert_eq!(doc["version"], "1.0");
    let cases = doc["testCases"].as_array().expect("testCases array");
    let (mut ran, mut endpoints, mut errors, mut with_auth) = (0, 0, 0, 0);
    for (i, case) in cases.iter().enumerate() {
        let doc = case["documentation"].as_str().unwrap_or("");
        let what = format!("case {i} ({doc})");
        let empty = serde_json::Map::new();
        let p = case.get("params").map(|p| p.as_object().expect("params object")).unwrap_or(&empty);
        for key in p.keys() {
            assert!(
                ["Region", "UseFIPS", "UseDualStack", "Endpoint", "UseGlobalEndpoint"].contains(&key.as_str()),
                "{what}: unknown parameter {key}"
            );
        }
        let string = |k: &str| p.get(k).map(|v| v.as_str().expect("string param").to_owned());
        let boolean = |k: &str| p.get(k).map(|v| v.as_bool().expect("bool param")).unwrap_or(false);
        let params = EndpointParams {
            region: string("Region"),
            use_fips: boolean("UseFIPS"),
            use_dual_stack: boolean("UseDualStack"),
            endpoint: string("Endpoint"),
            use_global_endpoint: boolean("UseGlobalEndpoint"),
        };
        let got = resolve(&params);
        let expect = &case["expect"];
        if let Some(message) = expect.get("error") {
            let message = message.as_str().expect("error string");
            match &got {
                Err(e) => assert_eq!(e.message, message, "{what}"),
                Ok(ep) => panic!("{what}: expected error {message:?}, got {ep:?}"),
            }
            errors += 1;
        } else {
            let endpoint = expect.get("endpoint").unwrap_or_else(|| panic!("{what}: no expectation"));
            let got = got.unwrap_or_else(|e| panic!("{what}: unexpected error {e}"));
            assert_eq!(got.url, endpoint["url"].as_str().expect("url"), "{what}");
            let empty = Value::Object(Default::default());
            let props = endpoint.get("properties").unwrap_or(&empty);
            let expected_region = signing_region_of(props, &what);
            if expected_region.is_some() {
                with_auth += 1;
            }
            assert_eq!(got.signing_region, expected_region, "{what}");
            if let Some(headers) = endpoint.get("headers") {
                assert_eq!(headers, &empty, "{what}: headers");
            }
            endpoints += 1;
        }
        ran += 1;
    }
    assert_eq!(ran, 69, "number of vector cases");
    assert_eq!((endpoints, errors, with_auth), (66, 3, 18), "(endpoints, errors, authSchemes)");
}

// ---------------------------------------------------------------------------------------
// 2. The compiled-in partition table equals partitions.json
// ---------------------------------------------------------------------------------------

#[test]
fn compiled_partition_table_equals_partitions_json() {
    let doc = load("partitions.json");
    assert_eq!(doc["version"], "1.1", "partitions.json version changed: re-mirror the table");
    let parts = doc["partitions"].as_array().expect("partitions array");
    let json_ids: Vec<&str> = parts.iter().map(|p| p["id"].as_str().unwrap()).collect();
    let our_ids: Vec<&str> = PARTITIONS.iter().map(|p| p.id).collect();
    assert_eq!(our_ids, json_ids, "partition ids, in file order");

    for (json, ours) in parts.iter().zip(PARTITIONS.iter()) {
        let id = ours.id;
        let keys: BTreeSet<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, BTreeSet::from(["id", "outputs", "regionRegex", "regions"]), "{id}: keys");
        let out = json["outputs"].as_object().expect("outputs");
        let out_keys: BTreeSet<&str> = out.keys().map(String::as_str).collect();
        assert_eq!(
            out_keys,
            BTreeSet::from([
                "dnsSuffix",
                "dualStackDnsSuffix",
                "implicitGlobalRegion",
                "name",
                "supportsDualStack",
                "supportsFIPS"
            ]),
            "{id}: output keys (a new output must be mirrored)"
        );
        assert_eq!(out["name"], ours.name, "{id}: name");
        assert_eq!(out["dnsSuffix"], ours.dns_suffix, "{id}: dnsSuffix");
        assert_eq!(out["dualStackDnsSuffix"], ours.dual_stack_dns_suffix, "{id}: dualStackDnsSuffix");
        assert_eq!(out["implicitGlobalRegion"], ours.implicit_global_region, "{id}: implicitGlobalRegion");
        assert_eq!(out["supportsFIPS"], ours.supports_fips, "{id}: supportsFIPS");
        assert_eq!(out["supportsDualStack"], ours.supports_dual_stack, "{id}: supportsDualStack");
        assert_eq!(json["regionRegex"], ours.region_regex, "{id}: regionRegex");
        let json_regions: BTreeSet<&str> =
            json["regions"].as_object().expect("regions").keys().map(String::as_str).collect();
        let our_regions: BTreeSet<&str> = ours.regions.iter().copied().collect();
        assert_eq!(our_regions.len(), ours.regions.len(), "{id}: duplicate regions");
        assert_eq!(our_regions, json_regions, "{id}: region keys");
        // aws.partition on each explicit region and the implicit global region.
        for region in &json_regions {
            assert_eq!(partition_of(region).id, id, "partition_of({region})");
        }
        assert_eq!(partition_of(ours.implicit_global_region).id, id, "{id}: implicit global region");
    }
}

// ---------------------------------------------------------------------------------------
// 3. docs/sts-api.md §7.3 hosts table, and validate_region
// ---------------------------------------------------------------------------------------

/// One row of the §7.3 table: region, plain, FIPS, DualStack, FIPS+DualStack hosts, and the
/// UseGlobalEndpoint=true host with its explicit signing region.
struct HostRow {
    region: &'static str,
    plain: &'static str,
    fips: &'static str,
    dual_stack: &'static str,
    fips_dual_stack: &'static str,
    global: (&'static str, &'static str),
}

const HOSTS: &[HostRow] = &[
    HostRow {
        region: "us-east-1",
        plain: "sts.us-east-1.amazonaws.com",
        fips: "sts-fips.us-east-1.amazonaws.com",
        dual_stack: "sts.us-east-1.api.aws",
        fips_dual_stack: "sts-fips.us-east-1.api.aws",
        global: ("sts.amazonaws.com", "us-east-1"),
    },
    HostRow {
        region: "eu-west-1",
        plain: "sts.eu-west-1.amazonaws.com",
        fips: "sts-fips.eu-west-1.amazonaws.com",
        dual_stack: "sts.eu-west-1.api.aws",
        fips_dual_stack: "sts-fips.eu-west-1.api.aws",
        global: ("sts.amazonaws.com", "us-east-1"),
    },
    HostRow {
        region: "ap-east-1",
        plain: "sts.ap-east-1.amazonaws.com",
        fips: "sts-fips.ap-east-1.amazonaws.com",
        dual_stack: "sts.ap-east-1.api.aws",
        fips_dual_stack: "sts-fips.ap-east-1.api.aws",
        global: ("sts.ap-east-1.amazonaws.com", "ap-east-1"),
    },
    HostRow {
        region: "aws-global",
        plain: "sts.amazonaws.com", // signed for us-east-1: checked separately below
        fips: "sts-fips.aws-global.amazonaws.com",
        dual_stack: "sts.aws-global.api.aws",
        fips_dual_stack: "sts-fips.aws-global.api.aws",
        global: ("sts.amazonaws.com", "us-east-1"),
    },
    HostRow {
        region: "cn-north-1",
        plain: "sts.cn-north-1.amazonaws.com.cn",
        fips: "sts-fips.cn-north-1.amazonaws.com.cn",
        dual_stack: "sts.cn-north-1.api.amazonwebservices.com.cn",
        fips_dual_stack: "sts-fips.cn-north-1.api.amazonwebservices.com.cn",
        global: ("sts.cn-north-1.amazonaws.com.cn", "cn-north-1"),
    },
    HostRow {
        region: "us-gov-west-1",
        plain: "sts.us-gov-west-1.amazonaws.com",
        fips: "sts.us-gov-west-1.amazonaws.com",
        dual_stack: "sts.us-gov-west-1.api.aws",
        fips_dual_stack: "sts-fips.us-gov-west-1.api.aws",
        global: ("sts.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
    },
    HostRow {
        region: "us-iso-east-1",
        plain: "sts.us-iso-east-1.c2s.ic.gov",
        fips: "sts-fips.us-iso-east-1.c2s.ic.gov",
        dual_stack: "sts.us-iso-east-1.api.aws.ic.gov",
        fips_dual_stack: "sts-fips.us-iso-east-1.api.aws.ic.gov",
        global: ("sts.us-iso-east-1.c2s.ic.gov", "us-iso-east-1"),
    },
    HostRow {
        region: "us-isob-east-1",
        plain: "sts.us-isob-east-1.sc2s.sgov.gov",
        fips: "sts-fips.us-isob-east-1.sc2s.sgov.gov",
        dual_stack: "sts.us-isob-east-1.api.aws.scloud",
        fips_dual_stack: "sts-fips.us-isob-east-1.api.aws.scloud",
        global: ("sts.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1"),
    },
    HostRow {
        region: "eu-isoe-west-1",
        plain: "sts.eu-isoe-west-1.cloud.adc-e.uk",
        fips: "sts-fips.eu-isoe-west-1.cloud.adc-e.uk",
        dual_stack: "sts.eu-isoe-west-1.api.cloud-aws.adc-e.uk",
        fips_dual_stack: "sts-fips.eu-isoe-west-1.api.cloud-aws.adc-e.uk",
        global: ("sts.eu-isoe-west-1.cloud.adc-e.uk", "eu-isoe-west-1"),
    },
    HostRow {
        region: "us-isof-south-1",
        plain: "sts.us-isof-south-1.csp.hci.ic.gov",
        fips: "sts-fips.us-isof-south-1.csp.hci.ic.gov",
        dual_stack: "sts.us-isof-south-1.api.aws.hci.ic.gov",
        fips_dual_stack: "sts-fips.us-isof-south-1.api.aws.hci.ic.gov",
        global: ("sts.us-isof-south-1.csp.hci.ic.gov", "us-isof-south-1"),
    },
    HostRow {
        region: "eusc-de-east-1",
        plain: "sts.eusc-de-east-1.amazonaws.eu",
        fips: "sts-fips.eusc-de-east-1.amazonaws.eu",
        dual_stack: "sts.eusc-de-east-1.api.amazonwebservices.eu",
        fips_dual_stack: "sts-fips.eusc-de-east-1.api.amazonwebservices.eu",
        global: ("sts.eusc-de-east-1.amazonaws.eu", "eusc-de-east-1"),
    },
    HostRow {
        region: "us-east-3",
        plain: "sts.us-east-3.amazonaws.com",
        fips: "sts-fips.us-east-3.amazonaws.com",
        dual_stack: "sts.us-east-3.api.aws",
        fips_dual_stack: "sts-fips.us-east-3.api.aws",
        global: ("sts.us-east-3.amazonaws.com", "us-east-3"),
    },
];

fn resolve_ok(region: &str, fips: bool, dual_stack: bool, global: bool) -> ResolvedEndpoint {
    let params = EndpointParams {
        region: Some(region.to_owned()),
        use_fips: fips,
        use_dual_stack: dual_stack,
        endpoint: None,
        use_global_endpoint: global,
    };
    resolve(&params).unwrap_or_else(|e| panic!("{params:?}: {e}"))
}

fn https(host: &str) -> String {
    format!("https://{host}")
}

#[test]
fn hosts_table_of_sts_api_md() {
    assert_eq!(HOSTS.len(), 12);
    for row in HOSTS {
        let r = row.region;
        // Explicit signing region only for the global endpoint.
        let plain_signing = (r == "aws-global").then(|| "us-east-1".to_owned());
        assert_eq!(
            resolve_ok(r, false, false, false),
            ResolvedEndpoint { url: https(row.plain), signing_region: plain_signing },
            "{r} plain"
        );
        for (fips, ds, host) in
            [(true, false, row.fips), (false, true, row.dual_stack), (true, true, row.fips_dual_stack)]
        {
            // The FIPS/DualStack rules never give authSchemes, and UseGlobalEndpoint does not
            // apply to them.
            for global in [false, true] {
                assert_eq!(
                    resolve_ok(r, fips, ds, global),
                    ResolvedEndpoint { url: https(host), signing_region: None },
                    "{r} fips={fips} dualstack={ds} global={global}"
                );
            }
        }
        assert_eq!(
            resolve_ok(r, false, false, true),
            ResolvedEndpoint { url: https(row.global.0), signing_region: Some(row.global.1.to_owned()) },
            "{r} UseGlobalEndpoint"
        );
    }
}

#[test]
fn non_aws_partitions_by_regex_only() {
    // Regions not in partitions.json still land in the right partition through regionRegex.
    for (region, id, url) in [
        ("cn-south-7", "aws-cn", "https://sts.cn-south-7.amazonaws.com.cn"),
        ("us-gov-north-2", "aws-us-gov", "https://sts.us-gov-north-2.amazonaws.com"),
        ("us-iso-north-4", "aws-iso", "https://sts.us-iso-north-4.c2s.ic.gov"),
        ("us-isob-south-2", "aws-iso-b", "https://sts.us-isob-south-2.sc2s.sgov.gov"),
        ("eu-isoe-north-1", "aws-iso-e", "https://sts.eu-isoe-north-1.cloud.adc-e.uk"),
        ("us-isof-west-9", "aws-iso-f", "https://sts.us-isof-west-9.csp.hci.ic.gov"),
        ("eusc-de-west-2", "aws-eusc", "https://sts.eusc-de-west-2.amazonaws.eu"),
        ("eusc-fr-east-1", "aws", "https://sts.eusc-fr-east-1.amazonaws.com"),
        ("xx-east-1", "aws", "https://sts.xx-east-1.amazonaws.com"),
    ] {
        assert_eq!(partition_of(region).id, id, "{region}");
        assert_eq!(resolve_ok(region, false, false, false).url, url, "{region}");
    }
    // GovCloud FIPS special case applies by partition, not by region list.
    assert_eq!(resolve_ok("us-gov-north-2", true, false, false).url, "https://sts.us-gov-north-2.amazonaws.com");
}

#[test]
fn validate_region_accepts_host_labels() {
    for ok in ["us-east-1", "eu-isoe-west-1", "aws-global", "a", "0", "a-b", &"a".repeat(63)] {
        assert_eq!(validate_region(ok), Ok(()), "{ok:?}");
    }
}

#[test]
fn validate_region_rejects_non_labels() {
    let long = "a".repeat(64);
    for bad in [
        "",
        "US-EAST-1",
        "Us-east-1",
        "a..b",
        "foo/bar",
        &long,
        "-x",
        "x-",
        "-",
        "us east 1",
        "us_east_1",
        "us-east-1.",
        "us-east-1\n",
        "üs-east-1",
        "us-east-1/../x",
        "a@b",
        "a:443",
    ] {
        let err = validate_region(bad).expect_err(bad);
        let shown: String = bad.escape_debug().collect();
        let shown: String = shown.chars().take(40).collect();
        assert!(err.message.contains(&shown), "message must name the region: {err} / {bad:?}");
        assert!(err.to_string().starts_with("invalid region "), "{err}");
        // Usable as a boxed std error.
        let _: Box<dyn std::error::Error + Send + Sync> = Box::new(err);
    }
}

// ---------------------------------------------------------------------------------------
// 4. The rule set itself: constants, and a differential check against an interpreter of
//    endpoint-rule-set-1.json over a grid of parameters
// ---------------------------------------------------------------------------------------

#[test]
fn rule_set_parameters_and_legacy_regions() {
    let rs = load("endpoint-rule-set-1.json");
    assert_eq!(rs["version"], "1.0");
    let params = rs["parameters"].as_object().unwrap();
    let names: BTreeSet<&str> = params.keys().map(String::as_str).collect();
    assert_eq!(names, BTreeSet::from(["Region", "UseDualStack", "UseFIPS", "Endpoint", "UseGlobalEndpoint"]));
    for flag in ["UseDualStack", "UseFIPS", "UseGlobalEndpoint"] {
        assert_eq!(params[flag]["default"], false, "{flag}: default mirrored by EndpointParams::default()");
    }
    let d = EndpointParams::default();
    assert!(!d.use_fips && !d.use_dual_stack && !d.use_global_endpoint);
    assert!(d.region.is_none() && d.endpoint.is_none());

    // The legacy-global tree: every stringEquals(Region, X) leaf is one legacy region.
    let tree = &rs["rules"][0]["rules"];
    let mut legacy = BTreeSet::new();
    for rule in tree.as_array().unwrap() {
        for c in rule["conditions"].as_array().unwrap() {
            assert_eq!(c["fn"], "stringEquals");
            assert_eq!(c["argv"][0]["ref"], "Region");
            legacy.insert(c["argv"][1].as_str().unwrap());
        }
    }
    assert_eq!(legacy, LEGACY_GLOBAL_REGIONS.iter().copied().collect::<BTreeSet<_>>());
    assert_eq!(legacy.len(), 16);
}

/// A value in the rules language.
#[derive(Clone, Debug, PartialEq)]
enum V {
    Str(String),
    Bool(bool),
    Obj(serde_json::Map<String, Value>),
}

enum Outcome {
    Endpoint { url: String, properties: Value, headers: Value },
    Error(String),
}

/// A minimal interpreter for the subset of rules language 1.0 the STS rule set uses. The
/// `aws.partition` function uses the library's `partition_of` to choose the partition (it is
/// tested on its own above) but takes the outputs from partitions.json.
struct Interp<'a> {
    partitions: &'a [Value],
}

impl Interp<'_> {
    fn eval(&self, expr: &Value, env: &BTreeMap<String, V>) -> Option<V> {
        match expr {
            Value::Bool(b) => Some(V::Bool(*b)),
            Value::String(s) => Some(V::Str(self.template(s, env))),
            Value::Object(o) if o.contains_key("ref") => env.get(o["ref"].as_str().unwrap()).cloned(),
            Value::Object(o) if o.contains_key("fn") => {
                let args: Vec<&Value> = o["argv"].as_array().unwrap().iter().collect();
                match o["fn"].as_str().unwrap() {
                    "isSet" => Some(V::Bool(self.eval(args[0], env).is_some())),
                    "not" => match self.eval(args[0], env)? {
                        V::Bool(b) => Some(V::Bool(!b)),
                        other => panic!("not({other:?})"),
                    },
                    "booleanEquals" | "stringEquals" => {
                        let a = self.eval(args[0], env);
                        let b = self.eval(args[1], env);
                        Some(V::Bool(a.is_some() && a == b))
                    }
                    "getAttr" => match self.eval(args[0], env)? {
                        V::Obj(m) => json_to_v(m.get(args[1].as_str().unwrap())?),
                        other => panic!("getAttr({other:?})"),
                    },
                    "aws.partition" => match self.eval(args[0], env)? {
                        V::Str(region) => {
                            let id = partition_of(&region).id;
                            let p = self.partitions.iter().find(|p| p["id"] == id).unwrap();
                            let mut outputs = p["outputs"].as_object().unwrap().clone();
                            outputs.insert("name".into(), Value::String(id.into()));
                            Some(V::Obj(outputs))
                        }
                        other => panic!("aws.partition({other:?})"),
                    },
                    f => panic!("function {f} not supported by the test interpreter"),
                }
            }
            other => panic!("cannot evaluate {other}"),
        }
    }

    /// Expands `{Name}` and `{Name#attr}`.
    fn template(&self, s: &str, env: &BTreeMap<String, V>) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let end = rest[start..].find('}').expect("closing brace") + start;
            let name = &rest[start + 1..end];
            let value = match name.split_once('#') {
                None => env.get(name).cloned(),
                Some((var, attr)) => match env.get(var) {
                    Some(V::Obj(m)) => m.get(attr).and_then(json_to_v),
                    _ => None,
                },
            };
            match value {
                Some(V::Str(v)) => out.push_str(&v),
                other => panic!("template {{{name}}} = {other:?}"),
            }
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    }

    fn expand(&self, v: &Value, env: &BTreeMap<String, V>) -> Value {
        match v {
            Value::String(s) => Value::String(self.template(s, env)),
            Value::Array(a) => Value::Array(a.iter().map(|x| self.expand(x, env)).collect()),
            Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), self.expand(x, env))).collect()),
            other => other.clone(),
        }
    }

    /// First matching rule of `rules`, or `None` when no rule's conditions hold.
    fn rules(&self, rules: &Value, env: &BTreeMap<String, V>) -> Option<Outcome> {
        'rule: for rule in rules.as_array().unwrap() {
            let mut env = env.clone();
            for cond in rule["conditions"].as_array().unwrap() {
                let holds = match self.eval(cond, &env) {
                    None | Some(V::Bool(false)) => false,
                    Some(v) => {
                        if let Some(name) = cond.get("assign") {
                            env.insert(name.as_str().unwrap().to_owned(), v);
                        }
                        true
                    }
                };
                if !holds {
                    continue 'rule;
                }
            }
            return Some(match rule["type"].as_str().unwrap() {
                "endpoint" => {
                    let e = &rule["endpoint"];
                    let url = match self.eval(&e["url"], &env) {
                        Some(V::Str(u)) => u,
                        other => panic!("url {other:?}"),
                    };
                    Outcome::Endpoint {
                        url,
                        properties: self.expand(&e["properties"], &env),
                        headers: self.expand(&e["headers"], &env),
                    }
                }
                "error" => Outcome::Error(self.template(rule["error"].as_str().unwrap(), &env)),
                // A tree whose conditions held must produce an outcome.
                "tree" => self.rules(&rule["rules"], &env).expect("tree exhausted"),
                t => panic!("rule type {t}"),
            });
        }
        None
    }
}

fn json_to_v(v: &Value) -> Option<V> {
    match v {
        Value::String(s) => Some(V::Str(s.clone())),
        Value::Bool(b) => Some(V::Bool(*b)),
        Value::Object(o) => Some(V::Obj(o.clone())),
        Value::Null => None,
        other => panic!("unsupported value {other}"),
    }
}

#[test]
fn resolve_equals_interpreted_rule_set_on_a_parameter_grid() {
    let rs = load("endpoint-rule-set-1.json");
    let pj = load("partitions.json");
    let interp = Interp { partitions: pj["partitions"].as_array().unwrap() };

    let mut regions: Vec<Option<String>> = vec![None];
    for p in interp.partitions {
        for r in p["regions"].as_object().unwrap().keys() {
            regions.push(Some(r.clone()));
        }
    }
    for r in [
        "us-east-3",
        "cn-south-9",
        "us-gov-north-2",
        "us-iso-south-3",
        "us-isob-west-7",
        "eu-isoe-north-1",
        "us-isof-west-2",
        "eusc-de-west-1",
        "eusc-fr-east-1",
        "foo-bar",
        "",
        "US-EAST-1",
        "a.b",
    ] {
        regions.push(Some(r.to_owned()));
    }
    let endpoints = [None, Some("https://example.com".to_owned()), Some("http://localhost:4566/".to_owned())];

    let mut checked = 0;
    let mut error_texts = BTreeSet::new();
    for region in &regions {
        for endpoint in &endpoints {
            for bits in 0..8u8 {
                let params = EndpointParams {
                    region: region.clone(),
                    use_fips: bits & 1 != 0,
                    use_dual_stack: bits & 2 != 0,
                    endpoint: endpoint.clone(),
                    use_global_endpoint: bits & 4 != 0,
                };
                let mut env = BTreeMap::new();
                if let Some(r) = &params.region {
                    env.insert("Region".to_owned(), V::Str(r.clone()));
                }
                if let Some(e) = &params.endpoint {
                    env.insert("Endpoint".to_owned(), V::Str(e.clone()));
                }
                env.insert("UseFIPS".to_owned(), V::Bool(params.use_fips));
                env.insert("UseDualStack".to_owned(), V::Bool(params.use_dual_stack));
                env.insert("UseGlobalEndpoint".to_owned(), V::Bool(params.use_global_endpoint));

                let expected = interp.rules(&rs["rules"], &env).expect("the rule set always decides");
                let got = resolve(&params);
                let what = format!("{params:?}");
                match expected {
                    Outcome::Endpoint { url, properties, headers } => {
                        let got = got.unwrap_or_else(|e| panic!("{what}: unexpected error {e}"));
                        assert_eq!(got.url, url, "{what}");
                        assert_eq!(got.signing_region, signing_region_of(&properties, &what), "{what}");
                        assert_eq!(headers, Value::Object(Default::default()), "{what}: headers");
                    }
                    Outcome::Error(message) => {
                        assert_eq!(got.map_err(|e| e.message), Err(message.clone()), "{what}");
                        error_texts.insert(message);
                    }
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, regions.len() * endpoints.len() * 8);
    // The grid reaches every error that today's partitions can produce.
    assert_eq!(
        error_texts,
        BTreeSet::from([
            "Invalid Configuration: Dualstack and custom endpoint are not supported".to_owned(),
            "Invalid Configuration: FIPS and custom endpoint are not supported".to_owned(),
            "Invalid Configuration: Missing Region".to_owned(),
        ])
    );
}

#[test]
fn rule_set_error_texts() {
    // Every error text of the rule set. The three "does not support" texts cannot be reached
    // with today's partitions (all support FIPS and DualStack); src/endpoint.rs unit-tests
    // them with a fake partition and checks its constants against this file too.
    fn collect(rules: &Value, out: &mut BTreeSet<String>) {
        for rule in rules.as_array().unwrap() {
            if let Some(e) = rule.get("error") {
                out.insert(e.as_str().unwrap().to_owned());
            }
            if let Some(sub) = rule.get("rules") {
                collect(sub, out);
            }
        }
    }
    let rs = load("endpoint-rule-set-1.json");
    let mut errors = BTreeSet::new();
    collect(&rs["rules"], &mut errors);
    let expected: BTreeSet<String> = [
        "Invalid Configuration: FIPS and custom endpoint are not supported",
        "Invalid Configuration: Dualstack and custom endpoint are not supported",
        "FIPS and DualStack are enabled, but this partition does not support one or both",
        "FIPS is enabled but this partition does not support FIPS",
        "DualStack is enabled but this partition does not support DualStack",
        "Invalid Configuration: Missing Region",
    ]
    .map(String::from)
    .into();
    assert_eq!(errors, expected);
}
