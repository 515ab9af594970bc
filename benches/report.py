"""Joins criterion's results (target/criterion) and the allocation report
into one markdown table: path, this workspace, each peer (Stalwart's
smtp-proto 0.2 and mailrs-smtp-proto 1) with its ratio, allocations.

Criterion function ids name who ran: `ours[-KIND]`, `stalwart[-KIND]`,
`mailrs[-KIND]` (KIND: decode, encode, bdat, a DATA line-end policy for
ours, ...), the parameter is the input. A peer row is looked up by the same
KIND and parameter; a DATA policy row of ours is compared with the peer's
plain `stalwart`/`mailrs` row (the peers have no policies).

Usage: python3 benches/report.py ALLOC_REPORT_FILE
"""

import json
import os
import sys

ROOT = os.path.join("target", "criterion")
POLICIES = {"reject", "normalize", "allow"}
PEERS = ("stalwart", "mailrs")


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


def kind_of(function):
    """"ours-decode" -> "decode", "ours" -> "" """
    return function[len("ours"):].lstrip("-")


def peer_of(results, peer, group, function, param):
    kind = kind_of(function)
    for candidate in (f"{peer}-{kind}" if kind else peer,
                      peer if kind in POLICIES else None):
        if candidate and (group, candidate, param) in results:
            return results[(group, candidate, param)]
    return None


def show(mean_ns, nbytes):
    if nbytes and nbytes >= 4096:  # streams: throughput reads better
        return "%.2f GB/s" % (nbytes / mean_ns)
    return "%.1f ns" % mean_ns


def alloc_key(group, function, param):
    kind = kind_of(function) or "whole"
    if group == "framer":
        ok = function == "ours" and param == "1.5KiB"
        return "framer/1000-commands/1.5KiB" if ok else None
    if group == "data":
        if kind in POLICIES and param == "64KiB":
            return "data/decode/10MiB-64KiB"
        if kind == "bdat":
            return "data/bdat/10MiB-64KiB"
        return None
    return f"{group}/{kind}/{param}"


def main():
    allocs = {}
    with open(sys.argv[1]) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 4:
                allocs[parts[0]] = parts[1:]
    results = load()
    ceiling = results.get(("data", "ceiling-memchr", "lf-count"))
    print("| path | ours | Stalwart | ratio (Stalwart time / ours) "
          "| mailrs | ratio (mailrs time / ours) | allocations ours / Stalwart / mailrs |")
    print("|---|---|---|---|---|---|---|")
    for (group, function, param), (mean, nbytes) in sorted(results.items()):
        if not function.startswith("ours"):
            continue
        key = alloc_key(group, function, param)
        counts = allocs.get(key)
        cells = []
        for i, peer in enumerate(PEERS, start=1):
            found = peer_of(results, peer, group, function, param)
            if found:
                cells += [show(*found), "%.2fx" % (found[0] / mean)]
            elif counts and counts[i] == "refuses":
                cells += ["refuses", "-"]
            else:
                cells += ["-", "-"]
        alloc = " / ".join(counts) if counts else "-"
        path = f"{group} {kind_of(function)} {param}".replace("  ", " ")
        print(f"| {path} | {show(mean, nbytes)} | {' | '.join(cells)} | {alloc} |")
    for name in ("ceiling-memchr", "ceiling-copy"):
        for (group, function, param), (mean, nbytes) in sorted(results.items()):
            if function == name:
                print(f"| {group} {function} {param} | {show(mean, nbytes)} | - | - | - | - | - |")
    if ceiling:
        for (group, function, param), (mean, nbytes) in sorted(results.items()):
            if group == "data" and function.startswith("ours-") and function[5:] in POLICIES:
                share = ceiling[0] / mean * 100
                print(f"\ndata {function[5:]} {param}: {share:.0f}% of the memchr ceiling", end="")
        print()


main()
