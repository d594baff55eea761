"""Turns the JSON lines bench/run.sh collected into the results table, chart and README section.

    python3 report.py RESULTS.jsonl OUT_DIR [README]

writes OUT_DIR/results.md, OUT_DIR/chart.png (if matplotlib is there), OUT_DIR/README-section.md
and OUT_DIR/results.json, replaces the text between the results markers of README (bench/README.md)
with the new tables, and prints the table.
"""
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

MB = 1_000_000  # targets in MB are SI megabytes (the stricter reading)

COMMAND = "bash bench/run.sh"


def load(path):
    rows = [json.loads(l) for l in open(path) if l.strip().startswith("{")]
    by_tag = defaultdict(list)
    for r in rows:
        by_tag[r.get("tag", r["client"])].append(r)
    return by_tag


def med(runs, key):
    vals = [r[key] for r in runs if key in r]
    return statistics.median(vals) if vals else None


def paired_ratio(runs, refs, key):
    """Median over rounds of run[i] / ref[i]: the runs of one round are interleaved, so pairing them
    cancels the load other processes put on the shared machine better than a ratio of medians."""
    pairs = [a[key] / b[key] for a, b in zip(runs, refs) if a.get(key) and b.get(key)]
    return statistics.median(pairs) if pairs else None


def best(runs, key, fn):
    vals = [r[key] for r in runs if key in r]
    return fn(vals) if vals else None


def fmt_num(v, digits=1):
    if v is None:
        return "n/a"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:,.{digits}f}"


def build(by_tag):
    meta = (by_tag.get("meta") or [{}])[-1]
    size = (by_tag.get("size") or [{}])[-1]
    raw, rs, c, sdk, boto = (by_tag.get(t, []) for t in ("raw", "stskit_rs", "stskit_c", "aws_sdk", "boto3"))
    rss = (by_tag.get("stskit_rs_rss") or [{}])[-1]
    st_s = (by_tag.get("startup_stskit_c") or [{}])[-1]
    st_c = (by_tag.get("startup_curl") or [{}])[-1]

    metrics = []

    def add(name, stskit, stskit_txt, ref, ref_txt, ratio, target_txt, passed, budget, note=""):
        metrics.append(dict(metric=name, stskit=stskit, stskit_txt=stskit_txt, reference=ref, reference_txt=ref_txt,
                            ratio=ratio, target=target_txt, passed=passed, budget=budget, note=note))

    sdk_cpu = med(sdk, "cpu_us_per_call")
    for label, runs in (("Rust API", rs), ("C ABI", c)):
        cpu = med(runs, "cpu_us_per_call")
        ratio = paired_ratio(runs, sdk, "cpu_us_per_call")
        add(f"CPU per AssumeRole ({label})", cpu, f"{fmt_num(cpu)} µs", sdk_cpu, f"{fmt_num(sdk_cpu)} µs (aws-sdk-sts)",
            ratio, "≤ 0.25", ratio is not None and ratio <= 0.25, ratio / 0.25 if ratio else None)
    raw_tp = med(raw, "calls_per_s")
    for label, runs in (("Rust API", rs), ("C ABI", c)):
        tp = med(runs, "calls_per_s")
        ratio = paired_ratio(runs, raw, "calls_per_s")
        add(f"Single-thread calls/s ({label})", tp, f"{fmt_num(tp)}/s", raw_tp, f"{fmt_num(raw_tp)}/s (raw ceiling)",
            ratio, "≥ 0.90", ratio is not None and ratio >= 0.90, 0.90 / ratio if ratio else None)
    so = size.get("so_bytes")
    ratio = so / (1.5 * MB) if so else None
    add("Stripped release-small libstskit.so", so, f"{so / MB:.3f} MB ({so:,} B)" if so else "n/a", 1.5 * MB, "1.5 MB budget",
        ratio, "≤ 1.00", ratio is not None and ratio <= 1.0, ratio)
    pr = med(c, "provider_read_ns")
    ratio = pr / 100 if pr else None
    add("Provider cached read, C ABI (try_get + free)", pr, f"{fmt_num(pr)} ns", 100, "100 ns budget",
        ratio, "≤ 1.00", ratio is not None and ratio <= 1.0, ratio)
    peak = rss.get("time_maxrss_kb")
    peak_b = peak * 1024 if peak else None
    ratio = peak_b / (8 * MB) if peak_b else None
    add(f"Peak RSS, {meta.get('rss_calls', 100000):,} calls in one process", peak_b,
        f"{peak_b / MB:.2f} MB ({peak:,} KiB)" if peak else "n/a", 8 * MB, "8 MB budget",
        ratio, "≤ 1.00", ratio is not None and ratio <= 1.0, ratio)
    r10, r90 = rss.get("rss_10pct_kb"), rss.get("rss_90pct_kb")
    growth = r90 - r10 if r10 is not None and r90 is not None else None
    ratio = r90 / r10 if r10 else None
    add("RSS growth, first → last 10% of calls", growth, f"{growth:+,} KiB ({r10:,} → {r90:,} KiB)" if growth is not None else "n/a",
        r10, "RSS after the first 10%", ratio, "no growth", growth is not None and growth <= 0, ratio)
    ss, sc = st_s.get("median_s"), st_c.get("median_s")
    ratio = ss / sc if ss and sc else None
    add("Process start → first credentials, HTTPS", ss, f"{ss * 1000:.2f} ms" if ss else "n/a", sc,
        f"{sc * 1000:.2f} ms (curl)" if sc else "n/a", ratio, "≤ 1.50", ratio is not None and ratio <= 1.5,
        ratio / 1.5 if ratio else None, note=f"median of {st_s.get('runs', '?')} runs ({st_s.get('tool', '?')})")

    clients = []
    for tag, runs, what in (("raw", raw, "pre-built bytes, one keep-alive socket"),
                            ("stskit_rs", rs, "stskit Rust API"),
                            ("stskit_c", c, "stskit C ABI (release libstskit.so)"),
                            ("aws_sdk", sdk, "aws-sdk-sts, tokio current-thread"),
                            ("boto3", boto, "boto3 " + (boto[0].get("boto3_version", "") if boto else ""))):
        if not runs:
            clients.append(dict(client=tag, what=what, runs=0))
            continue
        clients.append(dict(client=tag, what=what, runs=len(runs), calls=runs[0]["calls"],
                            calls_per_s=med(runs, "calls_per_s"), cpu_us_per_call=med(runs, "cpu_us_per_call"),
                            best_calls_per_s=best(runs, "calls_per_s", max), best_cpu_us_per_call=best(runs, "cpu_us_per_call", min),
                            maxrss_kb=med(runs, "time_maxrss_kb")))
    return meta, metrics, clients


def table_md(metrics):
    out = ["| metric | stskit | reference | ratio | target | result |", "| --- | --- | --- | --- | --- | --- |"]
    for m in metrics:
        ratio = "n/a" if m["ratio"] is None else f"{m['ratio']:.3f}"
        result = "**pass**" if m["passed"] else "**FAIL**"
        out.append(f"| {m['metric']} | {m['stskit_txt']} | {m['reference_txt']} | {ratio} | {m['target']} | {result} |")
    return "\n".join(out)


def clients_md(clients):
    out = ["| client | what | runs × calls | calls/s median (best) | CPU µs/call median (best) | peak RSS |",
           "| --- | --- | --- | --- | --- | --- |"]
    for c in clients:
        if not c["runs"]:
            out.append(f"| {c['client']} | {c['what']} | not run | | | |")
            continue
        out.append(f"| {c['client']} | {c['what']} | {c['runs']} × {c['calls']:,} | {fmt_num(c['calls_per_s'])} ({fmt_num(c['best_calls_per_s'])}) | "
                   f"{fmt_num(c['cpu_us_per_call'])} ({fmt_num(c['best_cpu_us_per_call'])}) | {c['maxrss_kb'] / 1024:.1f} MiB |")
    return "\n".join(out)


def chart(metrics, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    ms = [m for m in metrics if m["budget"] is not None]
    names = [m["metric"] for m in ms][::-1]
    vals = [m["budget"] for m in ms][::-1]
    colors = ["#2e7d32" if m["passed"] else "#c62828" for m in ms][::-1]
    fig, ax = plt.subplots(figsize=(11, 0.55 * len(ms) + 1.8))
    ax.barh(names, vals, color=colors)
    ax.axvline(1.0, color="black", linestyle="--", linewidth=1)
    ax.text(1.0, len(ms) - 0.45, " target", va="bottom", fontsize=8)
    for i, (m, v) in enumerate(zip(ms[::-1], vals)):
        ax.text(v, i, f"  {m['ratio']:.3f} (target {m['target']})", va="center", fontsize=8)
    ax.set_xlabel("share of the target used: ratio ÷ target (for calls/s target ÷ ratio); up to 1.0 passes")
    ax.set_xlim(0, max(1.6, max(vals) * 1.45))
    ax.set_title("stskit vs its targets (issue 8)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main():
    src, out_dir = sys.argv[1], Path(sys.argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    meta, metrics, clients = build(load(src))
    has_chart = chart(metrics, out_dir / "chart.png")
    passed = sum(m["passed"] for m in metrics)
    setup = (f"{meta.get('calls', '?'):,} AssumeRole calls per run, {meta.get('repeats', '?')} rounds of every client "
             f"(medians; ratios are medians of the per-round ratios); "
             f"{meta.get('date', '?')}; {meta.get('cpu', '?')} ({meta.get('nproc', '?')} cores, shared); {meta.get('rustc', '')}; "
             f"harness {meta.get('bench_seconds', '?')} s in all, {meta.get('measure_seconds', '?')} s of it measuring")
    md = "\n".join([
        "# stskit benchmark results", "",
        f"`{COMMAND}` — {setup}.", "",
        table_md(metrics), "",
        f"{passed} of {len(metrics)} targets met.", "",
        "## Every client", "",
        clients_md(clients), "",
        "CPU is user + system time of the client process (getrusage) over the measured calls only; calls/s is "
        "single-threaded, one keep-alive connection, against the same local static responder (HTTP on 127.0.0.1).",
        "",
        "![chart](chart.png)" if has_chart else "(no chart: matplotlib missing)", "",
    ])
    (out_dir / "results.md").write_text(md)
    section = "\n".join([
        "## Performance", "",
        "Measured by the benchmark harness in `bench/` against a local static STS responder, side by side "
        "with a raw-socket ceiling, the official `aws-sdk-sts` and boto3 (details in `bench/README.md`):", "",
        table_md(metrics), "",
        f"![stskit vs its targets](bench/results/chart.png)", "",
        f"Reproduce with `{COMMAND}` (builds everything, about 1-2 minutes of measuring after the one-time "
        "build of aws-sdk-sts); it rewrites `bench/results/results.md` and `bench/results/chart.png`. "
        f"This run: {setup}.", "",
    ])
    (out_dir / "README-section.md").write_text(section)
    (out_dir / "results.json").write_text(json.dumps({"meta": meta, "metrics": metrics, "clients": clients}, indent=2))
    if len(sys.argv) > 3:
        readme = Path(sys.argv[3])
        start, end = "<!-- results:start -->", "<!-- results:end -->"
        text = readme.read_text()
        if start in text and end in text:
            block = "\n".join([start, "", f"{setup}.", "", table_md(metrics), "",
                               f"{passed} of {len(metrics)} targets met.", "", clients_md(clients), "",
                               "![chart](results/chart.png)", "", end])
            readme.write_text(text[:text.index(start)] + block + text[text.index(end) + len(end):])
    print(table_md(metrics))
    print()
    print(clients_md(clients))
    print(f"\n{passed} of {len(metrics)} targets met.")


if __name__ == "__main__":
    main()
