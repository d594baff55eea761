#!/usr/bin/env python3
"""Checks that every wrapper's copies of the C enums equal include/stskit.h.

The header is the source of truth. Each wrapper declares, for every header enum it mirrors, an
enum of the same name (C# `enum StskitStatus { InvalidArgument = 1, ... }`, Kotlin
`enum class StskitStatus(val value: Int) { INVALID_ARGUMENT(1), ... }`, Swift
`enum StskitStatus: Int32 { case invalidArgument = 1 ... }`). Names are compared case- and
underscore-insensitively; a wrapper must mirror every header enum in REQUIRED with every value.

usage: check-enums.py [wrapper-dir ...]   (default: every bindings/* that exists)
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
REQUIRED = ["StskitStatus", "StskitStsError", "StskitOperation", "StskitMember", "StskitOutput", "StskitLogLevel"]


def norm(name: str) -> str:
    return name.replace("_", "").lower()


def header_enums() -> dict:
    text = (ROOT / "include" / "stskit.h").read_text()
    enums = {}
    for m in re.finditer(r"enum (Stskit\w+)\s*(?:#if.*?#endif[^\n]*\n)?\s*\{(.*?)\};", text, re.S):
        name, body = m.group(1), m.group(2)
        prefix = re.sub(r"(?<!^)([A-Z])", r"_\1", name).upper() + "_"
        members = {}
        for v, n in re.findall(r"^\s*(STSKIT_\w+)\s*=\s*(-?\d+)", body, re.M):
            assert v.startswith(prefix), f"{v} lacks prefix {prefix}"
            members[norm(v[len(prefix):])] = int(n)
        enums[name] = members
    return enums


PATTERNS = {
    # C#: enum Name : int { Member = 1, ... }
    ".cs": (r"enum\s+(Stskit\w+)\s*(?::\s*\w+)?\s*\{(.*?)\}", r"(\w+)\s*=\s*(-?\d+)"),
    # Kotlin: enum class Name(val value: Int) { MEMBER(1), ... }
    ".kt": (r"enum\s+class\s+(Stskit\w+)\s*\([^)]*\)\s*\{(.*?)(?:;|\})", r"(\w+)\s*\(\s*(-?\d+)\s*\)"),
    # Swift: enum Name: Int32 { case member = 1 ... }
    ".swift": (r"enum\s+(Stskit\w+)\s*:\s*Int32[^{]*\{(.*?)\n\}", r"case\s+`?(\w+)`?\s*=\s*(-?\d+)"),
}


def wrapper_enums(directory: pathlib.Path) -> dict:
    found = {}
    for path in directory.rglob("*"):
        pat = PATTERNS.get(path.suffix)
        if not pat or not path.is_file() or "/build/" in str(path) or "/.build/" in str(path):
            continue
        for m in re.finditer(pat[0], path.read_text(errors="replace"), re.S):
            members = {norm(k): int(v) for k, v in re.findall(pat[1], m.group(2))}
            found.setdefault(m.group(1), {}).update(members)
    return found


def main() -> int:
    header = header_enums()
    dirs = [pathlib.Path(a) for a in sys.argv[1:]] or [d for d in sorted((ROOT / "bindings").glob("*")) if d.is_dir()]
    failures = 0
    checked = 0
    for d in dirs:
        got = wrapper_enums(d)
        for name in REQUIRED:
            checked += 1
            want = header[name]
            have = got.get(name)
            if have is None:
                print(f"FAIL {d.name}: enum {name} is missing")
                failures += 1
            elif have != want:
                diff = sorted(set(want.items()) ^ set(have.items()))
                print(f"FAIL {d.name}: enum {name} differs from the header: {diff}")
                failures += 1
            else:
                print(f"ok   {d.name}: {name} ({len(want)} values)")
    if checked == 0:
        print("no wrapper found to check")
        return 1
    print(f"{checked - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
