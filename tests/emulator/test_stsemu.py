"""Self-test of the STS emulator: python3 -m pytest -q tests/emulator/test_stsemu.py

Starts stsemu.py as a subprocess and talks to it with hand-built SigV4 requests (this file's own
signer, checked against the sts-api.md vectors) and with botocore as an independent client.
"""

import base64
import datetime as dt
import hashlib
import hmac
import http.client
import importlib.util
import json
import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest

boto3 = pytest.importorskip("boto3")
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EMU = os.path.join(HERE, "stsemu.py")
KEY, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
OTHER_KEY, OTHER_SECRET = "AKIDOTHER00000000000", "otherSecretKey000000000000000000000000000"
ROLE = "arn:aws:iam::123456789012:role/demo"
NS = {"s": "https://sts.amazonaws.com/doc/2011-06-15/"}
POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'


def load_module():
    spec = importlib.util.spec_from_file_location("stsemu", EMU)
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("stsemu", mod)     # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(mod)
    return mod


# ---------------------------------------------------------------------------------------------
# fixtures and helpers
# ---------------------------------------------------------------------------------------------

def start_emulator(state_dir):
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, EMU, "--state-dir", str(state_dir), "--exit-on-stdin-eof"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    return proc, json.loads(line), time.monotonic() - t0


@pytest.fixture(scope="session")
def emu(tmp_path_factory):
    proc, ready, startup = start_emulator(tmp_path_factory.mktemp("state"))
    ready["_startup"] = startup
    ready["_state"] = os.path.dirname(ready["ca"])
    yield ready
    proc.stdin.close()          # --exit-on-stdin-eof: the emulator exits
    proc.wait(timeout=10)


def ep(emu, path=""):
    """Endpoint URL for a scenario path like '_s/x/fault=throttle/'."""
    return emu["http"] + "/" + path


def boto(endpoint, key=KEY, secret=SECRET, token=None, region="us-east-1", **kw):
    return boto3.client("sts", endpoint_url=endpoint, region_name=region, aws_access_key_id=key,
                        aws_secret_access_key=secret, aws_session_token=token,
                        config=Config(retries={"total_max_attempts": 1}), **kw)


def sigv4_headers(method, url, body=b"", key=KEY, secret=SECRET, token=None, when=None, region="us-east-1",
                  extra=None, encode_path=True):
    """This test's own SigV4 signer (header form). Returns the headers to send."""
    u = urllib.parse.urlsplit(url)
    amzdate = (when or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    hdrs = {"host": u.netloc, "x-amz-date": amzdate}
    if method == "POST":
        hdrs["content-type"] = "application/x-www-form-urlencoded; charset=utf-8"
    if token:
        hdrs["x-amz-security-token"] = token
    hdrs.update({k.lower(): v for k, v in (extra or {}).items()})
    signed = sorted(hdrs)
    path = u.path or "/"
    cpath = urllib.parse.quote(path, safe="/~") if encode_path else path
    cquery = "&".join(sorted(f"{urllib.parse.quote(k, safe='~')}={urllib.parse.quote(v, safe='~')}"
                             for k, v in urllib.parse.parse_qsl(u.query, keep_blank_values=True)))
    creq = "\n".join([method, cpath, cquery, "".join(f"{h}:{hdrs[h].strip()}\n" for h in signed),
                      ";".join(signed), hashlib.sha256(body).hexdigest()])
    scope = f"{amzdate[:8]}/{region}/sts/aws4_request"
    sts = "\n".join(["AWS4-HMAC-SHA256", amzdate, scope, hashlib.sha256(creq.encode()).hexdigest()])
    k = ("AWS4" + secret).encode()
    for part in (amzdate[:8], region, "sts", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
    hdrs["authorization"] = f"AWS4-HMAC-SHA256 Credential={key}/{scope}, SignedHeaders={';'.join(signed)}, Signature={sig}"
    return hdrs


def presign(url, key=KEY, secret=SECRET, token=None, when=None, region="us-east-1", extra=None):
    """Presigned GetCallerIdentity URL (query form), binding `extra` headers."""
    u = urllib.parse.urlsplit(url)
    amzdate = (when or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    hdrs = {"host": u.netloc, **{k.lower(): v for k, v in (extra or {}).items()}}
    signed = sorted(hdrs)
    scope = f"{amzdate[:8]}/{region}/sts/aws4_request"
    q = {"Action": "GetCallerIdentity", "Version": "2011-06-15", "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
         "X-Amz-Credential": f"{key}/{scope}", "X-Amz-Date": amzdate, "X-Amz-Expires": "60",
         "X-Amz-SignedHeaders": ";".join(signed)}
    if token:
        q["X-Amz-Security-Token"] = token
    cquery = "&".join(f"{urllib.parse.quote(k, safe='~')}={urllib.parse.quote(v, safe='~')}" for k, v in sorted(q.items()))
    creq = "\n".join(["GET", urllib.parse.quote(u.path or "/", safe="/~"), cquery,
                      "".join(f"{h}:{hdrs[h]}\n" for h in signed), ";".join(signed), hashlib.sha256(b"").hexdigest()])
    sts = "\n".join(["AWS4-HMAC-SHA256", amzdate, scope, hashlib.sha256(creq.encode()).hexdigest()])
    k = ("AWS4" + secret).encode()
    for part in (amzdate[:8], region, "sts", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
    return f"{u.scheme}://{u.netloc}{u.path or '/'}?{cquery}&X-Amz-Signature={sig}"


def call(url, params, sign=True, method="POST", headers=None, context=None, **signkw):
    """One request on a fresh connection -> (status, lower-case headers, body)."""
    body = urllib.parse.urlencode(params, quote_via=urllib.parse.quote).encode() if method == "POST" else b""
    if method == "GET":
        url = url + "?" + urllib.parse.urlencode(params)
    hdrs = sigv4_headers(method, url, body, **signkw) if sign else (
        {"content-type": "application/x-www-form-urlencoded; charset=utf-8"} if method == "POST" else {})
    hdrs.update(headers or {})
    hdrs.pop("host", None)
    u = urllib.parse.urlsplit(url)
    conn = (http.client.HTTPSConnection(u.netloc, context=context, timeout=20) if u.scheme == "https"
            else http.client.HTTPConnection(u.netloc, timeout=20))
    try:
        conn.request(method, u.path + ("?" + u.query if u.query else ""), body=body or None, headers=hdrs)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def gci(url, **kw):
    return call(url, {"Action": "GetCallerIdentity", "Version": "2011-06-15"}, **kw)


def error_of(body):
    root = ET.fromstring(body)
    assert root.tag == "{%s}ErrorResponse" % NS["s"]
    assert root.find("s:RequestId", NS).text
    return {t: root.find(f"s:Error/s:{t}", NS).text for t in ("Type", "Code", "Message")}


def result_of(body, op):
    root = ET.fromstring(body)
    assert root.tag == "{%s}%sResponse" % (NS["s"], op)
    assert root.find("s:ResponseMetadata/s:RequestId", NS).text
    return root.find(f"s:{op}Result", NS)


def text(el, path):
    found = el.find("/".join(f"s:{p}" for p in path.split("/")), NS)
    return None if found is None else found.text


def stats(emu, sid):
    with urllib.request.urlopen(f"{emu['http']}/_emulator/stats/{sid}") as r:
        return json.load(r)


def client_error(exc_info):
    e = exc_info.value.response
    return e["Error"]["Code"], e["Error"]["Message"], e["ResponseMetadata"]["HTTPStatusCode"]


def make_jwt(claims, header=None):
    def seg(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return f"{seg(header or {'alg': 'RS256', 'kid': 'k1', 'typ': 'JWT'})}.{seg(claims)}.c2lnbmF0dXJl"


def saml_assertion(not_on_or_after, subject="jdoe@example.com", issuer="https://idp.example.com/saml/metadata",
                   fmt="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"):
    xml = f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"
    xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">
  <saml:Issuer>{issuer}</saml:Issuer>
  <saml:Assertion ID="_a1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">
    <saml:Issuer>{issuer}</saml:Issuer>
    <saml:Subject>
      <saml:NameID Format="{fmt}">{subject}</saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData NotOnOrAfter="{not_on_or_after}" Recipient="https://signin.aws.amazon.com/saml"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions NotOnOrAfter="{not_on_or_after}">
      <saml:AudienceRestriction><saml:Audience>urn:amazon:webservices</saml:Audience></saml:AudienceRestriction>
    </saml:Conditions>
    <saml:AttributeStatement>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">
        <saml:AttributeValue>{ROLE},arn:aws:iam::123456789012:saml-provider/MyIdP</saml:AttributeValue>
      </saml:Attribute>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SourceIdentity">
        <saml:AttributeValue>jdoe</saml:AttributeValue>
      </saml:Attribute>
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>"""
    return base64.b64encode(xml.encode()).decode()


def iso_in(seconds):
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------------------------
# startup, vectors
# ---------------------------------------------------------------------------------------------

def test_ready_line_and_health(emu, tmp_path):
    assert set(k for k in emu if not k.startswith("_")) == {"http", "https", "https_expired", "https_wronghost",
                                                            "ca", "pid"}
    assert emu["http"].startswith("http://127.0.0.1:") and emu["https"].startswith("https://localhost:")
    assert os.path.isabs(emu["ca"]) and os.path.exists(emu["ca"])
    assert emu["_startup"] < 5
    with urllib.request.urlopen(emu["http"] + "/_emulator/health") as r:
        assert json.load(r) == {"ok": True}
    # a second emulator on the same state dir reuses the certificates
    before = open(emu["ca"]).read()
    proc, ready, _ = start_emulator(emu["_state"])
    try:
        assert ready["ca"] == emu["ca"] and open(emu["ca"]).read() == before
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)


def test_sigv4_spec_vectors():
    """sts-api.md §8.1 / §8.5 vectors, through the emulator's own verification code."""
    m = load_module()
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    hv = {"content-type": ["application/x-www-form-urlencoded; charset=utf-8"],
          "host": ["sts.us-east-1.amazonaws.com"], "x-amz-date": ["20150830T123600Z"]}
    creq = m.canonical_request("POST", "/", "", hv, sorted(hv), hashlib.sha256(body).hexdigest())
    assert creq.endswith("ab821ae955788b0e33ebd34c208442ccfc2d406e2edc5e7a39bd6458fbb4f843")
    sig, sts = m.signature(SECRET, "20150830T123600Z", "us-east-1", "sts", creq)
    assert sts.endswith("74f85d64795bc5f30af8b92378344f5c25c0d305498fca44ea38f6a5a1d5860f")
    assert sig == "52a8540fea00e731072179f763577cbe2a45eac2c5d32fb4d785f3eefac88165"
    hv["x-amz-security-token"] = ["SESSIONTOKENEXAMPLE"]
    creq = m.canonical_request("POST", "/", "", hv, sorted(hv), hashlib.sha256(body).hexdigest())
    assert m.signature(SECRET, "20150830T123600Z", "us-east-1", "sts", creq)[0] == \
        "9076b73f8e7b9ea0bfd1d0a6969cf5332cfe6e006f5cb747a032c3e37dbc7fea"
    query = ("Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
             "AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60"
             "&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=ffff")
    hv = {"host": ["sts.us-east-1.amazonaws.com"], "x-k8s-aws-id": ["my-cluster"]}
    creq = m.canonical_request("GET", "/", query, hv, sorted(hv), hashlib.sha256(b"").hexdigest(),
                               drop_query=("X-Amz-Signature",))
    sig, sts = m.signature(SECRET, "20150830T123600Z", "us-east-1", "sts", creq)
    assert sts.endswith("ec9c9f8aeb432c4c15c53d4c22c6a3da180afa39b1dcd461ee3b692cd49cf265")
    assert sig == "393dffdcf851beeb373f04f933b26ffa1d480490f11385a3dbd509617bb7cb79"
    # non-S3 path canonicalisation (botocore, Go v2): '=' in a scenario path is encoded
    assert m.canonical_uri("/_s/a/fault=throttle/") == "/_s/a/fault%3Dthrottle/"
    assert m.canonical_uri("/a%3Db/./c//d") == "/a%253Db/c/d"
    # and this file's signer agrees with the vector too
    h = sigv4_headers("POST", "https://sts.us-east-1.amazonaws.com/", body,
                      when=dt.datetime(2015, 8, 30, 12, 36, tzinfo=dt.timezone.utc))
    assert h["authorization"].endswith("52a8540fea00e731072179f763577cbe2a45eac2c5d32fb4d785f3eefac88165")


# ---------------------------------------------------------------------------------------------
# every operation through botocore
# ---------------------------------------------------------------------------------------------

def test_boto_assume_role_every_member_and_caller_identity(emu):
    c = boto(ep(emu, "_s/boto-ar/lifetime=7200/"))   # a directive in the path: '=' must be signed as %3D
    me = c.get_caller_identity()
    assert (me["UserId"], me["Account"], me["Arn"]) == (
        "AIDAEXAMPLEUSER00001", "123456789012", "arn:aws:iam::123456789012:user/emulator")
    assert me["ResponseMetadata"]["HTTPHeaders"]["content-type"] == "text/xml"
    tags = [{"Key": "Project", "Value": "Unicorn"}, {"Key": "Team", "Value": "A B"}]
    r = c.assume_role(
        RoleArn=ROLE, RoleSessionName="s1",
        PolicyArns=[{"arn": "arn:aws:iam::123456789012:policy/p1"}, {"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
        Policy=POLICY, DurationSeconds=1800, Tags=tags, TransitiveTagKeys=["Project"], ExternalId="ext-123",
        SerialNumber="arn:aws:iam::123456789012:mfa/user", TokenCode="123456", SourceIdentity="alice",
        ProvidedContexts=[{"ProviderArn": "arn:aws:iam::aws:contextProvider/IdentityCenter", "ContextAssertion": "abcd"}])
    cr = r["Credentials"]
    assert cr["AccessKeyId"].startswith("ASIA") and len(cr["AccessKeyId"]) == 20
    assert len(cr["SecretAccessKey"]) == 40 and len(cr["SessionToken"]) > 300
    left = (cr["Expiration"] - dt.datetime.now(dt.timezone.utc)).total_seconds()
    assert 7190 < left <= 7200           # lifetime= overrides DurationSeconds
    assert r["AssumedRoleUser"]["Arn"] == "arn:aws:sts::123456789012:assumed-role/demo/s1"
    assert r["AssumedRoleUser"]["AssumedRoleId"].startswith("AROA")
    assert r["AssumedRoleUser"]["AssumedRoleId"].endswith(":s1")
    assert r["PackedPolicySize"] == 6 + (len(POLICY) + len("ProjectUnicornTeamA B")) * 100 // 2048
    assert r["SourceIdentity"] == "alice"

    assumed = boto(ep(emu), cr["AccessKeyId"], cr["SecretAccessKey"], cr["SessionToken"], region="eu-west-1")
    me2 = assumed.get_caller_identity()
    assert me2["Arn"] == "arn:aws:sts::123456789012:assumed-role/demo/s1"
    assert me2["UserId"] == r["AssumedRoleUser"]["AssumedRoleId"]
    # role chaining is capped at one hour
    with pytest.raises(ClientError) as ei:
        assumed.assume_role(RoleArn=ROLE, RoleSessionName="s2", DurationSeconds=7200)
    assert client_error(ei)[0] == "ValidationError"
    chained = assumed.assume_role(RoleArn="arn:aws:iam::111122223333:role/path/x/other", RoleSessionName="s2")
    assert chained["SourceIdentity"] == "alice"      # propagated through the chain
    assert chained["AssumedRoleUser"]["Arn"] == "arn:aws:sts::111122223333:assumed-role/other/s2"
    # GetAccessKeyInfo for an issued key answers that key's account
    assert c.get_access_key_info(AccessKeyId=chained["Credentials"]["AccessKeyId"])["Account"] == "111122223333"


def test_boto_other_signed_operations(emu):
    c = boto(ep(emu))
    # GetSessionToken with MFA
    st = c.get_session_token(DurationSeconds=900, SerialNumber="arn:aws:iam::123456789012:mfa/user", TokenCode="123456")
    assert 890 < (st["Credentials"]["Expiration"] - dt.datetime.now(dt.timezone.utc)).total_seconds() <= 900
    s = st["Credentials"]
    sess = boto(ep(emu), s["AccessKeyId"], s["SecretAccessKey"], s["SessionToken"])
    assert sess.get_caller_identity()["Arn"] == "arn:aws:iam::123456789012:user/emulator"
    with pytest.raises(ClientError) as ei:
        c.get_session_token(SerialNumber="arn:aws:iam::123456789012:mfa/user", TokenCode="000000")
    assert client_error(ei) == ("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code.", 403)
    with pytest.raises(ClientError) as ei:
        sess.get_session_token()
    assert client_error(ei)[0] == "AccessDenied"

    # GetFederationToken
    ft = c.get_federation_token(Name="Bob", Policy=POLICY, DurationSeconds=3600, Tags=[{"Key": "k", "Value": "v"}],
                                PolicyArns=[{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}])
    assert ft["FederatedUser"] == {"FederatedUserId": "123456789012:Bob",
                                   "Arn": "arn:aws:sts::123456789012:federated-user/Bob"}
    assert ft["PackedPolicySize"] >= 6
    f = ft["Credentials"]
    fed = boto(ep(emu), f["AccessKeyId"], f["SecretAccessKey"], f["SessionToken"])
    assert fed.get_caller_identity()["UserId"] == "123456789012:Bob"
    assert 43190 < (c.get_federation_token(Name="Al")["Credentials"]["Expiration"]
                    - dt.datetime.now(dt.timezone.utc)).total_seconds() <= 43200

    # GetAccessKeyInfo
    assert c.get_access_key_info(AccessKeyId=KEY + "00000")["Account"] == "999999999999"
    assert c.get_access_key_info(AccessKeyId=OTHER_KEY)["Account"] == "210987654321"
    assert c.get_access_key_info(AccessKeyId=s["AccessKeyId"])["Account"] == "123456789012"
    other = boto(ep(emu), OTHER_KEY, OTHER_SECRET)
    assert other.get_caller_identity()["Arn"] == "arn:aws:iam::210987654321:user/other"

    # DecodeAuthorizationMessage
    doc = '{"allowed":false,"explicitDeny":false,"context":{"action":"ec2:RunInstances"}}'
    assert c.decode_authorization_message(EncodedMessage=base64.b64encode(doc.encode()).decode())["DecodedMessage"] == doc
    with pytest.raises(ClientError) as ei:
        c.decode_authorization_message(EncodedMessage="not base64 !")
    assert client_error(ei)[0] == "InvalidAuthorizationMessageException"

    # AssumeRoot
    rt = c.assume_root(TargetPrincipal="111122223333", DurationSeconds=600,
                       TaskPolicyArn={"arn": "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"})
    assert rt["SourceIdentity"] and 590 < (rt["Credentials"]["Expiration"]
                                           - dt.datetime.now(dt.timezone.utc)).total_seconds() <= 600
    r = rt["Credentials"]
    assert boto(ep(emu), r["AccessKeyId"], r["SecretAccessKey"], r["SessionToken"]).get_caller_identity()["Arn"] == \
        "arn:aws:iam::111122223333:root"

    # GetWebIdentityToken
    wt = c.get_web_identity_token(Audience=["https://api.example.com", "b"], SigningAlgorithm="ES384",
                                  DurationSeconds=300, Tags=[{"Key": "team", "Value": "blue"}])
    header, payload, _ = wt["WebIdentityToken"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["alg"] == "ES384"
    assert claims["aud"] == ["https://api.example.com", "b"] and claims["sub"] == "arn:aws:iam::123456789012:user/emulator"
    assert claims["iss"].startswith("https://") and claims["exp"] == int(wt["Expiration"].timestamp())
    with pytest.raises(ClientError) as ei:
        c.get_web_identity_token(Audience=["a"], SigningAlgorithm="HS256")
    assert client_error(ei)[0] == "ValidationError"

    # GetDelegatedAccessToken
    dtk = c.get_delegated_access_token(TradeInToken="trade-in-abc")
    assert dtk["AssumedPrincipal"].startswith("arn:aws:sts::123456789012:assumed-role/")
    assert dtk["Credentials"]["AccessKeyId"].startswith("ASIA") and dtk["PackedPolicySize"] == 6
    with pytest.raises(ClientError) as ei:
        c.get_delegated_access_token(TradeInToken="expired")
    assert client_error(ei)[:3:2] == ("ExpiredTradeInTokenException", 400)


def test_boto_web_identity_and_saml(emu):
    c = boto(ep(emu, "_s/boto-fed/"))
    now = int(time.time())
    token = make_jwt({"iss": "https://oidc.example.com", "sub": "user-123456", "aud": "my-client", "exp": now + 600,
                      "iat": now})
    r = c.assume_role_with_web_identity(RoleArn=ROLE, RoleSessionName="app1", WebIdentityToken=token,
                                        DurationSeconds=900, Policy=POLICY)
    assert r["SubjectFromWebIdentityToken"] == "user-123456"
    assert r["Provider"] == "https://oidc.example.com" and r["Audience"] == "my-client"
    assert r["AssumedRoleUser"]["Arn"] == "arn:aws:sts::123456789012:assumed-role/demo/app1"
    assert r["PackedPolicySize"] > 6
    w = r["Credentials"]
    assert boto(ep(emu), w["AccessKeyId"], w["SecretAccessKey"], w["SessionToken"]).get_caller_identity()["Arn"] == \
        "arn:aws:sts::123456789012:assumed-role/demo/app1"
    r = c.assume_role_with_web_identity(RoleArn=ROLE, RoleSessionName="app1", WebIdentityToken=token,
                                        ProviderId="www.amazon.com")
    assert r["Provider"] == "www.amazon.com"

    issuer = "https://idp.example.com/saml/metadata"
    s = c.assume_role_with_saml(RoleArn=ROLE, PrincipalArn="arn:aws:iam::123456789012:saml-provider/MyIdP",
                                SAMLAssertion=saml_assertion(iso_in(300), issuer=issuer), DurationSeconds=1000)
    assert (s["Subject"], s["SubjectType"], s["Issuer"], s["Audience"], s["SourceIdentity"]) == (
        "jdoe@example.com", "persistent", issuer, "https://signin.aws.amazon.com/saml", "jdoe")
    assert s["NameQualifier"] == base64.b64encode(
        hashlib.sha1((issuer + "123456789012" + "/" + "MyIdP").encode()).digest()).decode()
    assert s["AssumedRoleUser"]["Arn"] == "arn:aws:sts::123456789012:assumed-role/demo/jdoe@example.com"
    assert s["PackedPolicySize"] == 6

    st = stats(emu, "boto-fed")
    assert st["actions"] == {"AssumeRoleWithWebIdentity": 2, "AssumeRoleWithSAML": 1}
    assert st["unsigned"] == 3 and st["signed"] == 0 and st["auth_on_unsigned_ops"] == 0


def test_presigned_get_caller_identity(emu):
    url = boto(ep(emu)).generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
    assert "X-Amz-Signature=" in url
    with urllib.request.urlopen(url) as r:
        assert text(result_of(r.read(), "GetCallerIdentity"), "Arn") == "arn:aws:iam::123456789012:user/emulator"
    # botocore's default presign signs the operation's method (POST): fetching it with GET must fail
    url = boto(ep(emu)).generate_presigned_url("get_caller_identity", ExpiresIn=60)
    with pytest.raises(urllib.error.HTTPError) as ei:
        urllib.request.urlopen(url)
    assert ei.value.code == 403 and error_of(ei.value.read())["Code"] == "SignatureDoesNotMatch"
    # with session credentials (token in the query) and under a scenario path
    cr = boto(ep(emu)).assume_role(RoleArn=ROLE, RoleSessionName="pre")["Credentials"]
    url = boto(ep(emu, "_s/presign/delay=0/"), cr["AccessKeyId"], cr["SecretAccessKey"],
               cr["SessionToken"]).generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
    with urllib.request.urlopen(url) as r:
        assert text(result_of(r.read(), "GetCallerIdentity"), "Arn").endswith(":assumed-role/demo/pre")
    # hand-built, binding x-k8s-aws-id: the header must be sent
    url = presign(ep(emu), extra={"x-k8s-aws-id": "my-cluster"})
    u = urllib.parse.urlsplit(url)
    for hdrs, want in (({"x-k8s-aws-id": "my-cluster"}, 200), ({}, 403), ({"x-k8s-aws-id": "other"}, 403)):
        conn = http.client.HTTPConnection(u.netloc, timeout=10)
        conn.request("GET", f"{u.path}?{u.query}", headers=hdrs)
        r = conn.getresponse()
        body = r.read()
        conn.close()
        assert r.status == want, body
        if want == 403:
            assert error_of(body)["Code"] == "SignatureDoesNotMatch"
    # presigned URLs are good for 15 minutes from X-Amz-Date whatever X-Amz-Expires says
    old = presign(ep(emu), when=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=16))
    with pytest.raises(urllib.error.HTTPError) as ei:
        urllib.request.urlopen(old)
    assert ei.value.code == 403 and error_of(ei.value.read())["Message"].startswith("Signature expired: ")


# ---------------------------------------------------------------------------------------------
# authentication failures
# ---------------------------------------------------------------------------------------------

def test_auth_failures(emu):
    url = ep(emu)
    st, _, body = gci(url, secret="wrong" + SECRET)
    e = error_of(body)
    assert st == 403 and e["Code"] == "SignatureDoesNotMatch" and e["Type"] == "Sender"
    assert e["Message"].startswith("The request signature we calculated does not match the signature you provided.")
    assert "The Canonical String for this request should have been" in e["Message"]
    with pytest.raises(ClientError) as ei:
        boto(url, secret="wrong").get_caller_identity()
    assert client_error(ei)[0::2] == ("SignatureDoesNotMatch", 403)

    st, _, body = gci(url, key="AKIAUNKNOWN000000000")
    assert (st, error_of(body)["Code"]) == (403, "InvalidClientTokenId")
    st, _, body = gci(url, sign=False)
    assert (st, error_of(body)["Code"], error_of(body)["Message"]) == (
        403, "MissingAuthenticationToken", "Request is missing Authentication Token")
    st, _, body = gci(url, sign=False, headers={"Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/x"})
    assert (st, error_of(body)["Code"]) == (400, "IncompleteSignature")
    # an unencoded '=' in the canonical URI is a client bug: AWS double-encodes non-S3 paths
    st, _, body = gci(ep(emu, "_s/rawpath/skew=0/"), encode_path=False)
    assert (st, error_of(body)["Code"]) == (403, "SignatureDoesNotMatch")
    assert gci(ep(emu, "_s/rawpath/skew=0/"))[0] == 200
    # wrong service in the credential scope
    st, _, body = call(url, {"Action": "GetCallerIdentity", "Version": "2011-06-15"},
                       headers={"authorization": sigv4_headers("POST", url, b"Action=GetCallerIdentity&Version=2011-06-15")
                                ["authorization"].replace("/sts/", "/iam/")})
    assert (st, error_of(body)["Code"]) == (403, "SignatureDoesNotMatch")

    # temporary credentials: token required, must match, and expire
    cr = boto(url).assume_role(RoleArn=ROLE, RoleSessionName="tt")["Credentials"]
    st, _, body = gci(url, key=cr["AccessKeyId"], secret=cr["SecretAccessKey"])
    assert (st, error_of(body)["Code"]) == (403, "InvalidClientTokenId")
    st, _, body = gci(url, key=cr["AccessKeyId"], secret=cr["SecretAccessKey"], token="bogus")
    assert (st, error_of(body)["Code"]) == (403, "InvalidClientTokenId")
    assert gci(url, key=cr["AccessKeyId"], secret=cr["SecretAccessKey"], token=cr["SessionToken"])[0] == 200
    st, _, body = gci(url, token="token-with-long-term-key")
    assert (st, error_of(body)["Code"]) == (403, "InvalidClientTokenId")


def test_lifetime_and_expired_token(emu):
    c = boto(ep(emu, "_s/short/lifetime=1/"))
    cr = c.assume_role(RoleArn=ROLE, RoleSessionName="short")["Credentials"]
    left = (cr["Expiration"] - dt.datetime.now(dt.timezone.utc)).total_seconds()
    assert -1 < left <= 1
    time.sleep(max(left, 0) + 0.3)
    with pytest.raises(ClientError) as ei:
        boto(ep(emu), cr["AccessKeyId"], cr["SecretAccessKey"], cr["SessionToken"]).get_caller_identity()
    assert client_error(ei) == ("ExpiredToken", "The security token included in the request is expired", 403)


def test_clock_skew(emu):
    st, h, body = gci(ep(emu, "_s/skew-ahead/skew=3600/"))
    e = error_of(body)
    assert (st, e["Code"]) == (403, "SignatureDoesNotMatch")
    assert e["Message"].startswith("Signature expired: ") and e["Message"].endswith(" - 15 min.)")
    server = dt.datetime.strptime(h["date"], "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=dt.timezone.utc)
    assert abs((server - dt.datetime.now(dt.timezone.utc)).total_seconds() - 3600) < 5
    with pytest.raises(ClientError) as ei:
        boto(ep(emu, "_s/skew-behind/skew=-1200/")).get_caller_identity()
    code, msg, status = client_error(ei)
    assert (code, status) == ("SignatureDoesNotMatch", 403)
    assert msg.startswith("Signature not yet current: ") and msg.endswith(" + 15 min.)")
    # a client that signs with the server's clock succeeds, and Expiration follows the skewed clock
    when = server + dt.timedelta(seconds=2)
    st, _, body = call(ep(emu, "_s/skew-ahead/skew=3600/"), {"Action": "AssumeRole", "Version": "2011-06-15",
                       "RoleArn": ROLE, "RoleSessionName": "sk"}, when=when)
    assert st == 200
    exp = dt.datetime.strptime(text(result_of(body, "AssumeRole"), "Credentials/Expiration"),
                               "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    assert abs((exp - dt.datetime.now(dt.timezone.utc)).total_seconds() - 7200) < 5
    # within the 15-minute window is fine
    assert gci(ep(emu, "_s/skew-small/skew=600/"))[0] == 200


# ---------------------------------------------------------------------------------------------
# validation and operation-level errors (raw requests)
# ---------------------------------------------------------------------------------------------

def ar(**kw):
    return {"Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": ROLE, "RoleSessionName": "s1", **kw}


def test_validation_and_operation_errors(emu):
    url = ep(emu)

    def err(params, **kw):
        st, _, body = call(url, params, **kw)
        e = error_of(body)
        return st, e["Code"], e["Message"]

    st, code, msg = err(ar(DurationSeconds="100"))
    assert (st, code) == (400, "ValidationError")
    assert msg == ("1 validation error detected: Value '100' at 'durationSeconds' failed to satisfy constraint: "
                   "Member must have value greater than or equal to 900")
    st, code, msg = err(ar(RoleSessionName="bad name!", DurationSeconds="50000"))
    assert code == "ValidationError" and msg.startswith("2 validation errors detected: ")
    st, code, msg = err({"Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": ROLE})
    assert (st, code) == (400, "MissingParameter") and "RoleSessionName" in msg
    assert err({"Action": "GetCallerIdentity", "Version": "2011-06-16"})[:2] == (400, "InvalidAction")
    assert err({"Action": "GetCallerIdentity"})[:2] == (400, "InvalidAction")
    assert err({"Action": "FlyToTheMoon", "Version": "2011-06-15"})[:2] == (400, "InvalidAction")
    assert err({"Version": "2011-06-15"})[:2] == (400, "MissingAction")
    st, code, msg = err(ar(RoleArn="arn:aws:iam::123456789012:role/denied-admin"))
    assert (st, code, msg) == (403, "AccessDenied", "User: arn:aws:iam::123456789012:user/emulator is not authorized "
                               "to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/denied-admin")
    assert err(ar(RoleArn="arn:aws:s3:::my-bucket-is-not-a-role"))[:2] == (400, "ValidationError")
    assert err(ar(Policy="{not json"))[:2] == (400, "MalformedPolicyDocument")
    big = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*",
                                                              "Resource": "arn:aws:s3:::" + "x" * 3000}]})
    assert err(ar(Policy=big))[:2] == (400, "PackedPolicyTooLarge")
    assert err(ar(SerialNumber="arn:aws:iam::123456789012:mfa/u", TokenCode="654321"))[:2] == (403, "AccessDenied")
    assert err(ar(**{"Tags.member.1.Key": "a", "Tags.member.1.Value": "1", "Tags.member.2.Key": "A",
                     "Tags.member.2.Value": "2"}))[:2] == (400, "InvalidParameterValue")
    assert err(ar(**{"Tags.member.1.Key": "a"}))[:2] == (400, "ValidationError")
    assert err({"Action": "GetFederationToken", "Version": "2011-06-15", "Name": "x"})[:2] == (400, "ValidationError")
    assert err({"Action": "AssumeRoot", "Version": "2011-06-15", "TargetPrincipal": "111122223333"})[:2] == \
        (400, "MissingParameter")
    # both '+' and '%20' spaces are accepted; empty lists ('PolicyArns=') are fine
    for body in (b"Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"
                 b"&RoleSessionName=s1&Tags.member.1.Key=Team&Tags.member.1.Value=A+B&PolicyArns=",
                 b"Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"
                 b"&RoleSessionName=s1&Tags.member.1.Key=Team&Tags.member.1.Value=A%20B&PolicyArns="):
        hdrs = sigv4_headers("POST", url, body)
        hdrs.pop("host")
        conn = http.client.HTTPConnection(urllib.parse.urlsplit(url).netloc, timeout=10)
        conn.request("POST", "/", body=body, headers=hdrs)
        r = conn.getresponse()
        payload = r.read()
        conn.close()
        assert r.status == 200, payload
        assert text(result_of(payload, "AssumeRole"), "PackedPolicySize") == str(6 + len("TeamA B") * 100 // 2048)
    # JSON variant (Accept: application/json)
    st, h, body = gci(url, headers={"Accept": "application/json"})
    doc = json.loads(body)
    assert st == 200 and h["content-type"] == "application/json"
    assert doc["GetCallerIdentityResponse"]["GetCallerIdentityResult"]["Account"] == "123456789012"
    st, h, body = gci(url, key="AKIAUNKNOWN000000000", headers={"Accept": "application/json"})
    assert st == 403 and json.loads(body)["Error"]["Code"] == "InvalidClientTokenId"
    # GET form of a normal call
    st, _, body = gci(url, method="GET")
    assert st == 200 and text(result_of(body, "GetCallerIdentity"), "Account") == "123456789012"


def test_identity_token_errors(emu):
    url = ep(emu)
    now = int(time.time())

    def web(token, **kw):
        st, _, body = call(url, {"Action": "AssumeRoleWithWebIdentity", "Version": "2011-06-15", "RoleArn": ROLE,
                                 "RoleSessionName": "web", "WebIdentityToken": token}, sign=False, **kw)
        e = error_of(body)
        return st, e["Code"], e["Message"]

    assert web("not-a-jwt")[:2] == (400, "InvalidIdentityToken")
    st, code, msg = web(make_jwt({"iss": "https://i", "sub": "subject", "aud": "a", "exp": now - 10}))
    assert (st, code) == (400, "ExpiredTokenException") and msg.startswith("Token expired: current date/time ")
    assert web(make_jwt({"iss": "https://unreachable.example", "sub": "subject", "aud": "a", "exp": now + 60}))[:2] \
        == (400, "IDPCommunicationError")
    assert web(make_jwt({"iss": "https://i", "sub": "rejected", "aud": "a", "exp": now + 60}))[:2] == \
        (403, "IDPRejectedClaim")

    def saml(assertion):
        st, _, body = call(url, {"Action": "AssumeRoleWithSAML", "Version": "2011-06-15", "RoleArn": ROLE,
                                 "PrincipalArn": "arn:aws:iam::123456789012:saml-provider/MyIdP",
                                 "SAMLAssertion": assertion}, sign=False)
        return st, error_of(body)["Code"]

    assert saml("!!!! definitely not base64") == (400, "InvalidIdentityToken")
    assert saml(base64.b64encode(b"<not-closed").decode()) == (400, "InvalidIdentityToken")
    assert saml(saml_assertion(iso_in(-60))) == (400, "ExpiredTokenException")

    # clients must send these two unsigned: a signed one is accepted but counted
    good = make_jwt({"iss": "https://i", "sub": "subject", "aud": "a", "exp": now + 60})
    st, _, _ = call(ep(emu, "_s/signed-web/"), {"Action": "AssumeRoleWithWebIdentity", "Version": "2011-06-15",
                                                 "RoleArn": ROLE, "RoleSessionName": "web", "WebIdentityToken": good})
    assert st == 200 and stats(emu, "signed-web")["auth_on_unsigned_ops"] == 1


# ---------------------------------------------------------------------------------------------
# fault injection
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fault,status,code,etype", [
    ("throttle", 400, "Throttling", "Sender"), ("http500", 500, "InternalFailure", "Receiver"),
    ("http503", 503, "ServiceUnavailable", "Receiver"), ("idp", 400, "IDPCommunicationError", "Sender")])
def test_error_faults(emu, fault, status, code, etype):
    st, h, body = gci(ep(emu, f"_s/f-{fault}/fault={fault}/retryafter=1500/"))
    e = error_of(body)
    assert (st, e["Code"], e["Type"]) == (status, code, etype)
    assert h["x-amz-retry-after"] == "1500" and h["content-type"] == "text/xml" and h["x-amzn-requestid"]
    if fault == "throttle":
        assert e["Message"] == "Rate exceeded"


@pytest.mark.parametrize("code,status,etype", [
    ("IDPRejectedClaim", 403, "Sender"), ("RegionDisabledException", 403, "Sender"),
    ("ExpiredToken", 403, "Sender"), ("ExpiredTokenException", 400, "Sender"),
    ("InternalFailure", 500, "Receiver"), ("MalformedQueryString", 404, "Sender"),
    ("SessionDurationEscalationException", 403, "Sender"), ("InvalidIdentityTokenException", 400, "Sender"),
    ("SomethingNew", 400, "Sender")])
def test_error_directive(emu, code, status, etype):
    st, _, body = gci(ep(emu, f"_s/e-{code}/error={code}/"), sign=False)
    e = error_of(body)
    assert (st, e["Type"]) == (status, etype)
    assert e["Code"] == ("InvalidIdentityToken" if code == "InvalidIdentityTokenException" else code)


def raw_post(emu, path, params=None):
    u = urllib.parse.urlsplit(emu["http"])
    conn = http.client.HTTPConnection(u.netloc, timeout=20)
    body = urllib.parse.urlencode(params or {"Action": "AssumeRole", "Version": "2011-06-15"}).encode()
    conn.request("POST", "/" + path, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    return conn, conn.getresponse()


def test_transport_faults(emu):
    conn, r = raw_post(emu, "_s/f-truncate/fault=truncate/")
    body = r.read()
    assert r.status == 200 and int(r.getheader("Content-Length")) == len(body) > 0
    assert body.startswith(b"<AssumeRoleResponse")
    with pytest.raises(ET.ParseError):
        ET.fromstring(body)
    conn.close()

    conn, r = raw_post(emu, "_s/f-short/fault=shortbody/")
    assert r.status == 200
    with pytest.raises(http.client.IncompleteRead):
        r.read()
    conn.close()

    conn, r = raw_post(emu, "_s/f-garbage/fault=garbage/")
    assert (r.status, r.getheader("Content-Type"), r.read()) == (200, "text/html", b"<html>not sts</html>")

    conn, r = raw_post(emu, "_s/f-badutf8/fault=badutf8/", {"Action": "GetCallerIdentity", "Version": "2011-06-15"})
    body = r.read()
    assert r.status == 200 and b"<UserId>bad\xff" in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")

    conn, r = raw_post(emu, "_s/f-missing/fault=missing/", {"Action": "GetSessionToken", "Version": "2011-06-15"})
    res = result_of(r.read(), "GetSessionToken")
    assert r.status == 200 and res is not None and len(res) == 0

    conn, r = raw_post(emu, "_s/f-empty/fault=empty/")
    assert (r.status, r.read()) == (200, b"")

    conn, r = raw_post(emu, "_s/f-json/fault=json/")
    assert r.status == 200 and r.getheader("Content-Type") == "application/json"
    assert "Credentials" in json.loads(r.read())["AssumeRoleResponse"]["AssumeRoleResult"]

    conn, r = raw_post(emu, "_s/f-big/fault=bigbody/")
    assert r.status == 200 and int(r.getheader("Content-Length")) == 50 * 1024 * 1024
    assert r.read(1 << 20).startswith(b"<AssumeRoleResponse")
    conn.close()                                     # hang up mid-body: the server must cope
    conn, r = raw_post(emu, "_s/f-big2/fault=bigbody/")
    body = r.read()
    assert len(body) == 50 * 1024 * 1024 and body.endswith(b"</AssumeRoleResponse>\n")
    conn.close()

    with pytest.raises(ConnectionResetError):
        raw_post(emu, "_s/f-reset/fault=reset/")

    with urllib.request.urlopen(emu["http"] + "/_emulator/health") as r:   # still alive
        assert json.load(r)["ok"]


def test_times_stats_and_reset(emu):
    url = ep(emu, "_s/t1/fault=throttle/times=2/")
    assert [gci(url)[0] for _ in range(3)] == [400, 400, 200]
    st = stats(emu, "t1")
    assert {k: st[k] for k in ("requests", "actions", "signed", "unsigned", "faults")} == \
        {"requests": 3, "actions": {"GetCallerIdentity": 3}, "signed": 3, "unsigned": 0, "faults": 2}
    assert [h["status"] for h in st["history"]] == [400, 400, 200]
    gci(url, sign=False)
    assert stats(emu, "t1")["unsigned"] == 1
    req = urllib.request.Request(emu["http"] + "/_emulator/reset/t1", method="POST", data=b"")
    with urllib.request.urlopen(req) as r:
        assert json.load(r)["ok"]
    assert stats(emu, "t1")["requests"] == 0
    assert gci(url)[0] == 400                          # counting restarted
    assert stats(emu, "never-used")["requests"] == 0
    assert stats(emu, "default")["requests"] > 0


def test_delay_and_drip(emu):
    url = ep(emu, "_s/slow/delay=400/times=1/")
    t0 = time.monotonic()
    assert gci(url)[0] == 200
    assert time.monotonic() - t0 >= 0.4
    t0 = time.monotonic()
    assert gci(url)[0] == 200
    assert time.monotonic() - t0 < 0.3
    t0 = time.monotonic()
    st, _, body = gci(ep(emu, "_s/drip/drip=1/"))
    assert st == 200 and text(result_of(body, "GetCallerIdentity"), "Account") == "123456789012"
    assert time.monotonic() - t0 >= len(body) * 0.001
    # a delayed fault still answers with the fault
    t0 = time.monotonic()
    assert gci(ep(emu, "_s/slowfault/delay=200/fault=http503/"))[0] == 503
    assert time.monotonic() - t0 >= 0.2


def test_bad_directives_and_malformed_requests(emu):
    for path, word in (("_s/bad1/fault=nope/", "nope"), ("_s/bad2/bogus/", "bogus"), ("_s/bad3/delay=x/", "delay"),
                       ("_s/bad4/fault=reset/error=Throttling/", "either")):
        st, _, body = gci(ep(emu, path))
        e = error_of(body)
        assert st == 400 and word in e["Message"], e
    u = urllib.parse.urlsplit(emu["http"])
    # invalid UTF-8 form body
    conn = http.client.HTTPConnection(u.netloc, timeout=10)
    conn.request("POST", "/", body=b"Action=GetCallerIdentity&Version=2011-06-15&x=%ff%fe\xff",
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    r = conn.getresponse()
    assert r.status == 400 and error_of(r.read())["Code"]
    conn.close()
    # not HTTP at all
    with socket.create_connection((u.hostname, u.port), timeout=10) as s:
        s.sendall(b"\x16\x03\x01 garbage garbage\r\n\r\n")
        s.recv(1024)
    with urllib.request.urlopen(emu["http"] + "/_emulator/health") as r:
        assert json.load(r)["ok"]


# ---------------------------------------------------------------------------------------------
# HTTPS and keep-alive
# ---------------------------------------------------------------------------------------------

def test_https(emu):
    me = boto(emu["https"], verify=emu["ca"]).get_caller_identity()
    assert me["Account"] == "123456789012"
    ctx = ssl.create_default_context(cafile=emu["ca"])
    assert gci(emu["https"] + "/_s/tls/", context=ctx)[0] == 200
    for url, words in ((emu["https_expired"], "expired"), (emu["https_wronghost"], "hostname")):
        with pytest.raises(ssl.SSLCertVerificationError) as ei:
            gci(url + "/", context=ctx)
        assert words in str(ei.value).lower()
    with pytest.raises(ssl.SSLCertVerificationError):        # not trusted without the CA
        gci(emu["https"] + "/", context=ssl.create_default_context())


def test_keep_alive_and_connection_close(emu):
    u = urllib.parse.urlsplit(emu["http"])
    conn = http.client.HTTPConnection(u.netloc, timeout=10)
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    socks = []
    for _ in range(2):
        hdrs = sigv4_headers("POST", emu["http"] + "/", body)
        hdrs.pop("host")
        conn.request("POST", "/", body=body, headers=hdrs)
        r = conn.getresponse()
        assert r.status == 200 and r.getheader("Connection") is None
        r.read()
        socks.append(conn.sock)
    assert socks[0] is socks[1] and socks[0] is not None
    conn.close()
    # Connection: close is honoured
    with socket.create_connection((u.hostname, u.port), timeout=10) as s:
        s.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    assert data.startswith(b"HTTP/1.1 200") and b"Connection: close" in data and data.endswith(b"\n")
