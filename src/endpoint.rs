//! STS endpoint resolution.
//!
//! [`resolve`] is a hand-written, line-by-line translation of the STS endpoint rule set
//! (`endpoint-rule-set-1.json`, rules language 1.0, as shipped in botocore; see
//! `docs/sts-api.md` §7.2). It is pure: no I/O, no files read at run time, no allocation
//! beyond the returned strings. The partition data the rules' `aws.partition` function needs
//! (botocore `partitions.json`, 8 partitions) is compiled in as [`PARTITIONS`].
//!
//! Like the rule set, [`resolve`] does not check that the region is a valid host label (the
//! rules happily produce `https://sts.foo/bar.amazonaws.com`). Callers that build a request
//! must call [`validate_region`] first; the client does so before any network I/O.
//!
//! # Region regexes without a regex engine
//!
//! Every `regionRegex` in `partitions.json` has the shape
//! `^PREFIX\-\w+\-\d+$`, where `PREFIX` is literal text (with `\-` escapes) that may contain
//! one or more groups of literal alternatives, e.g. `(us|eu|ap)` or `(de)`. Instead of
//! pulling in a regex crate, `region_regex_matches` interprets exactly that shape: it expands
//! the prefix into its literal alternatives and then checks the fixed tail "`-`, one or more
//! word characters, `-`, one or more digits, end". A regex outside that shape matches nothing
//! (and the unit tests fail for every partition whose regex the matcher cannot read).
//! `\w` is taken as ASCII `[A-Za-z0-9_]` and `\d` as ASCII `[0-9]`; `$` means end of text.
//! (Python's `re`, used by botocore, would also accept non-ASCII letters and a trailing
//! newline; no such string is a valid region, and [`validate_region`] rejects them.)

use std::fmt;

/// One AWS partition, as the rules' `aws.partition` function sees it.
#[derive(Debug, PartialEq, Eq)]
pub struct Partition {
    /// Partition id, e.g. `aws-us-gov`.
    pub id: &'static str,
    /// The `name` output (the rule set compares it with `aws-us-gov`); equal to `id` today.
    pub name: &'static str,
    /// `dnsSuffix`, e.g. `amazonaws.com`.
    pub dns_suffix: &'static str,
    /// `dualStackDnsSuffix`, e.g. `api.aws`.
    pub dual_stack_dns_suffix: &'static str,
    /// `supportsFIPS`.
    pub supports_fips: bool,
    /// `supportsDualStack`.
    pub supports_dual_stack: bool,
    /// `implicitGlobalRegion`, e.g. `us-east-1`.
    pub implicit_global_region: &'static str,
    /// The `regionRegex` text exactly as in `partitions.json` (JSON-unescaped).
    pub region_regex: &'static str,
    /// The explicit region keys of the partition, sorted.
    pub regions: &'static [&'static str],
}

/// The partitions of botocore 1.44.5's `partitions.json` (version 1.1), in file order.
/// Order matters: `aws.partition` tries the region regexes in this order.
/// `tests/endpoint_vectors.rs` compares this table field by field with the vector file.
pub static PARTITIONS: [Partition; 8] = [
    Partition {
        id: "aws",
        name: "aws",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-east-1",
        region_regex: r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$",
        regions: &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "aws-global",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "me-west-1",
            "mx-central-1",
            "sa-east-1",
            "sa-west-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ],
    },
    Partition {
        id: "aws-cn",
        name: "aws-cn",
        dns_suffix: "amazonaws.com.cn",
        dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "cn-northwest-1",
        region_regex: r"^cn\-\w+\-\d+$",
        regions: &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
    },
    Partition {
        id: "aws-eusc",
        name: "aws-eusc",
        dns_suffix: "amazonaws.eu",
        dual_stack_dns_suffix: "api.amazonwebservices.eu",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "eusc-de-east-1",
        region_regex: r"^eusc\-(de)\-\w+\-\d+$",
        regions: &["eusc-de-east-1"],
    },
    Partition {
        id: "aws-iso",
        name: "aws-iso",
        dns_suffix: "c2s.ic.gov",
        dual_stack_dns_suffix: "api.aws.ic.gov",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-iso-east-1",
        region_regex: r"^us\-iso\-\w+\-\d+$",
        regions: &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
    },
    Partition {
        id: "aws-iso-b",
        name: "aws-iso-b",
        dns_suffix: "sc2s.sgov.gov",
        dual_stack_dns_suffix: "api.aws.scloud",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-isob-east-1",
        region_regex: r"^us\-isob\-\w+\-\d+$",
        regions: &["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"],
    },
    Partition {
        id: "aws-iso-e",
        name: "aws-iso-e",
        dns_suffix: "cloud.adc-e.uk",
        dual_stack_dns_suffix: "api.cloud-aws.adc-e.uk",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "eu-isoe-west-1",
        region_regex: r"^eu\-isoe\-\w+\-\d+$",
        regions: &["aws-iso-e-global", "eu-isoe-west-1"],
    },
    Partition {
        id: "aws-iso-f",
        name: "aws-iso-f",
        dns_suffix: "csp.hci.ic.gov",
        dual_stack_dns_suffix: "api.aws.hci.ic.gov",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-isof-south-1",
        region_regex: r"^us\-isof\-\w+\-\d+$",
        regions: &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
    },
    Partition {
        id: "aws-us-gov",
        name: "aws-us-gov",
        dns_suffix: "amazonaws.com",
        dual_stack_dns_suffix: "api.aws",
        supports_fips: true,
        supports_dual_stack: true,
        implicit_global_region: "us-gov-west-1",
        region_regex: r"^us\-gov\-\w+\-\d+$",
        regions: &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
    },
];

/// The 16 regions for which `UseGlobalEndpoint=true` selects `https://sts.amazonaws.com`
/// (the rule set's first tree; botocore's `LEGACY_GLOBAL_STS_REGIONS` plus `aws-global`).
pub const LEGACY_GLOBAL_REGIONS: [&str; 16] = [
    "ap-northeast-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "aws-global",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// The global STS endpoint.
pub const GLOBAL_ENDPOINT_URL: &str = "https://sts.amazonaws.com";
/// The region requests to the global endpoint are signed for.
pub const GLOBAL_SIGNING_REGION: &str = "us-east-1";

// The rule set's error texts, verbatim.
const ERR_FIPS_CUSTOM: &str = "Invalid Configuration: FIPS and custom endpoint are not supported";
const ERR_DUALSTACK_CUSTOM: &str = "Invalid Configuration: Dualstack and custom endpoint are not supported";
const ERR_FIPS_DUALSTACK_UNSUPPORTED: &str =
    "FIPS and DualStack are enabled, but this partition does not support one or both";
const ERR_FIPS_UNSUPPORTED: &str = "FIPS is enabled but this partition does not support FIPS";
const ERR_DUALSTACK_UNSUPPORTED: &str = "DualStack is enabled but this partition does not support DualStack";
const ERR_MISSING_REGION: &str = "Invalid Configuration: Missing Region";

/// The rule set's parameters. `Default` gives the rule set's defaults (all flags false,
/// nothing set).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointParams {
    /// `Region` (`AWS::Region`).
    pub region: Option<String>,
    /// `UseFIPS` (`AWS::UseFIPS`).
    pub use_fips: bool,
    /// `UseDualStack` (`AWS::UseDualStack`).
    pub use_dual_stack: bool,
    /// `Endpoint` (`SDK::Endpoint`): a custom endpoint URL, used verbatim.
    pub endpoint: Option<String>,
    /// `UseGlobalEndpoint` (`AWS::STS::UseGlobalEndpoint`): the legacy
    /// `sts_regional_endpoints = legacy` switch. Default false (regional).
    pub use_global_endpoint: bool,
}

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedEndpoint {
    /// The endpoint URL, e.g. `https://sts.us-east-1.amazonaws.com` (no trailing slash; a
    /// custom endpoint is returned exactly as given).
    pub url: String,
    /// `Some(..)` only when the rule set returns `authSchemes` (the global-endpoint rules):
    /// sign for this region (`us-east-1` for `sts.amazonaws.com`). `None`: sign with the
    /// client's configured region. The signing name is always `sts`.
    pub signing_region: Option<String>,
}

/// Endpoint resolution or region validation failed. `message` is the rule set's exact error
/// text (for [`resolve`]) or a description naming the region (for [`validate_region`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    /// The error text.
    pub message: String,
}

impl EndpointError {
    fn new(message: impl Into<String>) -> Self {
        EndpointError { message: message.into() }
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

/// Resolves the STS endpoint for `params`, following the rule set exactly (first match wins):
///
/// 1. `UseGlobalEndpoint`, no `Endpoint`, `Region` set, FIPS and DualStack off: one of the
///    16 [`LEGACY_GLOBAL_REGIONS`] gives `https://sts.amazonaws.com` signed for `us-east-1`;
///    any other region `https://sts.{Region}.{dnsSuffix}` signed for `{Region}`.
/// 2. `Endpoint` set: error with FIPS or DualStack, else the endpoint verbatim.
/// 3. `Region` set: FIPS / DualStack variants (GovCloud FIPS has no `-fips` label),
///    `aws-global` gives the global endpoint, else `https://sts.{Region}.{dnsSuffix}`.
/// 4. Otherwise `Invalid Configuration: Missing Region`.
///
/// The region is not validated here (the rule set does not); see [`validate_region`].
pub fn resolve(params: &EndpointParams) -> Result<ResolvedEndpoint, EndpointError> {
    resolve_with(params, partition_of)
}

/// [`resolve`] with the `aws.partition` function supplied, so unit tests can exercise the
/// branches for partitions without FIPS or DualStack (none exists in today's table).
fn resolve_with<'p>(
    params: &EndpointParams,
    aws_partition: impl Fn(&str) -> &'p Partition,
) -> Result<ResolvedEndpoint, EndpointError> {
    let region = params.region.as_deref();
    let endpoint = params.endpoint.as_deref();

    // Rule 1: legacy global endpoint.
    if params.use_global_endpoint && endpoint.is_none() {
        if let Some(region) = region {
            let partition = aws_partition(region);
            if !params.use_fips && !params.use_dual_stack {
                if LEGACY_GLOBAL_REGIONS.contains(&region) {
                    return Ok(global_endpoint());
                }
                return Ok(ResolvedEndpoint {
                    url: format!("https://sts.{}.{}", region, partition.dns_suffix),
                    signing_region: Some(region.to_owned()),
                });
            }
        }
    }

    // Rule 2: custom endpoint.
    if let Some(endpoint) = endpoint {
        if params.use_fips {
            return Err(EndpointError::new(ERR_FIPS_CUSTOM));
        }
        if params.use_dual_stack {
            return Err(EndpointError::new(ERR_DUALSTACK_CUSTOM));
        }
        return Ok(ResolvedEndpoint { url: endpoint.to_owned(), signing_region: None });
    }

    // Rule 3: regional endpoints.
    if let Some(region) = region {
        let p = aws_partition(region);
        let regional = |url: String| -> Result<ResolvedEndpoint, EndpointError> {
            Ok(ResolvedEndpoint { url, signing_region: None })
        };
        if params.use_fips && params.use_dual_stack {
            if p.supports_fips && p.supports_dual_stack {
                return regional(format!("https://sts-fips.{}.{}", region, p.dual_stack_dns_suffix));
            }
            return Err(EndpointError::new(ERR_FIPS_DUALSTACK_UNSUPPORTED));
        }
        if params.use_fips {
            if p.supports_fips {
                if p.name == "aws-us-gov" {
                    // GovCloud's regular STS endpoints are already FIPS endpoints.
                    return regional(format!("https://sts.{}.amazonaws.com", region));
                }
                return regional(format!("https://sts-fips.{}.{}", region, p.dns_suffix));
            }
            return Err(EndpointError::new(ERR_FIPS_UNSUPPORTED));
        }
        if params.use_dual_stack {
            if p.supports_dual_stack {
                return regional(format!("https://sts.{}.{}", region, p.dual_stack_dns_suffix));
            }
            return Err(EndpointError::new(ERR_DUALSTACK_UNSUPPORTED));
        }
        if region == "aws-global" {
            return Ok(global_endpoint());
        }
        return regional(format!("https://sts.{}.{}", region, p.dns_suffix));
    }

    // Rule 4.
    Err(EndpointError::new(ERR_MISSING_REGION))
}

fn global_endpoint() -> ResolvedEndpoint {
    ResolvedEndpoint { url: GLOBAL_ENDPOINT_URL.to_owned(), signing_region: Some(GLOBAL_SIGNING_REGION.to_owned()) }
}

/// The partition a region belongs to, as the rules' `aws.partition` computes it: a partition
/// listing the region explicitly first, then the first partition (in table order) whose
/// `regionRegex` matches, else `aws`. Never fails, so unknown regions such as `us-east-3`
/// (and garbage) resolve to `aws`.
pub fn partition_of(region: &str) -> &'static Partition {
    PARTITIONS
        .iter()
        .find(|p| p.regions.contains(&region))
        .or_else(|| PARTITIONS.iter().find(|p| region_regex_matches(p.region_regex, region)))
        .unwrap_or(&PARTITIONS[0])
}

/// Matches `text` against a `regionRegex` of the shape `^PREFIX\-\w+\-\d+$` (see the module
/// docs). Returns false for a regex of any other shape.
fn region_regex_matches(regex: &str, text: &str) -> bool {
    let Some(prefix_pattern) = regex.strip_prefix('^').and_then(|r| r.strip_suffix(r"\-\w+\-\d+$")) else {
        return false;
    };
    let Some(prefixes) = expand_literal_alternatives(prefix_pattern) else {
        return false;
    };
    prefixes.iter().any(|prefix| text.strip_prefix(prefix.as_str()).is_some_and(matches_word_digits_tail))
}

/// `-\w+-\d+` up to the end of text, `\w` = `[A-Za-z0-9_]`, `\d` = `[0-9]`. `\w` cannot
/// match `-`, so the split at the two hyphens is the only possible one.
fn matches_word_digits_tail(tail: &str) -> bool {
    let Some(rest) = tail.strip_prefix('-') else {
        return false;
    };
    let Some((word, digits)) = rest.split_once('-') else {
        return false;
    };
    !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Expands a regex made only of literal characters, `\`-escaped punctuation and (non-nested)
/// groups of `|`-separated literals into the list of strings it matches, e.g.
/// `us\-(gov|iso)` into `["us-gov", "us-iso"]`. `None` for any other construct.
fn expand_literal_alternatives(pattern: &str) -> Option<Vec<String>> {
    let mut results = vec![String::new()];
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        let alternatives: Vec<String> = match c {
            '(' => {
                let mut alts = vec![String::new()];
                loop {
                    match chars.next()? {
                        ')' => break,
                        '|' => alts.push(String::new()),
                        '\\' => alts.last_mut()?.push(escaped_literal(chars.next()?)?),
                        c => alts.last_mut()?.push(plain_literal(c)?),
                    }
                }
                alts
            }
            '\\' => vec![escaped_literal(chars.next()?)?.to_string()],
            c => vec![plain_literal(c)?.to_string()],
        };
        results = results.iter().flat_map(|r| alternatives.iter().map(move |a| format!("{r}{a}"))).collect();
    }
    Some(results)
}

/// A character after `\` that stands for itself (`\-`, `\.`); `\w`, `\d` etc. are classes.
fn escaped_literal(c: char) -> Option<char> {
    (c.is_ascii_punctuation()).then_some(c)
}

/// A character that stands for itself outside a group, i.e. not a regex metacharacter.
fn plain_literal(c: char) -> Option<char> {
    (!"\\^$.|?*+()[]{}".contains(c)).then_some(c)
}

/// Maximum length of a DNS label, and so of a region.
const MAX_REGION_LEN: usize = 63;

/// Strict region check used by the client before any network I/O (not part of the rule set,
/// which accepts anything): the region must be a valid DNS host label,
/// `^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`, at most 63 characters. Lowercase only, as AWS region
/// names are. The error message names the offending region.
pub fn validate_region(region: &str) -> Result<(), EndpointError> {
    let problem = if region.is_empty() {
        "a region must not be empty".to_owned()
    } else if region.len() > MAX_REGION_LEN {
        format!("is {} bytes long; a region is at most {MAX_REGION_LEN} characters", region.len())
    } else if let Some(c) = region.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')) {
        format!("contains {c:?}; a region may contain only lowercase letters a-z, digits 0-9 and '-'")
    } else if region.starts_with('-') || region.ends_with('-') {
        "must not start or end with '-'".to_owned()
    } else {
        return Ok(());
    };
    Err(EndpointError::new(format!("invalid region {}: {problem}", quote_for_message(region))))
}

/// Quotes (and escapes) a region for an error message, shortened if very long.
fn quote_for_message(region: &str) -> String {
    const SHOW: usize = 80;
    if region.chars().count() <= SHOW {
        format!("{region:?}")
    } else {
        let head: String = region.chars().take(SHOW).collect();
        format!("{head:?}... ({} bytes)", region.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(region: &str, fips: bool, dual_stack: bool) -> EndpointParams {
        EndpointParams {
            region: Some(region.to_owned()),
            use_fips: fips,
            use_dual_stack: dual_stack,
            ..Default::default()
        }
    }

    #[test]
    fn tail_matcher() {
        for ok in ["-east-1", "-a-0", "-north_west-12", "-X9-007"] {
            assert!(matches_word_digits_tail(ok), "{ok}");
        }
        for bad in [
            "",
            "-",
            "--1",
            "-east-",
            "-east",
            "east-1",
            "-east-1a",
            "-east-1-",
            "-ea.st-1",
            "-east-1\n",
            "-east-west-1",
            "-éast-1",
            "-east-١",
            "-east-1 ",
        ] {
            assert!(!matches_word_digits_tail(bad), "{bad:?}");
        }
    }

    #[test]
    fn literal_alternatives() {
        let ex = |p: &str| expand_literal_alternatives(p);
        assert_eq!(ex("cn"), Some(vec!["cn".to_owned()]));
        assert_eq!(ex(r"us\-gov"), Some(vec!["us-gov".to_owned()]));
        assert_eq!(ex(r"eusc\-(de)"), Some(vec!["eusc-de".to_owned()]));
        assert_eq!(ex(r"(us|eu)\-(a|b)"), Some(["us-a", "us-b", "eu-a", "eu-b"].map(String::from).to_vec()));
        assert_eq!(ex(""), Some(vec![String::new()]));
        for unsupported in [r"\w", r"\d", "a.", "a+", "(a", "a)", "[a]", "a|b", "((a))", r"a\"] {
            assert_eq!(ex(unsupported), None, "{unsupported}");
        }
    }

    #[test]
    fn generic_regex_matcher() {
        let aws = r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$";
        for ok in ["us-east-1", "mx-central-1", "il-central-12", "eu-foo_bar-0"] {
            assert!(region_regex_matches(aws, ok), "{ok}");
        }
        for bad in ["us-gov-west-1", "cn-north-1", "us-east", "xus-east-1", "us-east-1x", "us_east-1", ""] {
            assert!(!region_regex_matches(aws, bad), "{bad}");
        }
        let eusc = r"^eusc\-(de)\-\w+\-\d+$";
        assert!(region_regex_matches(eusc, "eusc-de-east-1"));
        assert!(region_regex_matches(eusc, "eusc-de-south-2"));
        assert!(!region_regex_matches(eusc, "eusc-fr-east-1"));
        assert!(!region_regex_matches(eusc, "eusc-east-1"));
        // Shapes the matcher does not read match nothing.
        assert!(!region_regex_matches(r"^us\-\w+$", "us-east"));
        assert!(!region_regex_matches(r"us\-\w+\-\d+$", "us-east-1"));
        assert!(!region_regex_matches(r"^u.\-\w+\-\d+$", "us-east-1"));
    }

    #[test]
    fn every_partition_regex_is_readable_and_matches_its_own_regions() {
        for p in &PARTITIONS {
            let prefix = p.region_regex.strip_prefix('^').and_then(|r| r.strip_suffix(r"\-\w+\-\d+$"));
            let prefix = prefix.unwrap_or_else(|| panic!("{}: unsupported regex shape", p.id));
            assert!(expand_literal_alternatives(prefix).is_some(), "{}: unsupported prefix", p.id);
            for region in p.regions.iter().filter(|r| !r.ends_with("-global")) {
                assert!(region_regex_matches(p.region_regex, region), "{} {region}", p.id);
            }
            assert!(region_regex_matches(p.region_regex, p.implicit_global_region), "{}", p.id);
        }
    }

    #[test]
    fn partition_lookup() {
        let id = |r: &str| partition_of(r).id;
        assert_eq!(id("us-east-1"), "aws");
        assert_eq!(id("aws-global"), "aws");
        assert_eq!(id("us-east-3"), "aws");
        assert_eq!(id("foo-bar"), "aws");
        assert_eq!(id(""), "aws");
        assert_eq!(id("cn-north-1"), "aws-cn");
        assert_eq!(id("cn-south-7"), "aws-cn");
        assert_eq!(id("aws-cn-global"), "aws-cn");
        assert_eq!(id("us-gov-west-1"), "aws-us-gov");
        assert_eq!(id("us-gov-north-9"), "aws-us-gov");
        assert_eq!(id("aws-us-gov-global"), "aws-us-gov");
        assert_eq!(id("us-iso-east-1"), "aws-iso");
        assert_eq!(id("us-iso-north-3"), "aws-iso");
        assert_eq!(id("us-isob-west-1"), "aws-iso-b");
        assert_eq!(id("us-isob-north-3"), "aws-iso-b");
        assert_eq!(id("eu-isoe-west-1"), "aws-iso-e");
        assert_eq!(id("eu-isoe-north-2"), "aws-iso-e");
        assert_eq!(id("us-isof-south-1"), "aws-iso-f");
        assert_eq!(id("us-isof-west-5"), "aws-iso-f");
        assert_eq!(id("aws-iso-f-global"), "aws-iso-f");
        assert_eq!(id("eusc-de-east-1"), "aws-eusc");
        assert_eq!(id("eusc-de-west-2"), "aws-eusc");
        assert_eq!(id("eusc-fr-east-1"), "aws");
    }

    #[test]
    fn table_is_well_formed() {
        let mut ids: Vec<_> = PARTITIONS.iter().map(|p| p.id).collect();
        assert_eq!(PARTITIONS[0].id, "aws", "fallback partition must come first");
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), PARTITIONS.len());
        for p in &PARTITIONS {
            assert!(p.regions.windows(2).all(|w| w[0] < w[1]), "{}: regions sorted, unique", p.id);
        }
    }

    // Branches unreachable with today's table (every partition supports FIPS and DualStack).
    static NO_FIPS_NO_DS: Partition = Partition {
        id: "test",
        name: "test",
        dns_suffix: "example.test",
        dual_stack_dns_suffix: "ds.example.test",
        supports_fips: false,
        supports_dual_stack: false,
        implicit_global_region: "test-east-1",
        region_regex: r"^test\-\w+\-\d+$",
        regions: &[],
    };
    static FIPS_ONLY: Partition = Partition { supports_fips: true, ..NO_FIPS_NO_DS };
    static DS_ONLY: Partition = Partition { supports_dual_stack: true, ..NO_FIPS_NO_DS };

    #[test]
    fn unsupported_variant_errors() {
        let r = |p: &'static Partition, fips, ds| {
            resolve_with(&params("test-east-1", fips, ds), |_| p).map_err(|e| e.message)
        };
        assert_eq!(r(&NO_FIPS_NO_DS, true, true), Err(ERR_FIPS_DUALSTACK_UNSUPPORTED.into()));
        assert_eq!(r(&FIPS_ONLY, true, true), Err(ERR_FIPS_DUALSTACK_UNSUPPORTED.into()));
        assert_eq!(r(&DS_ONLY, true, true), Err(ERR_FIPS_DUALSTACK_UNSUPPORTED.into()));
        assert_eq!(r(&NO_FIPS_NO_DS, true, false), Err(ERR_FIPS_UNSUPPORTED.into()));
        assert_eq!(r(&DS_ONLY, true, false), Err(ERR_FIPS_UNSUPPORTED.into()));
        assert_eq!(r(&NO_FIPS_NO_DS, false, true), Err(ERR_DUALSTACK_UNSUPPORTED.into()));
        assert_eq!(r(&FIPS_ONLY, false, true), Err(ERR_DUALSTACK_UNSUPPORTED.into()));
        let url = |p: &'static Partition, fips, ds| r(p, fips, ds).map(|e| e.url);
        assert_eq!(url(&FIPS_ONLY, true, false), Ok("https://sts-fips.test-east-1.example.test".into()));
        assert_eq!(url(&DS_ONLY, false, true), Ok("https://sts.test-east-1.ds.example.test".into()));
        assert_eq!(url(&NO_FIPS_NO_DS, false, false), Ok("https://sts.test-east-1.example.test".into()));
        // The legacy global branch ignores partition capabilities and stays regional here.
        let global = EndpointParams { use_global_endpoint: true, ..params("test-east-1", false, false) };
        assert_eq!(
            resolve_with(&global, |_| &NO_FIPS_NO_DS),
            Ok(ResolvedEndpoint {
                url: "https://sts.test-east-1.example.test".into(),
                signing_region: Some("test-east-1".into())
            })
        );
    }

    #[test]
    fn error_texts_are_exactly_the_rule_sets() {
        fn collect(rules: &serde_json::Value, out: &mut Vec<String>) {
            for rule in rules.as_array().expect("rules array") {
                if let Some(e) = rule.get("error") {
                    out.push(e.as_str().expect("error text").to_owned());
                }
                if let Some(sub) = rule.get("rules") {
                    collect(sub, out);
                }
            }
        }
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/vectors/endpoints/endpoint-rule-set-1.json");
        let text = std::fs::read_to_string(&path).expect("endpoint-rule-set-1.json");
        let rule_set: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let mut in_file = Vec::new();
        collect(&rule_set["rules"], &mut in_file);
        in_file.sort();
        let mut ours = vec![
            ERR_FIPS_CUSTOM,
            ERR_DUALSTACK_CUSTOM,
            ERR_FIPS_DUALSTACK_UNSUPPORTED,
            ERR_FIPS_UNSUPPORTED,
            ERR_DUALSTACK_UNSUPPORTED,
            ERR_MISSING_REGION,
        ];
        ours.sort();
        assert_eq!(in_file, ours);
    }

    #[test]
    fn rule_order_edge_cases() {
        // Global flag with FIPS falls through to the regional FIPS rule (no authSchemes).
        let p = EndpointParams { use_global_endpoint: true, ..params("us-east-1", true, false) };
        assert_eq!(
            resolve(&p),
            Ok(ResolvedEndpoint { url: "https://sts-fips.us-east-1.amazonaws.com".into(), signing_region: None })
        );
        // Custom endpoint without region; FIPS error wins over DualStack error.
        let p = EndpointParams {
            endpoint: Some("https://example.com".into()),
            use_fips: true,
            use_dual_stack: true,
            ..Default::default()
        };
        assert_eq!(resolve(&p).unwrap_err().message, ERR_FIPS_CUSTOM);
        // Global flag without a region: Missing Region.
        let p = EndpointParams { use_global_endpoint: true, ..Default::default() };
        assert_eq!(resolve(&p).unwrap_err().to_string(), ERR_MISSING_REGION);
        // The rule set does not validate regions.
        assert_eq!(resolve(&params("foo-bar", false, false)).unwrap().url, "https://sts.foo-bar.amazonaws.com");
    }

    #[test]
    fn validate_region_messages() {
        assert_eq!(validate_region("us-east-1"), Ok(()));
        let msg = |r: &str| validate_region(r).unwrap_err().message;
        assert_eq!(msg(""), "invalid region \"\": a region must not be empty");
        assert!(msg("US-EAST-1").starts_with("invalid region \"US-EAST-1\": contains 'U'"));
        assert!(msg("-x").contains("must not start or end with '-'"));
        assert!(msg("a\nb").contains(r#""a\nb""#));
        let long = "a".repeat(500);
        assert!(msg(&long).len() < 200);
        assert!(msg(&long).contains("500 bytes"));
    }
}
