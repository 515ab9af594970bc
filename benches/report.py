"""Joins criterion's results (target/criterion) and the allocation report
into one markdown table: path, this workspace, the peer, ratio, allocations.

Usage: python3 benches/report.py ALLOC_REPORT_FILE
"""

import json
import os
import sys

ROOT = os.path.join("target", "criterion")
POLICIES = {"reject", "normalize", "allow"}


def load():
    """{(group, function, parameter): (mean ns, bytes per iteration or None)}"""
    results = {}
    for group in sorted(os.listdir(ROOT)):
        gdir = os.path.join(ROOT, group)
        if not os.path.isdir(gdir) or group == "report":
            continue
        for function in os.listdir(gdir):
            fdir = os.path.join(gdir, function)
            if not os.path.isdir(fdir) or function == "report":
                continue
            for param in os.listdir(fdir):
                new = os.path.join(fdir, param, "new")
                if not os.path.exists(os.path.join(new, "estimates.json")):
                    continue
                with open(os.path.join(new, "estimates.json")) as f:
                    mean = json.load(f)["mean"]["point_estimate"]
                with open(os.path.join(new, "benchmark.json")) as f:
                    throughput = json.load(f).get("throughput") or {}
                results[(group, function, param)] = (mean, throughput.get("Bytes"))
    return results


def peer_of(results, group, function, param):
    suffix = function[len("ours"):].lstrip("-")
    for candidate in (f"peer-{suffix}" if suffix else "peer",
                      "peer" if suffix in POLICIES else None):
        if candidate and (group, candidate, param) in results:
            return results[(group, candidate, param)]
    return None


def show(mean_ns, nbytes):
    if nbytes and nbytes >= 4096:  # streams: throughput reads better
        return "%.2f GB/s" % (nbytes / mean_ns)
    return "%.1f ns" % mean_ns


def alloc_key(group, function, param):
    kind = function[len("ours"):].lstrip("-") or "whole"
    if group == "framer":
        ok = function == "ours" and param == "1.5KiB"
        return "framer/1000-commands/1.5KiB" if ok else None
    if group == "data":
        if kind in POLICIES and param == "64KiB":
            return "data/decode/10MiB-64KiB"
        if kind == "bdat":
            return "data/bdat/10MiB-64KiB"
        return None
    if group == "session":
        return "session/whole/100KiB"
    return f"{group}/{kind}/{param}"


def main():
    allocs = {}
    with open(sys.argv[1]) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3:
                allocs[parts[0]] = (parts[1], parts[2])
    results = load()
    ceiling = results.get(("data", "ceiling-memchr", "lf-count"))
    print("| path | smtp-codec | peer (smtp-proto 0.2) | ratio (peer time / ours) | allocations ours / peer |")
    print("|---|---|---|---|---|")
    for (group, function, param), (mean, nbytes) in sorted(results.items()):
        if not function.startswith("ours"):
            continue
        peer = peer_of(results, group, function, param)
        ratio = "%.2fx" % (peer[0] / mean) if peer else "-"
        key = alloc_key(group, function, param)
        alloc = " / ".join(allocs[key]) if key in allocs else "-"
        path = f"{group} {function[len('ours'):].lstrip('-') or ''} {param}".replace("  ", " ")
        print(f"| {path} | {show(mean, nbytes)} | {show(*peer) if peer else '-'} | {ratio} | {alloc} |")
    for name in ("ceiling-memchr", "ceiling-copy"):
        for (group, function, param), (mean, nbytes) in sorted(results.items()):
            if function == name:
                print(f"| {group} {function} {param} | {show(mean, nbytes)} | - | - | - |")
    if ceiling:
        for (group, function, param), (mean, nbytes) in sorted(results.items()):
            if group == "data" and function.startswith("ours-") and function[5:] in POLICIES:
                share = ceiling[0] / mean * 100
                print(f"\ndata {function[5:]} {param}: {share:.0f}% of the memchr ceiling", end="")
        print()


main()
