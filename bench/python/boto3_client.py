"""N AssumeRole calls through boto3 against the benchmark responder; prints one JSON line.

    python3 boto3_client.py --endpoint http://127.0.0.1:PORT/ --calls N --warmup W
"""
import argparse
import json
import resource
import time

import boto3
from botocore.config import Config


def cpu():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime, ru.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--calls", type=int, default=20000)
    ap.add_argument("--warmup", type=int, default=50)
    a = ap.parse_args()
    client = boto3.client(
        "sts",
        region_name="us-east-1",
        endpoint_url=a.endpoint,
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        config=Config(retries={"mode": "standard"}),
    )

    def call():
        out = client.assume_role(RoleArn="arn:aws:iam::123456789012:role/GameClient", RoleSessionName="bench-session")
        if not out["Credentials"]["AccessKeyId"]:
            raise SystemExit("no credentials")

    for _ in range(a.warmup):
        call()
    u0, s0 = cpu()
    t0 = time.perf_counter()
    for _ in range(a.calls):
        call()
    wall = time.perf_counter() - t0
    u1, s1 = cpu()
    user, sys_ = u1 - u0, s1 - s0
    print(json.dumps({
        "client": "boto3",
        "boto3_version": boto3.__version__,
        "calls": a.calls,
        "wall_s": round(wall, 6),
        "user_s": round(user, 6),
        "sys_s": round(sys_, 6),
        "calls_per_s": round(a.calls / wall, 1),
        "cpu_us_per_call": round((user + sys_) * 1e6 / a.calls, 3),
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }))


if __name__ == "__main__":
    main()
