#!/usr/bin/env python3
"""Writes the seed corpus in fuzz/corpus/<target>/ (committed; re-run after changing a target's
input format). XML bodies come from the STS emulator's own response builder
(tests/emulator/stsemu.py) and from the examples in ../shared/docs/sts-api.md."""
import os
import re
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "emulator"))
import stsemu  # noqa: E402

OPS = ["AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "AssumeRoot",
       "DecodeAuthorizationMessage", "GetAccessKeyInfo", "GetCallerIdentity", "GetDelegatedAccessToken",
       "GetFederationToken", "GetSessionToken", "GetWebIdentityToken"]
# high nibble of the xml_decode selector -> HTTP status (see fuzz_targets/xml_decode.rs)
STATUS_NIBBLE = {200: 0, 400: 6, 403: 8, 500: 11, 503: 13}


def write(target: str, name: str, data: bytes) -> None:
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def s(text) -> bytes:
    """The length-prefixed string of common::Input::raw."""
    b = text.encode() if isinstance(text, str) else text
    if len(b) < 255:
        return bytes([len(b)]) + b
    return b"\xff" + struct.pack("<H", len(b)) + b


def xml_decode() -> None:
    now = time.time()
    for i, op in enumerate(OPS):
        body = stsemu.success_body(op, stsemu.Emulator.sample_result(op, now), "c6104cbe-af31-11e0-8154-cbc7ccf896c7", False)
        write("xml_decode", f"{op}-200.xml", bytes([STATUS_NIBBLE[200] << 4 | i]) + body)
    for code, status in [("Throttling", 400), ("ExpiredTokenException", 400), ("AccessDenied", 403),
                         ("InternalFailure", 500), ("ServiceUnavailable", 503)]:
        body = stsemu.error_body(stsemu.StsError(code), "rid-1", False)
        write("xml_decode", f"error-{code}.xml", bytes([STATUS_NIBBLE[status] << 4 | 0x0f]) + body)
    write("xml_decode", "ec2-style-error.xml", bytes([STATUS_NIBBLE[400] << 4 | 6]) +
          b"<Response><Errors><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></Errors>"
          b"<RequestID>r2</RequestID></Response>")
    write("xml_decode", "entities-cdata.xml", bytes([0x06]) +
          b'<?xml version="1.0"?><GetCallerIdentityResponse><GetCallerIdentityResult><UserId>&#65;&amp;&lt;'
          b'</UserId><Account><![CDATA[123456789012]]></Account><Arn>arn:aws:iam::1:user/x</Arn>'
          b'</GetCallerIdentityResult><!-- c --></GetCallerIdentityResponse>')
    # The examples of sts-api.md.
    with open(os.path.join(ROOT, "..", "shared", "docs", "sts-api.md"), encoding="utf-8") as f:
        doc = f.read()
    for n, m in enumerate(re.finditer(r"```xml\n(.*?)```", doc, re.S)):
        xml = m.group(1).encode()
        root = re.search(rb"<(\w+)", xml).group(1).decode()
        sel = 0x0f | ((STATUS_NIBBLE[400] if root == "ErrorResponse" else 0) << 4)
        op = root[:-len("Response")] if root.endswith("Response") else ""
        if op in OPS:
            sel = OPS.index(op)
        write("xml_decode", f"sts-api-example-{n}.xml", bytes([sel]) + xml)


def validate_and_encode() -> None:
    # op byte (0-based), then commands: cmd byte, member index byte (into MEMBER_IDS), values
    def cmd(c: int, member_index: int, *values) -> bytes:
        out = bytes([c, member_index])
        for v in values:
            out += struct.pack("<i", v) if isinstance(v, int) else s(v)
        return out
    role = "arn:aws:iam::123456789012:role/GameClient"
    write("validate_and_encode", "assume-role-full",
          bytes([0]) + cmd(0, 0, role) + cmd(0, 1, "player-42") + cmd(1, 3, 900) + cmd(3, 20, "Game", "Demo") +
          cmd(2, 19, "arn:aws:iam::aws:policy/ReadOnlyAccess") + cmd(4, 21) + cmd(0, 4, "ext-id") +
          cmd(0, 5, "arn:aws:iam::123456789012:mfa/user") + cmd(0, 6, "123456") +
          cmd(3, 22, "arn:aws:iam::aws:contextProvider/IdentityCenter", "assertion"))
    write("validate_and_encode", "web-identity",
          bytes([2]) + cmd(0, 0, role) + cmd(0, 1, "web") + cmd(0, 10, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln") +
          cmd(0, 11, "accounts.google.com"))
    write("validate_and_encode", "saml",
          bytes([1]) + cmd(0, 0, role) + cmd(0, 8, "arn:aws:iam::123456789012:saml-provider/IdP") +
          cmd(0, 9, "PHNhbWxwOlJlc3BvbnNlIC8+" * 3) + cmd(0, 2, '{"Version":"2012-10-17"}'))
    write("validate_and_encode", "web-identity-token-audiences",
          bytes([10]) + cmd(2, 23, "https://api.example.com") + cmd(2, 23, "b") + cmd(0, 18, "ES384") + cmd(1, 3, 300))
    write("validate_and_encode", "federation-unicode-tags",
          bytes([8]) + cmd(0, 17, "Bob") + cmd(3, 20, "Projekt Ä", "wert/1+2=3@") + cmd(4, 19) + cmd(1, 3, -5))
    write("validate_and_encode", "foreign-members", bytes([6]) + cmd(0, 0, role) + cmd(1, 3, 900) + cmd(3, 20, "k", "v"))
    write("validate_and_encode", "bad-utf8-and-nul", bytes([3]) + cmd(0, 12, b"\xff\xfe") + cmd(0, 13, b"arn:aws\x00:iam"))


def sigv4_canonical() -> None:
    def case(method, path, query, region, secret, token, normalize, t, headers, body):
        out = s(method) + s(path) + s(query) + s(region) + s(secret)
        out += (b"\x01" + s(token)) if token is not None else b"\x00"
        out += bytes([1 if normalize else 0]) + struct.pack("<q", t) + bytes([len(headers)])
        for n, v in headers:
            out += s(n) + s(v)
        return out + body
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    hdrs = [("host", "sts.us-east-1.amazonaws.com"), ("content-type", "application/x-www-form-urlencoded; charset=utf-8")]
    write("sigv4_canonical", "sts-post", case("POST", "/", "", "us-east-1", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                              None, True, 1440938160, hdrs, body))
    write("sigv4_canonical", "session-token", case("POST", "/_s/x/fault=throttle/", "", "eu-west-1", "secret",
                                                   "IQoJb3JpZ2luX2VjEtoken==", True, 1700000000, hdrs, body))
    # aws4_testsuite-style inputs
    write("sigv4_canonical", "get-vanilla-query-order", case("GET", "/", "Param2=value2&Param1=value1", "us-east-1",
                                                             "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, True,
                                                             1440938160, [("Host", "example.amazonaws.com")], b""))
    write("sigv4_canonical", "get-relative-relative", case("GET", "/example1/example2/../..", "", "us-east-1", "k", None,
                                                           True, 1440938160, [("host", "example.amazonaws.com")], b""))
    write("sigv4_canonical", "get-utf8-space-unreserved", case("GET", "/ሴ/-._~0123456789 ab", "ሴ=bar&%41=%zz&a+b=",
                                                               "us-east-1", "k", None, False, 0,
                                                               [("My-Header1", "  value1  a   b "), ("my-header1", "v2")], b""))
    write("sigv4_canonical", "dup-headers-multiline", case("POST", "//a//b/./c/", "a=&a&=b", "cn-north-1", "s", "t", True,
                                                           -62135596800, [("X-Amz-Date", "x"), ("x-amz-date", "y"),
                                                                          ("X-Amz-Security-Token", "old")], b"\x00\xff"))


def endpoint_resolve() -> None:
    def case(flags, region=None, endpoint=None, rest=b""):
        out = bytes([flags | (16 if region is not None else 0) | (32 if endpoint is not None else 0)])
        if region is not None:
            out += s(region)
        if endpoint is not None:
            out += s(endpoint)
        return out + rest
    write("endpoint_resolve", "us-east-1", case(0, "us-east-1"))
    write("endpoint_resolve", "global-legacy", case(4, "eu-west-1"))
    write("endpoint_resolve", "global-non-legacy", case(4, "ap-east-1"))
    write("endpoint_resolve", "fips-dualstack-gov", case(3, "us-gov-west-1"))
    write("endpoint_resolve", "china-dualstack", case(2, "cn-northwest-1"))
    write("endpoint_resolve", "iso-fips", case(1, "us-isob-east-1"))
    write("endpoint_resolve", "custom-emulator", case(0, "us-east-1", "http://127.0.0.1:41234/_s/x/fault=throttle/"))
    write("endpoint_resolve", "custom-ipv6", case(0, None, "https://[::1]:8443/", b"http://LOCALHOST:80/a?b"))
    write("endpoint_resolve", "custom-fips-error", case(1, "us-east-1", "https://example.com"))
    write("endpoint_resolve", "no-region", case(0, None, None, b"https://sts.amazonaws.com"))
    write("endpoint_resolve", "bad-region", case(0, "US_EAST-1-", None, b"https://u@h:99999/"))


if __name__ == "__main__":
    xml_decode()
    validate_and_encode()
    sigv4_canonical()
    endpoint_resolve()
    for t in sorted(os.listdir(os.path.join(HERE, "corpus"))):
        print(t, len(os.listdir(os.path.join(HERE, "corpus", t))), "files")
