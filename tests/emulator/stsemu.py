#!/usr/bin/env python3
"""stsemu - a local AWS STS emulator for the stskit test suites.

Speaks STS's AWS Query protocol (docs: ../../../shared/docs/sts-api.md) over HTTP and HTTPS,
verifies SigV4 (header and presigned forms) with its own code, issues and remembers temporary
credentials, and injects faults chosen through the URL path of the client's endpoint:

    http://127.0.0.1:PORT/_s/<scenario-id>/<name=value>/<name=value>/

Standard library only (plus the `openssl` CLI to make the test certificates). See README.md.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import collections
import dataclasses
import datetime as dt
import email.utils
import hashlib
import hmac
import http
import io
import http.server
import json
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import ssl
import string
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import unicodedata
import urllib.parse
import uuid
import xml.etree.ElementTree as ET

try:  # only used to serialise certificate generation between concurrent emulators
    import fcntl
except ImportError:  # pragma: no cover - non-POSIX
    fcntl = None

API_VERSION = "2011-06-15"
XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/"
SKEW_WINDOW = 15 * 60            # STS accepts X-Amz-Date within +-15 minutes
MAX_BODY = 4 * 1024 * 1024       # far above STS's own limits (SAMLAssertion <= 100000 chars)
BIGBODY_SIZE = 50 * 1024 * 1024
AMZ_DATE_FMT = "%Y%m%dT%H%M%SZ"
ALGORITHM = "AWS4-HMAC-SHA256"
UNSIGNED_OPS = ("AssumeRoleWithSAML", "AssumeRoleWithWebIdentity")
OPERATIONS = ("AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "AssumeRoot",
              "DecodeAuthorizationMessage", "GetAccessKeyInfo", "GetCallerIdentity", "GetDelegatedAccessToken",
              "GetFederationToken", "GetSessionToken", "GetWebIdentityToken")   # each is Emulator.op_<name>

QUIET = False


def log(msg: str) -> None:
    if not QUIET:
        sys.stderr.write(f"[stsemu] {msg}\n")
        sys.stderr.flush()


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------

SIG_MISMATCH = ("The request signature we calculated does not match the signature you provided. "
                "Check your AWS Secret Access Key and signing method. "
                "Consult the service documentation for details.")

# Wire code -> (HTTP status, default message); sts-api.md §6.2 (modeled) and §6.3 (generic).
# <Type> is Receiver for 5xx, Sender otherwise. Codes not listed: 400 Sender.
ERROR_TABLE = {
    "ExpiredTokenException": (400, "Token expired: current date/time must be before the expiration date/time"),
    "ExpiredTradeInTokenException": (400, "The trade-in token has expired."),
    "IDPCommunicationError": (400, "Couldn't retrieve verification key from your identity provider,  "
                                   "please reference AssumeRoleWithWebIdentity documentation for requirements"),
    "IDPRejectedClaim": (403, "The identity provider rejected the claims in the token."),
    "InvalidAuthorizationMessageException": (400, "Invalid authorization message"),
    "InvalidIdentityToken": (400, "The web identity token that was passed could not be validated by AWS. "
                                  "Get a new identity token from the identity provider and then retry the request."),
    "JWTPayloadSizeExceededException": (400, "The JWT payload exceeds the maximum allowed size."),
    "MalformedPolicyDocument": (400, "The policy is not in the valid JSON format."),
    "OutboundWebIdentityFederationDisabledException": (403, "Outbound web identity federation is not enabled for this account."),
    "PackedPolicyTooLarge": (400, "Packed policy consumes 113% of allotted space, please use smaller policy for this operation."),
    "RegionDisabledException": (403, "STS is not activated in this region for account:123456789012. Your account "
                                     "administrator can activate STS in this region using the IAM Console."),
    "SessionDurationEscalationException": (403, "The requested token duration exceeds the remaining duration of the caller's session."),
    "InvalidClientTokenId": (403, "The security token included in the request is invalid."),
    "ExpiredToken": (403, "The security token included in the request is expired"),
    "SignatureDoesNotMatch": (403, SIG_MISMATCH),
    "IncompleteSignature": (400, "The request signature does not conform to AWS standards."),
    "AccessDenied": (403, "User: arn:aws:iam::123456789012:user/emulator is not authorized to perform: "
                          "sts:AssumeRole on resource: arn:aws:iam::123456789012:role/emulated"),
    "Throttling": (400, "Rate exceeded"),
    "ThrottlingException": (400, "Rate exceeded"),
    "ValidationError": (400, "1 validation error detected: Value null at 'roleArn' failed to satisfy "
                             "constraint: Member must not be null"),
    "MissingAuthenticationToken": (403, "Request is missing Authentication Token"),
    "InvalidAction": (400, "Could not find operation for version 2011-06-15"),
    "MissingAction": (400, "Missing Action"),
    "MissingParameter": (400, "A required parameter for the specified action is not supplied."),
    "InvalidParameterValue": (400, "An invalid or out-of-range value was supplied for the input parameter."),
    "InvalidParameterCombination": (400, "Parameters that must not be used together were used together."),
    "InvalidQueryParameter": (400, "The AWS query string is malformed or does not adhere to AWS standards."),
    "MalformedQueryString": (404, "The query string contains a syntax error."),
    "OptInRequired": (403, "The AWS access key ID needs a subscription for the service."),
    "NotAuthorized": (400, "You do not have permission to perform this action."),
    "RequestExpired": (400, "The request reached the service more than 15 minutes after the date stamp on the request."),
    "InternalFailure": (500, "The request processing has failed because of an unknown error, exception or failure."),
    "ServiceUnavailable": (503, "The request has failed due to a temporary failure of the server."),
}
# Modeled shape names whose wire code differs (sts-api.md §6.2): error=<shape name> works too.
ERROR_ALIASES = {
    "IDPCommunicationErrorException": "IDPCommunicationError",
    "IDPRejectedClaimException": "IDPRejectedClaim",
    "InvalidIdentityTokenException": "InvalidIdentityToken",
    "MalformedPolicyDocumentException": "MalformedPolicyDocument",
    "PackedPolicyTooLargeException": "PackedPolicyTooLarge",
}


class StsError(Exception):
    """An STS error response: code, HTTP status, Sender/Receiver type and message."""

    def __init__(self, code: str, message: str | None = None, status: int | None = None):
        code = ERROR_ALIASES.get(code, code)
        default_status, default_msg = ERROR_TABLE.get(code, (400, f"Emulated {code} error"))
        self.code = code
        self.status = status or default_status
        self.message = message if message is not None else default_msg
        self.type = "Receiver" if self.status >= 500 else "Sender"
        super().__init__(f"{code}: {self.message}")


class DirectiveError(Exception):
    """A scenario path that cannot be parsed."""


# --------------------------------------------------------------------------------------------
# Identities and credentials
# --------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Identity:
    account: str
    arn: str
    user_id: str
    kind: str                          # user | assumed-role | federated-user | root
    source_identity: str | None = None


@dataclasses.dataclass
class Credential:
    access_key: str
    secret: str
    identity: Identity
    token: str | None = None           # None for long-term keys
    expires: int | None = None         # epoch seconds (emulator clock); None for long-term keys


LONG_TERM_KEYS = [
    Credential("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
               Identity("123456789012", "arn:aws:iam::123456789012:user/emulator", "AIDAEXAMPLEUSER00001", "user")),
    Credential("AKIDOTHER00000000000", "otherSecretKey000000000000000000000000000",
               Identity("210987654321", "arn:aws:iam::210987654321:user/other", "AIDAOTHERUSER0000001", "user")),
]
UNKNOWN_KEY_ACCOUNT = "999999999999"
MFA_CODE = "123456"

_UPPER_ALNUM = string.ascii_uppercase + string.digits
_SECRET_ALPHABET = string.ascii_letters + string.digits + "+/"


def _rand(alphabet: str, n: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(n))


def _hash_id(text: str, n: int = 16) -> str:
    """Stable uppercase id derived from text (A-Z, 2-7), like AWS's unique ids."""
    return base64.b32encode(hashlib.sha256(text.encode()).digest()).decode()[:n]


def iso8601(epoch: float) -> str:
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def amz_date(epoch: float) -> str:
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime(AMZ_DATE_FMT)


class Timestamp(int):
    """Epoch seconds rendered as ISO-8601 in XML and as a number in JSON (as STS does)."""


# --------------------------------------------------------------------------------------------
# XML / JSON rendering. A result is a list of (name, value) pairs; value is str/int/Timestamp
# or a nested list of pairs (a structure).
# --------------------------------------------------------------------------------------------

_XML_ILLEGAL = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value) -> str:
    s = iso8601(value) if isinstance(value, Timestamp) else str(value)
    s = _XML_ILLEGAL.sub("\ufffd", s)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xml_lines(name: str, value, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    if isinstance(value, list):
        out.append(f"{pad}<{name}>")
        for k, v in value:
            _xml_lines(k, v, depth + 1, out)
        out.append(f"{pad}</{name}>")
    else:
        out.append(f"{pad}<{name}>{_xml_text(value)}</{name}>")


def xml_document(root: str, children: list) -> bytes:
    out = [f'<{root} xmlns="{XMLNS}">']
    for k, v in children:
        _xml_lines(k, v, 1, out)
    out.append(f"</{root}>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _json_value(value):
    if isinstance(value, list):
        return {k: _json_value(v) for k, v in value}
    if isinstance(value, Timestamp):
        return float(value)
    return value


def success_body(op: str, result: list, request_id: str, as_json: bool) -> bytes:
    if as_json:
        doc = {f"{op}Response": {f"{op}Result": _json_value(result),
                                 "ResponseMetadata": {"RequestId": request_id}}}
        return json.dumps(doc).encode()
    return xml_document(f"{op}Response", [(f"{op}Result", result),
                                          ("ResponseMetadata", [("RequestId", request_id)])])


def error_body(err: StsError, request_id: str, as_json: bool) -> bytes:
    if as_json:
        doc = {"Error": {"Code": err.code, "Message": err.message, "Type": err.type}, "RequestId": request_id}
        return json.dumps(doc).encode()
    return xml_document("ErrorResponse", [
        ("Error", [("Type", err.type), ("Code", err.code), ("Message", err.message)]),
        ("RequestId", request_id)])


# --------------------------------------------------------------------------------------------
# SigV4 (independent implementation; checked against sts-api.md §8 vectors by the self-test)
# --------------------------------------------------------------------------------------------

def remove_dot_segments(path: str) -> str:
    """RFC 3986 dot-segment removal plus collapsing of empty segments (what AWS/botocore do)."""
    if not path:
        return "/"
    out: list[str] = []
    for seg in path.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if out:
                out.pop()
        else:
            out.append(seg)
    first = "/" if path.startswith("/") else ""
    last = "/" if path.endswith("/") and out else ""
    return first + "/".join(out) + last


def canonical_uri(raw_path: str) -> str:
    """Non-S3 SigV4: the path as received, normalised, then URI-encoded once more (so a literal
    '=' becomes %3D and an already-encoded %3D becomes %253D), '/' kept."""
    return urllib.parse.quote(remove_dot_segments(raw_path), safe="/~")


def canonical_query(raw_query: str, drop: tuple[str, ...] = ()) -> str:
    """Each key and value percent-decoded ('+' = space) and re-encoded per RFC 3986, sorted."""
    pairs = []
    for part in raw_query.split("&"):
        if not part:
            continue
        k, _, v = part.partition("=")
        kb = urllib.parse.unquote_to_bytes(k.replace("+", " "))
        vb = urllib.parse.unquote_to_bytes(v.replace("+", " "))
        if kb.decode("utf-8", "replace") in drop:
            continue
        pairs.append((urllib.parse.quote_from_bytes(kb, safe="~"), urllib.parse.quote_from_bytes(vb, safe="~")))
    pairs.sort()
    return "&".join(f"{k}={v}" for k, v in pairs)


def canonical_header_value(values: list[str]) -> str:
    return ",".join(re.sub(r"[ \t]+", " ", v.strip()) for v in values)


def canonical_request(method: str, raw_path: str, raw_query: str, header_values: dict[str, list[str]],
                      signed_headers: list[str], payload_hash: str, drop_query: tuple[str, ...] = ()) -> str:
    """header_values: lower-case name -> list of received values, for every signed header."""
    lines = "".join(f"{n}:{canonical_header_value(header_values[n])}\n" for n in signed_headers)
    return "\n".join([method, canonical_uri(raw_path), canonical_query(raw_query, drop_query),
                      lines, ";".join(signed_headers), payload_hash])


def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    key = hmac.new(("AWS4" + secret).encode(), date.encode(), hashlib.sha256).digest()
    for part in (region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


def string_to_sign(amzdate: str, scope: str, creq: str) -> str:
    return "\n".join([ALGORITHM, amzdate, scope, hashlib.sha256(creq.encode("utf-8")).hexdigest()])


def signature(secret: str, amzdate: str, region: str, service: str, creq: str) -> tuple[str, str]:
    """Returns (hex signature, string to sign)."""
    scope = f"{amzdate[:8]}/{region}/{service}/aws4_request"
    sts = string_to_sign(amzdate, scope, creq)
    sig = hmac.new(signing_key(secret, amzdate[:8], region, service), sts.encode(), hashlib.sha256).hexdigest()
    return sig, sts


# --------------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------------

FAULT_KINDS = ("throttle", "http500", "http503", "reset", "truncate", "shortbody", "garbage",
               "bigbody", "badutf8", "missing", "idp", "empty", "json")
_SCENARIO_ID = re.compile(r"[A-Za-z0-9_.-]+")


@dataclasses.dataclass
class Directives:
    times: int | None = None
    fault: str | None = None
    error: str | None = None
    delay_ms: int = 0
    drip_ms: int = 0
    skew: int = 0
    lifetime: int | None = None
    retry_after_ms: int | None = None

    @property
    def injected(self) -> str | None:
        """What `times` limits (fault, error, delay, drip), named for the stats history."""
        if self.fault or self.error:
            return self.fault or f"error={self.error}"
        return "delay" if self.delay_ms else "drip" if self.drip_ms else None


def _int_directive(name: str, value: str, lo: int, hi: int) -> int:
    if not re.fullmatch(r"[+-]?\d+", value):
        raise DirectiveError(f"scenario directive {name}={value!r}: value must be an integer")
    n = int(value)
    if not lo <= n <= hi:
        raise DirectiveError(f"scenario directive {name}={value}: value must be in {lo}..{hi}")
    return n


def parse_scenario(path: str) -> tuple[str, Directives]:
    """'/_s/<id>/<name=value>/...' -> (id, directives); any other path is the default scenario."""
    d = Directives()
    if not path.startswith("/_s/"):
        return "default", d
    segs = [urllib.parse.unquote(s) for s in path[len("/_s/"):].split("/")]
    sid = segs[0]
    if not _SCENARIO_ID.fullmatch(sid):
        raise DirectiveError(f"bad scenario id {sid!r}: expected /_s/<id>/ with id matching [A-Za-z0-9_.-]+")
    seen = set()
    for seg in segs[1:]:
        if not seg:
            continue
        name, eq, value = seg.partition("=")
        if not eq:
            raise DirectiveError(f"scenario directive {seg!r} is not of the form name=value")
        if name in seen:
            raise DirectiveError(f"scenario directive {name!r} given twice")
        seen.add(name)
        if name == "times":
            d.times = _int_directive(name, value, 0, 10**9)
        elif name == "fault":
            if value not in FAULT_KINDS:
                raise DirectiveError(f"unknown fault {value!r}; known: {', '.join(FAULT_KINDS)}")
            d.fault = value
        elif name == "error":
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9.]*", value):
                raise DirectiveError(f"bad error code {value!r}")
            d.error = ERROR_ALIASES.get(value, value)
        elif name == "delay":
            d.delay_ms = _int_directive(name, value, 0, 600_000)
        elif name == "drip":
            d.drip_ms = _int_directive(name, value, 0, 60_000)
        elif name == "skew":
            d.skew = _int_directive(name, value, -10 * 365 * 86400, 10 * 365 * 86400)
        elif name == "lifetime":
            d.lifetime = _int_directive(name, value, 1, 10 * 365 * 86400)
        elif name == "retryafter":
            d.retry_after_ms = _int_directive(name, value, 0, 3_600_000)
        else:
            raise DirectiveError(f"unknown scenario directive {name!r}; known: times, fault, error, "
                                 "delay, drip, skew, lifetime, retryafter")
    if d.fault and d.error:
        raise DirectiveError("use either fault= or error=, not both")
    return sid, d


class ScenarioStats:
    def __init__(self):
        self.requests = 0
        self.actions: collections.Counter = collections.Counter()
        self.signed = 0
        self.unsigned = 0
        self.faults = 0
        self.auth_on_unsigned_ops = 0
        self.history: collections.deque = collections.deque(maxlen=50)

    def to_json(self) -> dict:
        return {"requests": self.requests, "actions": dict(self.actions), "signed": self.signed,
                "unsigned": self.unsigned, "faults": self.faults,
                "auth_on_unsigned_ops": self.auth_on_unsigned_ops, "history": list(self.history)}


# --------------------------------------------------------------------------------------------
# Request parameters and AWS-style validation
# --------------------------------------------------------------------------------------------

def _camel(name: str) -> str:
    return name[:1].lower() + name[1:]


def _regex(display: str):
    rx = re.compile(display, re.ASCII)
    return display, (lambda s: rx.fullmatch(s) is not None)


def _xml_legal(s: str) -> bool:
    return not _XML_ILLEGAL.search(s)


def _tag_chars(s: str) -> bool:
    return all(unicodedata.category(c)[0] in "LZN" or c in "_.:/=+-@" for c in s)


def _policy_chars(s: str) -> bool:
    return all(c in "\t\n\r" or 0x20 <= ord(c) <= 0xFF for c in s)


P_SESSION = _regex(r"[\w+=,.@-]*")
P_EXTERNAL_ID = _regex(r"[\w+=,.@:/-]*")
P_SERIAL = _regex(r"[\w+=/:,.@-]*")
P_TOKEN_CODE = _regex(r"[\d]*")
P_ACCESS_KEY = _regex(r"[\w]*")
P_ARN = (r"[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]+", _xml_legal)
P_TAG_KEY = (r"[\p{L}\p{Z}\p{N}_.:/=+\-@]+", _tag_chars)
P_TAG_VALUE = (r"[\p{L}\p{Z}\p{N}_.:/=+\-@]*", _tag_chars)
P_POLICY = (r"[\u0009\u000A\u000D\u0020-\u00FF]+", _policy_chars)


class Params:
    """Typed access to the flattened awsQuery parameters; collects validation errors."""

    def __init__(self, raw: dict[str, str]):
        self.raw = raw
        self.errors: list[str] = []
        self.later: StsError | None = None   # raised by finish() after validation errors

    def fail(self, value, member: str, constraint: str, sensitive: bool = False) -> None:
        shown = "null" if value is None else ("" if sensitive else f"'{value}'")
        prefix = f"Value {shown} at" if shown else "Value at"
        self.errors.append(f"{prefix} '{member}' failed to satisfy constraint: {constraint}")

    def check(self, value: str, member: str, min_len=None, max_len=None, pattern=None, sensitive=False) -> None:
        if min_len is not None and len(value) < min_len:
            self.fail(value, member, f"Member must have length greater than or equal to {min_len}", sensitive)
        if max_len is not None and len(value) > max_len:
            self.fail(value, member, f"Member must have length less than or equal to {max_len}", sensitive)
        if pattern is not None and value and not pattern[1](value):
            self.fail(value, member, f"Member must satisfy regular expression pattern: {pattern[0]}", sensitive)

    def string(self, name: str, required=False, min_len=None, max_len=None, pattern=None,
               sensitive=False) -> str | None:
        value = self.raw.get(name)
        if value is None:
            if required:
                raise StsError("MissingParameter", f"The request must contain the parameter {name}")
            return None
        self.check(value, _camel(name), min_len, max_len, pattern, sensitive)
        return value

    def integer(self, name: str, lo: int, hi: int, default: int) -> int:
        value = self.raw.get(name)
        if value is None:
            return default
        if not re.fullmatch(r"[+-]?\d{1,18}", value):
            self.fail(value, _camel(name), "Member must be an integer")
            return default
        n = int(value)
        if n < lo:
            self.fail(value, _camel(name), f"Member must have value greater than or equal to {lo}")
        if n > hi:
            self.fail(value, _camel(name), f"Member must have value less than or equal to {hi}")
        return n

    def members(self, name: str) -> list[dict[str, str]] | None:
        """'Name.member.N[.Sub]' -> [{Sub or '': value}, ...] ordered by N; 'Name=' -> []; absent -> None."""
        prefix = name + ".member."
        items: dict[int, dict[str, str]] = {}
        for key, value in self.raw.items():
            if key.startswith(prefix):
                idx, _, sub = key[len(prefix):].partition(".")
                if not idx.isdigit():
                    raise StsError("InvalidQueryParameter", f"Malformed list parameter {key!r}")
                items.setdefault(int(idx), {})[sub] = value
        if not items:
            return [] if name in self.raw else None
        return [items[i] for i in sorted(items)]

    def count(self, name: str, items: list, lo: int, hi: int) -> None:
        if len(items) < lo:
            self.fail("[]", _camel(name), f"Member must have length greater than or equal to {lo}")
        if len(items) > hi:
            self.fail(f"[{len(items)} items]", _camel(name), f"Member must have length less than or equal to {hi}")

    def scalar_list(self, name: str, min_items: int, max_items: int, **check) -> list[str]:
        items = self.members(name)
        if items is None:
            return []
        self.count(name, items, min_items, max_items)
        values = [it.get("", "") for it in items]
        for i, v in enumerate(values, 1):
            self.check(v, f"{_camel(name)}.{i}.member", **check)
        return values

    def struct_member(self, item: dict, name: str, sub: str, i: int, **check) -> str | None:
        value = item.get(sub)
        member = f"{_camel(name)}.{i}.member.{_camel(sub)}"
        if value is None:
            self.fail(None, member, "Member must not be null")
        else:
            self.check(value, member, **check)
        return value

    def policy_arns(self) -> list[str]:
        items = self.members("PolicyArns") or []
        return [self.struct_member(it, "PolicyArns", "arn", i, min_len=20, max_len=2048, pattern=P_ARN) or ""
                for i, it in enumerate(items, 1)]

    def tags(self) -> list[tuple[str, str]]:
        items = self.members("Tags")
        if items is None:
            return []
        self.count("Tags", items, 0, 50)
        tags = []
        for i, it in enumerate(items, 1):
            k = self.struct_member(it, "Tags", "Key", i, min_len=1, max_len=128, pattern=P_TAG_KEY)
            v = self.struct_member(it, "Tags", "Value", i, min_len=0, max_len=256, pattern=P_TAG_VALUE)
            tags.append((k or "", v or ""))
        lowered = [k.lower() for k, _ in tags]
        if len(set(lowered)) != len(lowered):
            self.later = StsError("InvalidParameterValue", "Duplicate tag keys found. "
                                  "Please note that Tag keys are case insensitive.")
        return tags

    def provided_contexts(self) -> list[tuple[str, str]]:
        items = self.members("ProvidedContexts")
        if items is None:
            return []
        self.count("ProvidedContexts", items, 1, 5)
        return [(self.struct_member(it, "ProvidedContexts", "ProviderArn", i, min_len=20, max_len=2048,
                                    pattern=P_ARN) or "",
                 self.struct_member(it, "ProvidedContexts", "ContextAssertion", i, min_len=4, max_len=2048) or "")
                for i, it in enumerate(items, 1)]

    def source_identity(self) -> str | None:
        value = self.string("SourceIdentity", min_len=2, max_len=64, pattern=P_SESSION)
        if value is not None and value.lower().startswith("aws:"):
            self.fail(value, "sourceIdentity", "Member must not start with 'aws:'")
        return value

    def finish(self) -> None:
        if self.errors:
            n = len(self.errors)
            raise StsError("ValidationError", f"{n} validation error{'s' if n > 1 else ''} detected: "
                           + "; ".join(self.errors))
        if self.later:
            raise self.later


def check_policy_json(policy: str | None) -> None:
    if policy is None:
        return
    try:
        doc = json.loads(policy)
    except ValueError:
        doc = None
    if not isinstance(doc, dict):
        raise StsError("MalformedPolicyDocument", "The policy is not in the valid JSON format.")


def packed_policy_size(policy: str | None, tags: list[tuple[str, str]]) -> int:
    size = 6 + (len(policy or "") + sum(len(k) + len(v) for k, v in tags)) * 100 // 2048
    if size > 100:
        raise StsError("PackedPolicyTooLarge", f"Packed policy consumes {size}% of allotted space, "
                                               "please use smaller policy for this operation.")
    return size


def check_mfa(serial: str | None, code: str | None) -> None:
    if serial is None and code is None:
        return
    if serial is None or code is None:
        raise StsError("AccessDenied", "MultiFactorAuthentication failed, must provide both MFA serial "
                                       "number and one time pass code.")
    if code != MFA_CODE:
        raise StsError("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.")


_ROLE_ARN = re.compile(r"arn:(aws[a-z-]*):iam::(\d{12}):role/(?:[\x21-\x7e]+/)?([\w+=,.@-]+)", re.ASCII)
_SAML_PROVIDER_ARN = re.compile(r"arn:(aws[a-z-]*):iam::(\d{12}):saml-provider/([\w+=,.@-]+)", re.ASCII)


def parse_role_arn(arn: str) -> tuple[str, str, str]:
    """-> (partition, account, role name)."""
    m = _ROLE_ARN.fullmatch(arn)
    if not m:
        raise StsError("ValidationError", f"{arn} is invalid: RoleArn must look like "
                                          "arn:aws:iam::<12-digit account>:role/<name>")
    return m.group(1), m.group(2), m.group(3)


def role_identity(role_arn: str, session: str, source_identity: str | None) -> Identity:
    partition, account, name = parse_role_arn(role_arn)
    return Identity(account, f"arn:{partition}:sts::{account}:assumed-role/{name}/{session}",
                    f"AROA{_hash_id(role_arn)}:{session}", "assumed-role", source_identity)


def deny_if_denied_role(role_arn: str, caller_arn: str, action: str) -> None:
    if parse_role_arn(role_arn)[2].lower().startswith("denied"):
        raise StsError("AccessDenied", f"User: {caller_arn} is not authorized to perform: sts:{action} "
                                       f"on resource: {role_arn}")


# --------------------------------------------------------------------------------------------
# Identity tokens (SAML assertions, JWTs)
# --------------------------------------------------------------------------------------------

NAMEID_PREFIX = "urn:oasis:names:tc:SAML:2.0:nameid-format:"
SAML_ATTR = "https://aws.amazon.com/SAML/Attributes/"


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse_iso(text: str) -> float:
    text = text.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    t = dt.datetime.fromisoformat(text)
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return t.timestamp()


def parse_saml(assertion: str, now: float) -> dict:
    try:
        raw = base64.b64decode(re.sub(r"\s+", "", assertion), validate=True)
        root = ET.fromstring(raw)
    except (binascii.Error, ValueError, ET.ParseError) as e:
        raise StsError("InvalidIdentityToken", f"Invalid SAML response: {e.__class__.__name__}: {e}")
    scope = next((e for e in root.iter() if _local(e.tag) == "Assertion"), root)

    def first(name):
        return next((e for e in scope.iter() if _local(e.tag) == name), None)

    issuer = first("Issuer")
    if issuer is None:
        issuer = next((e for e in root.iter() if _local(e.tag) == "Issuer"), None)
    nameid = first("NameID")
    if issuer is None or not (issuer.text or "").strip() or nameid is None or not (nameid.text or "").strip():
        raise StsError("InvalidIdentityToken", "Invalid SAML response: the assertion has no Issuer or no Subject NameID")
    for name in ("SubjectConfirmationData", "Conditions"):
        el = first(name)
        limit = el.get("NotOnOrAfter") if el is not None else None
        if limit:
            try:
                exp = _parse_iso(limit)
            except ValueError:
                raise StsError("InvalidIdentityToken", f"Invalid SAML response: bad NotOnOrAfter {limit!r}")
            if exp <= now:
                raise StsError("ExpiredTokenException", f"Token expired: current date/time {iso8601(now)} "
                                                        f"must be before the expiration date/time {iso8601(exp)}")
    attrs = {}
    for el in scope.iter():
        if _local(el.tag) == "Attribute" and el.get("Name"):
            attrs[el.get("Name")] = [(v.text or "").strip() for v in el if _local(v.tag) == "AttributeValue"]
    fmt = nameid.get("Format") or "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
    scd = first("SubjectConfirmationData")
    return {
        "subject": nameid.text.strip(),
        "subject_type": fmt[len(NAMEID_PREFIX):] if fmt.startswith(NAMEID_PREFIX) else fmt,
        "issuer": issuer.text.strip(),
        "audience": (scd.get("Recipient") if scd is not None else None) or "https://signin.aws.amazon.com/saml",
        "session_name": (attrs.get(SAML_ATTR + "RoleSessionName") or [None])[0],
        "source_identity": (attrs.get(SAML_ATTR + "SourceIdentity") or [None])[0],
    }


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64url_json(segment: str):
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def parse_jwt(token: str) -> dict:
    parts = token.split(".")
    if len(parts) != 3 or not all(re.fullmatch(r"[A-Za-z0-9_-]+", p) for p in parts[:2]) \
            or not re.fullmatch(r"[A-Za-z0-9_-]*", parts[2]):
        raise StsError("InvalidIdentityToken", "The web identity token is not a valid JWT "
                                               "(expected three base64url segments header.payload.signature)")
    try:
        header, claims = _b64url_json(parts[0]), _b64url_json(parts[1])
    except (ValueError, binascii.Error):
        raise StsError("InvalidIdentityToken", "The web identity token is not a valid JWT (bad base64url or JSON)")
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise StsError("InvalidIdentityToken", "The web identity token is not a valid JWT (not JSON objects)")
    return claims


def make_jwt(header: dict, claims: dict, sig_len: int) -> str:
    return ".".join([b64url(json.dumps(header, separators=(",", ":")).encode()),
                     b64url(json.dumps(claims, separators=(",", ":")).encode()),
                     b64url(os.urandom(sig_len))])


# --------------------------------------------------------------------------------------------
# The emulator: state, authentication, operations, faults
# --------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Request:
    method: str
    path: str                        # raw path as received (no query)
    query: str                       # raw query string
    headers: object                  # http.client.HTTPMessage (case-insensitive)
    body: bytes
    request_id: str = dataclasses.field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def wants_json(self) -> bool:
        return "application/json" in (self.headers.get("Accept") or "")


@dataclasses.dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    content_length: int | None = None   # None: len(body)
    tail: bytes = b""                   # bigbody only: bytes that end the padded body
    code: str | None = None             # the STS error code, for logs and stats


@dataclasses.dataclass
class Outcome:
    """What the connection handler should do: send `reply` (after delay_ms, dripping the body at
    drip_ms per byte) or misbehave at the transport level (reset, shortbody, bigbody)."""
    reply: Reply | None
    transport: str = "normal"
    delay_ms: int = 0
    drip_ms: int = 0
    summary: str = ""


@dataclasses.dataclass
class Call:
    """One authenticated operation call."""
    req: Request
    p: Params
    d: Directives
    now: float
    caller: Credential | None = None
    region: str = "us-east-1"


class Emulator:
    def __init__(self):
        self.lock = threading.Lock()
        self.creds: dict[str, Credential] = {c.access_key: c for c in LONG_TERM_KEYS}
        self.stats: dict[str, ScenarioStats] = collections.defaultdict(ScenarioStats)

    # ---- entry point ----------------------------------------------------------------------

    def handle(self, req: Request) -> Outcome:
        if req.path.startswith("/_emulator/"):
            return self.control(req)
        try:
            sid, d = parse_scenario(req.path)
        except DirectiveError as e:
            err = StsError("InvalidScenario", f"stsemu: {e}")
            return Outcome(self.error_reply(req, err, time.time()), summary=f"bad scenario -> {err.code}")
        now = time.time() + d.skew
        query = urllib.parse.parse_qsl(req.query, keep_blank_values=True)
        params: dict[str, str] = dict(query)
        param_error = None
        if req.method == "POST" and req.body:
            try:
                params.update(urllib.parse.parse_qsl(req.body.decode("utf-8"), keep_blank_values=True,
                                                     errors="strict"))
            except (UnicodeDecodeError, ValueError) as e:
                param_error = StsError("InvalidParameterValue", f"The request body is not valid "
                                                                f"application/x-www-form-urlencoded UTF-8: {e}")
        action = params.get("Action")
        signed = "Authorization" in req.headers or any(k in ("X-Amz-Signature", "X-Amz-Credential")
                                                         for k, _ in query)

        with self.lock:
            st = self.stats[sid]
            st.requests += 1
            n = st.requests
            st.actions[action or "(none)"] += 1
            if signed:
                st.signed += 1
            else:
                st.unsigned += 1
            if action in UNSIGNED_OPS and "Authorization" in req.headers:
                st.auth_on_unsigned_ops += 1
            active = d.injected is not None and (d.times is None or n <= d.times)
            if active:
                st.faults += 1

        if active and (d.fault or d.error):
            out = self.fault(req, d, action or "AssumeRole", now)
        else:
            out = Outcome(self.operation(req, params, param_error, action, d, now))
        if active:
            out.delay_ms, out.drip_ms = d.delay_ms, d.drip_ms
        status = out.reply.status if out.reply else None
        code = out.reply.code if out.reply else None
        with self.lock:
            st.history.append({"n": n, "method": req.method, "action": action, "signed": signed, "status": status,
                               "code": code, "fault": d.injected if active else None,
                               "headers": {k.lower(): v for k, v in req.headers.items()}})
        out.summary = (f"sid={sid} #{n} action={action} -> {status or out.transport}"
                       f"{' ' + code if code else ''}{' (injected)' if active else ''}")
        return out

    # ---- replies ----------------------------------------------------------------------------

    @staticmethod
    def _headers(req: Request, now: float, content_type: str) -> list[tuple[str, str]]:
        return [("x-amzn-RequestId", req.request_id), ("Content-Type", content_type),
                ("Date", email.utils.formatdate(now, usegmt=True))]

    def error_reply(self, req: Request, err: StsError, now: float, extra_headers=()) -> Reply:
        ctype = "application/json" if req.wants_json else "text/xml"
        return Reply(err.status, self._headers(req, now, ctype) + list(extra_headers),
                     error_body(err, req.request_id, req.wants_json), code=err.code)

    def success_reply(self, req: Request, op: str, result: list, now: float) -> Reply:
        ctype = "application/json" if req.wants_json else "text/xml"
        return Reply(200, self._headers(req, now, ctype), success_body(op, result, req.request_id, req.wants_json))

    # ---- normal processing --------------------------------------------------------------------

    def operation(self, req: Request, params: dict, param_error: StsError | None, action: str | None,
                  d: Directives, now: float) -> Reply:
        try:
            if param_error:
                raise param_error
            if not action:
                raise StsError("MissingAction", "Missing Action")
            version = params.get("Version")
            if action not in OPERATIONS or version != API_VERSION:
                raise StsError("InvalidAction", f"Could not find operation {action} for version "
                                                f"{version or 'NO_VERSION_SPECIFIED'}")
            call = Call(req, Params(params), d, now)
            if action not in UNSIGNED_OPS:
                call.caller, call.region = self.authenticate(req, now)
            return self.success_reply(req, action, getattr(self, f"op_{action}")(call), now)
        except StsError as e:
            return self.error_reply(req, e, now)
        except Exception as e:  # a bug or a weird request must never kill the server
            log("internal error:\n" + traceback.format_exc())
            return self.error_reply(req, StsError("InternalFailure", f"stsemu internal error: {e!r}"), now)

    # ---- SigV4 verification ------------------------------------------------------------------

    def authenticate(self, req: Request, now: float) -> tuple[Credential, str]:
        """Verifies SigV4 (header or presigned form); returns (caller credential, region)."""
        q = dict(urllib.parse.parse_qsl(req.query, keep_blank_values=True))
        header = req.headers.get("Authorization")
        presigned = any(k in q for k in ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature"))
        if header is None and not presigned:
            raise StsError("MissingAuthenticationToken", "Request is missing Authentication Token")
        if header is not None and presigned:
            raise StsError("IncompleteSignature", "Only one auth mechanism allowed; only the X-Amz-Algorithm "
                                                  "query parameter or the Authorization header should be specified")
        if presigned:
            needed = ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders")
            if any(not q.get(k) for k in needed):
                raise StsError("IncompleteSignature", "AWS query-string parameters must include 'X-Amz-Algorithm', "
                               "'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders'. "
                               "Re-examine the query-string parameters.")
            algorithm, credential = q["X-Amz-Algorithm"], q["X-Amz-Credential"]
            signed_list, provided, date = q["X-Amz-SignedHeaders"], q["X-Amz-Signature"], q["X-Amz-Date"]
            token = q.get("X-Amz-Security-Token")
            if token is None and "x-amz-security-token" in signed_list.lower().split(";"):
                token = req.headers.get("X-Amz-Security-Token")
            expires = q.get("X-Amz-Expires")
            if expires is not None and not (expires.isdigit() and 1 <= int(expires) <= 604800):
                raise StsError("IncompleteSignature", f"X-Amz-Expires must be an integer in 1..604800, got {expires!r}")
        else:
            algorithm, _, rest = header.strip().partition(" ")
            fields = {}
            for item in rest.split(","):
                k, eq, v = item.strip().partition("=")
                if eq:
                    fields[k.strip()] = v.strip()
            missing = [k for k in ("Credential", "Signature", "SignedHeaders") if not fields.get(k)]
            date = req.headers.get("X-Amz-Date")
            if date is None and req.headers.get("Date"):
                try:
                    date = amz_date(email.utils.parsedate_to_datetime(req.headers["Date"]).timestamp())
                except (TypeError, ValueError):
                    date = None
            problems = [f"Authorization header requires '{k}' parameter." for k in missing]
            if date is None:
                problems.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
            if algorithm == ALGORITHM and problems:
                raise StsError("IncompleteSignature", " ".join(problems) + f" Authorization={header}")
            credential, signed_list = fields.get("Credential", ""), fields.get("SignedHeaders", "")
            provided = fields.get("Signature", "")
            token = req.headers.get("X-Amz-Security-Token")
        if algorithm != ALGORITHM:
            raise StsError("IncompleteSignature", f"Unsupported AWS 'algorithm': '{algorithm}' "
                                                  f"(the emulator supports {ALGORITHM} only)")
        scope = credential.split("/")
        if len(scope) != 5 or not scope[0]:
            raise StsError("IncompleteSignature", f"Credential should have the form "
                                                  f"<AccessKeyId>/<YYYYMMDD>/<region>/sts/aws4_request, got '{credential}'")
        akid, scope_date, region, service, terminator = scope
        signed_headers = signed_list.lower().split(";")
        if "host" not in signed_headers:
            raise StsError("IncompleteSignature", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        try:
            t = dt.datetime.strptime(date, AMZ_DATE_FMT).replace(tzinfo=dt.timezone.utc).timestamp()
        except ValueError:
            raise StsError("IncompleteSignature", f"Date must be in ISO-8601 'basic format'. Got '{date}'. "
                                                  "See http://en.wikipedia.org/wiki/ISO_8601")

        with self.lock:
            cred = self.creds.get(akid)
        if cred is None:
            raise StsError("InvalidClientTokenId", "The security token included in the request is invalid.")
        if t < now - SKEW_WINDOW:
            raise StsError("SignatureDoesNotMatch", f"Signature expired: {date} is now earlier than "
                           f"{amz_date(now - SKEW_WINDOW)} ({amz_date(now)} - 15 min.)")
        if t > now + SKEW_WINDOW:
            raise StsError("SignatureDoesNotMatch", f"Signature not yet current: {date} is still later than "
                           f"{amz_date(now + SKEW_WINDOW)} ({amz_date(now)} + 15 min.)")
        if scope_date != date[:8]:
            raise StsError("SignatureDoesNotMatch", "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                           f"version of date from HTTP: '{scope_date}' != '{date[:8]}', from '{date}'.")
        if service != "sts":
            raise StsError("SignatureDoesNotMatch", "Credential should be scoped to correct service: 'sts'. ")
        if terminator != "aws4_request":
            raise StsError("SignatureDoesNotMatch", "Credential should be scoped with a valid terminator: "
                                                    f"'aws4_request', not '{terminator}'. ")
        if not region:
            raise StsError("SignatureDoesNotMatch", "Credential should be scoped to a valid region. ")
        if cred.token is None:
            if token:
                raise StsError("InvalidClientTokenId", "The security token included in the request is invalid.")
        else:
            if token != cred.token:
                raise StsError("InvalidClientTokenId", "The security token included in the request is invalid.")
            if not presigned and "x-amz-security-token" not in signed_headers:
                raise StsError("InvalidClientTokenId", "The security token included in the request is invalid. "
                               "(stsemu: x-amz-security-token must be listed in SignedHeaders)")
            if now >= cred.expires:
                raise StsError("ExpiredToken", "The security token included in the request is expired")

        header_values = {}
        for name in signed_headers:
            values = req.headers.get_all(name)
            if values is None:
                raise StsError("SignatureDoesNotMatch", f"{SIG_MISMATCH} (stsemu: signed header '{name}' "
                                                        "is not present in the request)")
            header_values[name] = values
        creq = canonical_request(req.method, req.path, req.query, header_values, sorted(set(signed_headers)),
                                 hashlib.sha256(req.body).hexdigest(),
                                 drop_query=("X-Amz-Signature",) if presigned else ())
        expected, sts = signature(cred.secret, date, region, service, creq)
        if not hmac.compare_digest(expected, provided.lower()):
            raise StsError("SignatureDoesNotMatch", f"{SIG_MISMATCH}\n\nThe Canonical String for this request "
                           f"should have been\n'{creq}'\n\nThe String-to-Sign should have been\n'{sts}'\n")
        return cred, region

    # ---- credential issuing ------------------------------------------------------------------

    def issue(self, call: Call, identity: Identity, duration: int) -> list:
        lifetime = call.d.lifetime if call.d.lifetime is not None else duration
        cred = Credential("ASIA" + _rand(_UPPER_ALNUM, 16), _rand(_SECRET_ALPHABET, 40), identity,
                          "IQoJb3JpZ2luX2VjE" + base64.b64encode(os.urandom(300)).decode(),
                          int(call.now) + lifetime)
        with self.lock:
            self.creds[cred.access_key] = cred
        return [("AccessKeyId", cred.access_key), ("SecretAccessKey", cred.secret),
                ("SessionToken", cred.token), ("Expiration", Timestamp(cred.expires))]

    # ---- operations (sts-api.md §2.2); each returns the result members ------------------------

    def op_AssumeRole(self, c: Call) -> list:
        p = c.p
        role_arn = p.string("RoleArn", True, 20, 2048, P_ARN)
        session = p.string("RoleSessionName", True, 2, 64, P_SESSION)
        p.policy_arns()
        policy = p.string("Policy", min_len=1, pattern=P_POLICY)
        duration = p.integer("DurationSeconds", 900, 43200, 3600)
        tags = p.tags()
        p.scalar_list("TransitiveTagKeys", 0, 50, min_len=1, max_len=128, pattern=P_TAG_KEY)
        p.string("ExternalId", min_len=2, max_len=1224, pattern=P_EXTERNAL_ID)
        serial = p.string("SerialNumber", min_len=9, max_len=256, pattern=P_SERIAL)
        code = p.string("TokenCode", min_len=6, max_len=6, pattern=P_TOKEN_CODE)
        source = p.source_identity()
        p.provided_contexts()
        p.finish()
        parse_role_arn(role_arn)
        check_mfa(serial, code)
        caller = c.caller.identity
        if caller.kind == "assumed-role" and duration > 3600:
            raise StsError("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit "
                                              "for roles assumed by role chaining.")
        deny_if_denied_role(role_arn, caller.arn, "AssumeRole")
        check_policy_json(policy)
        packed = packed_policy_size(policy, tags)
        ident = role_identity(role_arn, session, source or caller.source_identity)
        result = [("Credentials", self.issue(c, ident, duration)),
                  ("AssumedRoleUser", [("AssumedRoleId", ident.user_id), ("Arn", ident.arn)]),
                  ("PackedPolicySize", packed)]
        if ident.source_identity:
            result.append(("SourceIdentity", ident.source_identity))
        return result

    def op_AssumeRoleWithSAML(self, c: Call) -> list:
        p = c.p
        role_arn = p.string("RoleArn", True, 20, 2048, P_ARN)
        principal_arn = p.string("PrincipalArn", True, 20, 2048, P_ARN)
        assertion = p.string("SAMLAssertion", True, 4, 100000, sensitive=True)
        p.policy_arns()
        policy = p.string("Policy", min_len=1, max_len=2048, pattern=P_POLICY)
        duration = p.integer("DurationSeconds", 900, 43200, 3600)
        p.finish()
        parse_role_arn(role_arn)
        m = _SAML_PROVIDER_ARN.fullmatch(principal_arn)
        if not m:
            raise StsError("ValidationError", f"{principal_arn} is invalid: PrincipalArn must look like "
                                              "arn:aws:iam::<12-digit account>:saml-provider/<name>")
        saml = parse_saml(assertion, c.now)
        deny_if_denied_role(role_arn, saml["subject"], "AssumeRoleWithSAML")
        check_policy_json(policy)
        packed = packed_policy_size(policy, [])
        session = re.sub(r"[^\w+=,.@-]", "_", saml["session_name"] or saml["subject"], flags=re.ASCII)[:64]
        ident = role_identity(role_arn, session, saml["source_identity"])
        qualifier = base64.b64encode(hashlib.sha1(
            (saml["issuer"] + m.group(2) + "/" + m.group(3)).encode()).digest()).decode()
        result = [("Credentials", self.issue(c, ident, duration)),
                  ("AssumedRoleUser", [("AssumedRoleId", ident.user_id), ("Arn", ident.arn)]),
                  ("PackedPolicySize", packed),
                  ("Subject", saml["subject"]), ("SubjectType", saml["subject_type"]),
                  ("Issuer", saml["issuer"]), ("Audience", saml["audience"]), ("NameQualifier", qualifier)]
        if ident.source_identity:
            result.append(("SourceIdentity", ident.source_identity))
        return result

    def op_AssumeRoleWithWebIdentity(self, c: Call) -> list:
        p = c.p
        role_arn = p.string("RoleArn", True, 20, 2048, P_ARN)
        session = p.string("RoleSessionName", True, 2, 64, P_SESSION)
        token = p.string("WebIdentityToken", True, 4, 20000, sensitive=True)
        provider_id = p.string("ProviderId", min_len=4, max_len=2048)
        p.policy_arns()
        policy = p.string("Policy", min_len=1, max_len=2048, pattern=P_POLICY)
        duration = p.integer("DurationSeconds", 900, 43200, 3600)
        p.finish()
        parse_role_arn(role_arn)
        claims = parse_jwt(token)
        iss, sub, aud, exp = claims.get("iss"), claims.get("sub"), claims.get("aud"), claims.get("exp")
        if isinstance(aud, list):
            aud = aud[0] if aud else None
        if not isinstance(iss, str) or not isinstance(sub, str) or not sub or not isinstance(aud, str):
            raise StsError("InvalidIdentityToken", "The web identity token must carry string 'iss', 'sub' and 'aud' claims")
        if "unreachable" in iss:
            raise StsError("IDPCommunicationError", ERROR_TABLE["IDPCommunicationError"][1])
        if exp is not None:
            if not isinstance(exp, (int, float)):
                raise StsError("InvalidIdentityToken", "The 'exp' claim of the web identity token is not a number")
            if exp <= c.now:
                raise StsError("ExpiredTokenException", f"Token expired: current date/time {int(c.now)} "
                                                        f"must be before the expiration date/time {int(exp)}")
        if sub == "rejected":
            raise StsError("IDPRejectedClaim", "The identity provider rejected the claims in the token "
                                               "(stsemu: sub == 'rejected').")
        deny_if_denied_role(role_arn, sub, "AssumeRoleWithWebIdentity")
        check_policy_json(policy)
        packed = packed_policy_size(policy, [])
        source = claims.get("https://aws.amazon.com/source_identity")
        ident = role_identity(role_arn, session, source if isinstance(source, str) else None)
        result = [("Credentials", self.issue(c, ident, duration)),
                  ("SubjectFromWebIdentityToken", sub),
                  ("AssumedRoleUser", [("AssumedRoleId", ident.user_id), ("Arn", ident.arn)]),
                  ("PackedPolicySize", packed),
                  ("Provider", provider_id or iss), ("Audience", aud)]
        if ident.source_identity:
            result.append(("SourceIdentity", ident.source_identity))
        return result

    def op_AssumeRoot(self, c: Call) -> list:
        p = c.p
        target = p.string("TargetPrincipal", True, 12, 2048)
        task_arn = p.raw.get("TaskPolicyArn.arn")
        if task_arn is None:
            raise StsError("MissingParameter", "The request must contain the parameter TaskPolicyArn")
        p.check(task_arn, "taskPolicyArn.arn", 20, 2048, P_ARN)
        duration = p.integer("DurationSeconds", 0, 900, 900)
        p.finish()
        m = re.search(r"\d{12}", target)
        if not m:
            raise StsError("ValidationError", f"TargetPrincipal '{target}' is neither an account ID nor a principal ARN")
        caller = c.caller.identity
        source = caller.source_identity or caller.arn.rsplit("/", 1)[-1]
        ident = Identity(m.group(0), f"arn:aws:iam::{m.group(0)}:root", m.group(0), "root", source)
        return [("Credentials", self.issue(c, ident, duration)), ("SourceIdentity", source)]

    def op_DecodeAuthorizationMessage(self, c: Call) -> list:
        msg = c.p.string("EncodedMessage", True, 1, 10240)
        c.p.finish()
        for decode in (lambda s: base64.b64decode(s, validate=True), base64.urlsafe_b64decode):
            try:
                text = decode(msg).decode("utf-8")
                if isinstance(json.loads(text), dict):
                    return [("DecodedMessage", text)]
            except (ValueError, binascii.Error):
                pass
        raise StsError("InvalidAuthorizationMessageException", "Invalid authorization message")

    def op_GetAccessKeyInfo(self, c: Call) -> list:
        akid = c.p.string("AccessKeyId", True, 16, 128, P_ACCESS_KEY)
        c.p.finish()
        with self.lock:
            cred = self.creds.get(akid)
        return [("Account", cred.identity.account if cred else UNKNOWN_KEY_ACCOUNT)]

    def op_GetCallerIdentity(self, c: Call) -> list:
        c.p.finish()
        ident = c.caller.identity
        return [("UserId", ident.user_id), ("Account", ident.account), ("Arn", ident.arn)]

    def op_GetDelegatedAccessToken(self, c: Call) -> list:
        trade_in = c.p.string("TradeInToken", True)
        c.p.finish()
        if trade_in == "expired":
            raise StsError("ExpiredTradeInTokenException", "The trade-in token has expired.")
        account = c.caller.identity.account
        session = "delegated-" + hashlib.sha256(trade_in.encode()).hexdigest()[:12]
        role_arn = f"arn:aws:iam::{account}:role/DelegatedAccessRole"
        ident = role_identity(role_arn, session, None)
        return [("Credentials", self.issue(c, ident, 3600)), ("PackedPolicySize", 6),
                ("AssumedPrincipal", ident.arn)]

    def op_GetFederationToken(self, c: Call) -> list:
        p = c.p
        name = p.string("Name", True, 2, 32, P_SESSION)
        policy = p.string("Policy", min_len=1, max_len=2048, pattern=P_POLICY)
        p.policy_arns()
        duration = p.integer("DurationSeconds", 900, 129600, 43200)
        tags = p.tags()
        p.finish()
        caller = c.caller.identity
        if c.caller.token is not None:
            raise StsError("AccessDenied", "Cannot call GetFederationToken with session credentials")
        check_policy_json(policy)
        packed = packed_policy_size(policy, tags)
        account = caller.account
        ident = Identity(account, f"arn:aws:sts::{account}:federated-user/{name}", f"{account}:{name}",
                         "federated-user")
        return [("Credentials", self.issue(c, ident, duration)),
                ("FederatedUser", [("FederatedUserId", ident.user_id), ("Arn", ident.arn)]),
                ("PackedPolicySize", packed)]

    def op_GetSessionToken(self, c: Call) -> list:
        p = c.p
        duration = p.integer("DurationSeconds", 900, 129600, 43200)
        serial = p.string("SerialNumber", min_len=9, max_len=256, pattern=P_SERIAL)
        code = p.string("TokenCode", min_len=6, max_len=6, pattern=P_TOKEN_CODE)
        p.finish()
        if c.caller.token is not None:
            raise StsError("AccessDenied", "Cannot call GetSessionToken with session credentials")
        check_mfa(serial, code)
        return [("Credentials", self.issue(c, dataclasses.replace(c.caller.identity), duration))]

    def op_GetWebIdentityToken(self, c: Call) -> list:
        p = c.p
        audiences = p.members("Audience")
        if audiences is None:
            raise StsError("MissingParameter", "The request must contain the parameter Audience")
        p.count("Audience", audiences, 1, 10)
        audiences = [a.get("", "") for a in audiences]
        for i, a in enumerate(audiences, 1):
            p.check(a, f"audience.{i}.member", 1, 1000)
        alg = p.string("SigningAlgorithm", True, 5, 5)
        if alg not in ("RS256", "ES384"):
            p.fail(alg, "signingAlgorithm", "Member must satisfy enum value set: [RS256, ES384]")
        duration = p.integer("DurationSeconds", 60, 3600, 300)
        tags = p.tags()
        p.finish()
        caller = c.caller
        if caller.expires is not None and int(c.now) + duration > caller.expires:
            raise StsError("SessionDurationEscalationException", "The requested token duration exceeds the "
                                                                 "remaining duration of the caller's session.")
        now, exp = int(c.now), int(c.now) + duration
        claims = {"aud": audiences[0] if len(audiences) == 1 else audiences, "sub": caller.identity.arn,
                  "iss": f"https://{_hash_id(caller.identity.account, 8).lower()}.tokens.sts.global.api.aws",
                  "iat": now, "nbf": now, "exp": exp, "jti": str(uuid.uuid4()),
                  "https://sts.amazonaws.com/": {"aws_account": caller.identity.account, "source_region": c.region,
                                                 "request_tags": dict(tags)}}
        header = {"alg": alg, "typ": "JWT", "kid": f"stsemu-{alg.lower()}"}
        token = make_jwt(header, claims, 256 if alg == "RS256" else 96)
        if len(token) > 16384:
            raise StsError("JWTPayloadSizeExceededException", "The JWT payload exceeds the maximum allowed size.")
        return [("WebIdentityToken", token), ("Expiration", Timestamp(exp))]

    # ---- fault injection ----------------------------------------------------------------------

    @staticmethod
    def sample_result(op: str, now: float) -> list:
        """A plausible, complete success result for `op` (not registered anywhere); used by the
        faults that need a body of the right shape."""
        creds = ("Credentials", [("AccessKeyId", "ASIAEMULATORFAULT001"),
                                 ("SecretAccessKey", "faultSecretKey0000000000000000000000000000"),
                                 ("SessionToken", "IQoJb3JpZ2luX2VjEFAULT" + "A" * 300),
                                 ("Expiration", Timestamp(int(now) + 3600))])
        role_user = ("AssumedRoleUser", [("AssumedRoleId", "AROAEMULATORFAULT001:fault"),
                                         ("Arn", "arn:aws:sts::123456789012:assumed-role/fault/fault")])
        shapes = {
            "AssumeRole": [creds, role_user, ("PackedPolicySize", 6)],
            "AssumeRoleWithSAML": [creds, role_user, ("PackedPolicySize", 6), ("Subject", "fault@example.com"),
                                   ("SubjectType", "persistent"), ("Issuer", "https://idp.example.com"),
                                   ("Audience", "https://signin.aws.amazon.com/saml"),
                                   ("NameQualifier", "SbdGOnUkh1i4+EXAMPLExL/jEvs=")],
            "AssumeRoleWithWebIdentity": [creds, ("SubjectFromWebIdentityToken", "fault-subject"), role_user,
                                          ("PackedPolicySize", 6), ("Provider", "https://idp.example.com"),
                                          ("Audience", "fault-client")],
            "AssumeRoot": [creds, ("SourceIdentity", "fault")],
            "DecodeAuthorizationMessage": [("DecodedMessage", '{"allowed":false}')],
            "GetAccessKeyInfo": [("Account", "123456789012")],
            "GetCallerIdentity": [("UserId", "AIDAEXAMPLEUSER00001"), ("Account", "123456789012"),
                                  ("Arn", "arn:aws:iam::123456789012:user/emulator")],
            "GetDelegatedAccessToken": [creds, ("PackedPolicySize", 6),
                                        ("AssumedPrincipal", "arn:aws:sts::123456789012:assumed-role/fault/fault")],
            "GetFederationToken": [creds, ("FederatedUser", [("FederatedUserId", "123456789012:fault"),
                                                             ("Arn", "arn:aws:sts::123456789012:federated-user/fault")]),
                                   ("PackedPolicySize", 6)],
            "GetSessionToken": [creds],
            "GetWebIdentityToken": [("WebIdentityToken", make_jwt({"alg": "RS256"}, {"sub": "fault"}, 16)),
                                    ("Expiration", Timestamp(int(now) + 300))],
        }
        return shapes.get(op, shapes["AssumeRole"])

    def fault(self, req: Request, d: Directives, op: str, now: float) -> Outcome:
        op = op if re.fullmatch(r"[A-Za-z]+", op) else "AssumeRole"

        retry_after = [] if d.retry_after_ms is None else [("x-amz-retry-after", str(d.retry_after_ms))]

        def reply(status: int, body: bytes, ctype: str = "text/xml", **kw) -> Reply:
            return Reply(status, self._headers(req, now, ctype) + retry_after, body, **kw)

        simple_errors = {"throttle": ("Throttling", "Rate exceeded"), "http500": ("InternalFailure", None),
                         "http503": ("ServiceUnavailable", None), "idp": ("IDPCommunicationError", None)}
        if d.error or d.fault in simple_errors:
            err = StsError(d.error) if d.error else StsError(*simple_errors[d.fault])
            return Outcome(self.error_reply(req, err, now, retry_after))
        kind = d.fault
        result = self.sample_result(op, now)
        full = success_body(op, result, req.request_id, False)
        if kind == "reset":
            return Outcome(None, transport="reset")
        if kind == "truncate":
            return Outcome(reply(200, full[:len(full) // 2]))
        if kind == "shortbody":
            return Outcome(reply(200, full[:len(full) // 2], content_length=len(full)), transport="shortbody")
        if kind == "garbage":
            return Outcome(reply(200, b"<html>not sts</html>", "text/html"))
        if kind == "bigbody":
            head = f'<{op}Response xmlns="{XMLNS}">\n  <{op}Result>\n    <Padding>'.encode()
            tail = f"</Padding>\n  </{op}Result>\n</{op}Response>\n".encode()
            return Outcome(reply(200, head, content_length=BIGBODY_SIZE, tail=tail), transport="bigbody")
        if kind == "badutf8":
            # invalid UTF-8 inside the first leaf element of the result (e.g. AccessKeyId, UserId)
            first = result[0]
            while isinstance(first[1], list):
                first = first[1][0]
            tag = f"<{first[0]}>".encode()
            return Outcome(reply(200, full.replace(tag, tag + b"bad\xff\xfe\xc3\x28utf8", 1)))
        if kind == "missing":
            return Outcome(reply(200, success_body(op, [], req.request_id, False)))
        if kind == "empty":
            return Outcome(reply(200, b""))
        if kind == "json":
            return Outcome(reply(200, success_body(op, result, req.request_id, True), "application/json"))
        raise AssertionError(kind)

    # ---- control endpoints --------------------------------------------------------------------

    def control(self, req: Request) -> Outcome:
        parts = [p for p in req.path.split("/") if p][1:]
        status, doc = 404, {"error": f"unknown control endpoint {req.method} {req.path}; known: GET "
                                     "/_emulator/health, GET /_emulator/stats[/<id>], POST /_emulator/reset/<id>"}
        if req.method == "GET" and parts == ["health"]:
            status, doc = 200, {"ok": True}
        elif req.method == "GET" and parts == ["stats"]:
            with self.lock:
                status, doc = 200, {"scenarios": {k: v.to_json() for k, v in self.stats.items()}}
        elif req.method == "GET" and len(parts) == 2 and parts[0] == "stats":
            with self.lock:
                st = self.stats.get(parts[1]) or ScenarioStats()
                status, doc = 200, st.to_json()
        elif req.method == "POST" and len(parts) == 2 and parts[0] == "reset":
            with self.lock:
                self.stats.pop(parts[1], None)
            status, doc = 200, {"ok": True}
        body = (json.dumps(doc) + "\n").encode()
        return Outcome(Reply(status, [("Content-Type", "application/json"),
                                      ("Date", email.utils.formatdate(usegmt=True))], body),
                       summary=f"control -> {status}")


# --------------------------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------------------------

class BadRequest(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "stsemu"
    timeout = 120            # idle keep-alive connections are dropped after this many seconds

    def handle(self):
        try:
            super().handle()
        except (OSError, ssl.SSLError):   # client reset / TLS EOF between requests: nothing to do
            self.close_connection = True

    def do_GET(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def log_message(self, fmt, *args):
        log(f"{self.address_string()} {fmt % args}")

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks, total = [], 0
            while True:
                line = self.rfile.readline(1024)
                try:
                    size = int(line.split(b";")[0].strip(), 16)
                except ValueError:
                    raise BadRequest(400, "malformed chunked body")
                if size == 0:
                    while self.rfile.readline(1024).strip():   # trailers
                        pass
                    return b"".join(chunks)
                total += size
                if total > MAX_BODY:
                    raise BadRequest(413, f"request body larger than {MAX_BODY} bytes")
                chunks.append(self.rfile.read(size))
                self.rfile.readline(16)
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        if not length.strip().isdigit():
            raise BadRequest(400, f"bad Content-Length {length!r}")
        n = int(length)
        if n > MAX_BODY:
            raise BadRequest(413, f"request body larger than {MAX_BODY} bytes")
        body = self.rfile.read(n)
        if len(body) < n:
            raise ConnectionError("client closed the connection mid-body")
        return body

    def _dispatch(self):
        emu: Emulator = self.server.emu
        target = self.path
        if target.startswith(("http://", "https://")):      # absolute-form request target
            parts = urllib.parse.urlsplit(target)
            target = parts.path + ("?" + parts.query if parts.query else "")
        path, _, query = target.partition("?")
        req = Request(self.command, path or "/", query.partition("#")[0], self.headers, b"")
        try:
            req.body = self._read_body()
        except BadRequest as e:
            self.close_connection = True
            err = StsError("InvalidRequest", f"stsemu: {e}", status=e.status)
            self._send(Outcome(emu.error_reply(req, err, time.time())))
            return
        except (ConnectionError, OSError):
            self.close_connection = True
            return
        try:
            out = emu.handle(req)
        except Exception as e:
            log("internal error:\n" + traceback.format_exc())
            out = Outcome(emu.error_reply(req, StsError("InternalFailure", f"stsemu internal error: {e!r}"),
                                          time.time()))
        log(f"{self.address_string()} {self.command} {self.path[:120]} {out.summary}")
        self._send(out)

    def _send(self, out: Outcome) -> None:
        try:
            if out.delay_ms:
                time.sleep(out.delay_ms / 1000)
            if out.transport == "reset":
                self._reset()
                return
            r = out.reply
            headers = list(r.headers)
            length = r.content_length if r.content_length is not None else len(r.body)
            headers.append(("Content-Length", str(length)))
            if out.transport == "shortbody":
                self.close_connection = True
            if self.close_connection:
                headers.append(("Connection", "close"))
            try:
                phrase = http.HTTPStatus(r.status).phrase
            except ValueError:
                phrase = "Error"
            head = f"HTTP/1.1 {r.status} {phrase}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
            w = self.wfile
            if out.transport == "bigbody":
                self._stream_big(head.encode("latin-1"), r.body, r.tail, length)
            elif out.drip_ms:
                w.write(head.encode("latin-1"))
                w.flush()
                for i in range(len(r.body)):
                    w.write(r.body[i:i + 1])
                    w.flush()
                    time.sleep(out.drip_ms / 1000)
            else:
                w.write(head.encode("latin-1") + r.body)
            w.flush()
        except (OSError, ssl.SSLError):   # the client went away: stop quietly
            self.close_connection = True

    def _stream_big(self, head: bytes, start: bytes, tail: bytes, length: int) -> None:
        """Send headers, then a `length`-byte body: start, 'x' padding, tail, in 64 KiB writes."""
        self.wfile.write(head + start)
        remaining = length - len(start) - len(tail)
        block = b"x" * 65536
        while remaining > 0:
            n = min(remaining, len(block))
            self.wfile.write(block[:n])
            remaining -= n
        self.wfile.write(tail)

    def _reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0), sending no response at all."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        for f in (self.rfile, self.wfile):   # makefile() refs keep the fd alive; drop them first
            try:
                f.close()
            except OSError:
                pass
        try:
            self.connection.close()
        except OSError:
            pass
        # http.server still flushes wfile after the request and closes both in finish()
        self.rfile, self.wfile = io.BytesIO(), io.BytesIO()


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, addr, emu: Emulator, ssl_ctx: ssl.SSLContext | None = None, family=socket.AF_INET):
        self.address_family = family
        self.emu = emu
        self.ssl_ctx = ssl_ctx
        super().__init__(addr, Handler)

    def server_bind(self):
        socketserver.TCPServer.server_bind(self)      # skip HTTPServer's slow getfqdn()
        self.server_name, self.server_port = self.server_address[:2]

    def finish_request(self, request, client_address):
        if self.ssl_ctx is None:
            return super().finish_request(request, client_address)
        # TLS handshake in the connection's own thread, so a slow or failing client never
        # blocks accept() (the expired/wronghost listeners exist to make clients fail here).
        try:
            request.settimeout(10)
            tls = self.ssl_ctx.wrap_socket(request, server_side=True)
        except (OSError, ssl.SSLError) as e:
            log(f"{client_address[0]} TLS handshake failed on :{self.server_port}: {e}")
            return
        try:
            self.RequestHandlerClass(tls, client_address, self)
        finally:
            try:
                tls.close()
            except OSError:
                pass

    def handle_error(self, request, client_address):
        log(f"{client_address[0]} connection error:\n{traceback.format_exc()}")


# --------------------------------------------------------------------------------------------
# Certificates (openssl CLI)
# --------------------------------------------------------------------------------------------

CERT_FILES = ("ca.pem", "ca.key", "server.pem", "server.key", "expired.pem", "expired.key",
              "wronghost.pem", "wronghost.key")

OPENSSL_CNF = """\
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = stsemu test CA
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ ca ]
default_ca = emu
[ emu ]
database = {work}/index.txt
new_certs_dir = {work}
serial = {work}/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
email_in_dn = no
[ any ]
commonName = supplied
[ localhost ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ wronghost ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:wrong.example
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


def ensure_certs(state_dir: str) -> None:
    """Create (or reuse) the test CA and server certificates in state_dir. EC P-256 keys keep
    generation well under a second. The expired certificate is issued with `openssl ca
    -startdate/-enddate` (OpenSSL 3.0's x509 has no -not_before/-not_after)."""
    os.makedirs(state_dir, exist_ok=True)
    if all(os.path.exists(os.path.join(state_dir, f)) for f in CERT_FILES):
        return
    lock = open(os.path.join(state_dir, ".lock"), "w")
    try:
        if fcntl:
            fcntl.flock(lock, fcntl.LOCK_EX)
        if all(os.path.exists(os.path.join(state_dir, f)) for f in CERT_FILES):
            return
        work = tempfile.mkdtemp(prefix=".openssl-", dir=state_dir)
        cnf = os.path.join(work, "openssl.cnf")
        with open(cnf, "w") as f:
            f.write(OPENSSL_CNF.format(work=work))
        open(os.path.join(work, "index.txt"), "w").close()
        with open(os.path.join(work, "serial"), "w") as f:
            f.write(secrets.token_hex(8).upper() + "\n")

        def w(name):
            return os.path.join(work, name)

        def run(*args):
            res = subprocess.run(["openssl", *args], capture_output=True, text=True)
            if res.returncode != 0:
                raise RuntimeError(f"openssl {' '.join(args[:2])} failed:\n{res.stderr}")

        run("ecparam", "-name", "prime256v1", "-out", w("ec.pem"))   # -newkey ec:<file> works with LibreSSL too
        newkey = ["-newkey", f"ec:{w('ec.pem')}", "-nodes"]
        run("req", "-x509", "-config", cnf, "-extensions", "v3_ca", *newkey, "-keyout", w("ca.key"),
            "-out", w("ca.pem"), "-days", "3650", "-subj", "/CN=stsemu test CA")
        for name, section in (("server", "localhost"), ("wronghost", "wronghost"), ("expired", "localhost")):
            cn = "wrong.example" if name == "wronghost" else "localhost"
            run("req", "-new", "-config", cnf, *newkey, "-keyout", w(f"{name}.key"), "-out", w(f"{name}.csr"),
                "-subj", f"/CN={cn}")
            if name == "expired":
                run("ca", "-config", cnf, "-batch", "-notext", "-in", w("expired.csr"), "-out", w("expired.pem"),
                    "-cert", w("ca.pem"), "-keyfile", w("ca.key"), "-extensions", section,
                    "-startdate", "20200101000000Z", "-enddate", "20200201000000Z")
            else:
                run("x509", "-req", "-in", w(f"{name}.csr"), "-CA", w("ca.pem"), "-CAkey", w("ca.key"),
                    "-set_serial", "0x" + secrets.token_hex(8), "-days", "3650", "-extfile", cnf,
                    "-extensions", section, "-out", w(f"{name}.pem"))
        for f in CERT_FILES:          # move into place only once everything was generated
            os.replace(w(f), os.path.join(state_dir, f))
        shutil.rmtree(work, ignore_errors=True)
    finally:
        lock.close()


def tls_context(state_dir: str, name: str) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(state_dir, f"{name}.pem"), os.path.join(state_dir, f"{name}.key"))
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


# --------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------

def serve(server: Server) -> None:
    threading.Thread(target=server.serve_forever, name=f"serve-{server.server_port}", daemon=True).start()


def tls_listener(emu: Emulator, host: str, port: int, ctx: ssl.SSLContext) -> int:
    """Start a TLS listener; on a loopback host also listen on [::1] with the same port so a
    client resolving 'localhost' to ::1 first still connects. Returns the port."""
    srv = Server((host, port), emu, ctx)
    serve(srv)
    if host in ("127.0.0.1", "localhost") and socket.has_ipv6:
        try:
            serve(Server(("::1", srv.server_port), emu, ctx, family=socket.AF_INET6))
        except OSError:
            pass
    return srv.server_port


def main(argv: list[str] | None = None) -> int:
    global QUIET
    ap = argparse.ArgumentParser(description="Local AWS STS emulator for the stskit tests.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--http-port", type=int, default=0)
    ap.add_argument("--https-port", type=int, default=0)
    ap.add_argument("--state-dir", help="where the test CA and certificates live (default: a new temp dir)")
    ap.add_argument("--exit-on-stdin-eof", action="store_true", help="exit when stdin reaches EOF")
    ap.add_argument("--quiet", action="store_true", help="no logging on stderr")
    args = ap.parse_args(argv)
    QUIET = args.quiet

    state_dir = os.path.abspath(args.state_dir or tempfile.mkdtemp(prefix="stsemu-"))

    def exit_now(*_):
        if not args.state_dir:            # a temp dir of our own: leave nothing behind
            shutil.rmtree(state_dir, ignore_errors=True)
        os._exit(0)

    signal.signal(signal.SIGTERM, exit_now)
    ensure_certs(state_dir)
    emu = Emulator()
    http_srv = Server((args.host, args.http_port), emu)
    serve(http_srv)
    https_port = tls_listener(emu, args.host, args.https_port, tls_context(state_dir, "server"))
    expired_port = tls_listener(emu, args.host, 0, tls_context(state_dir, "expired"))
    wronghost_port = tls_listener(emu, args.host, 0, tls_context(state_dir, "wronghost"))

    if args.exit_on_stdin_eof:
        def watch_stdin():
            try:
                while sys.stdin.buffer.read(65536):
                    pass
            finally:
                exit_now()
        threading.Thread(target=watch_stdin, name="stdin-eof", daemon=True).start()

    url_host = f"[{args.host}]" if ":" in args.host else args.host
    ready = {"http": f"http://{url_host}:{http_srv.server_port}",
             "https": f"https://localhost:{https_port}",
             "https_expired": f"https://localhost:{expired_port}",
             "https_wronghost": f"https://localhost:{wronghost_port}",
             "ca": os.path.join(state_dir, "ca.pem"),
             "pid": os.getpid()}
    sys.stdout.write(json.dumps(ready) + "\n")
    sys.stdout.flush()
    log(f"ready: {json.dumps(ready)}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        exit_now()


if __name__ == "__main__":
    sys.exit(main())
