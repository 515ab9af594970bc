"""Instructions per operation on every benchmarked path, this workspace
beside both peers, counted by callgrind: the same on every run of the same
build on the same machine, where the wall-clock table moves by a third on
the shortest paths.

It builds `benches/examples/instructions.rs` in the `bench` profile (fat
LTO, as criterion's build), asks it for its measurements (`--list`), and
runs each under `valgrind --tool=callgrind` twice, with N1 and N2
operations; (Ir(N2) - Ir(N1)) / (N2 - N1) is one operation, without the
start-up and set-up cost. It prints a markdown table (path, ours, each peer
with its ratio: peer Ir / ours Ir, above 1 means this workspace executes
fewer instructions) and writes target/instructions.tsv.

Usage: python3 benches/instructions.py [--filter SUBSTRING] [--jobs N]
(needs valgrind; benches/report.sh installs it)
"""

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile

PEERS = ("stalwart", "mailrs")


def build():
    """Builds the driver in the bench profile; returns its path."""
    out = subprocess.run(
        ["cargo", "build", "--quiet", "--profile", "bench", "-p", "smtp-benches",
         "--example", "instructions", "--message-format=json"],
        check=True, stdout=subprocess.PIPE, text=True).stdout
    for line in out.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message.get("executable") \
                and message["target"]["name"] == "instructions":
            return message["executable"]
    sys.exit("instructions.py: cargo built no instructions driver")


def collected(driver, key, n, tmp):
    """Instructions callgrind counts for one run of KEY, N times."""
    out = os.path.join(tmp, f"{key.replace('/', '_')}.{n}.out")
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", driver, key, str(n)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    found = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode != 0 or not found:
        sys.exit(f"instructions.py: {key} {n} failed:\n{run.stderr}")
    os.remove(out)
    return int(found.group(1))


def per_op(driver, key, n1, n2, tmp):
    low, high = collected(driver, key, n1, tmp), collected(driver, key, n2, tmp)
    return (high - low) / (n2 - n1)


def show(ir):
    return "%d" % round(ir)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--filter", default="", help="only rows whose path contains this")
    parser.add_argument("--jobs", type=int, default=1, help="callgrind runs at once")
    args = parser.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

    driver = build()
    listing = subprocess.run([driver, "--list"], check=True, stdout=subprocess.PIPE,
                             text=True).stdout
    rows = {}  # row -> {who: key}, in listing order
    counts = {}  # key -> (n1, n2)
    for line in listing.splitlines():
        row, who, key, n1, n2 = line.split("\t")
        if args.filter not in row:
            continue
        rows.setdefault(row, {})[who] = key
        if key != "refuses":
            counts[key] = (int(n1), int(n2))

    print(f"instructions.py: {len(counts)} measurements, 2 callgrind runs each",
          file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {key: pool.submit(per_op, driver, key, n1, n2, tmp)
                   for key, (n1, n2) in counts.items()}
        ir = {key: future.result() for key, future in futures.items()}

    os.makedirs("target", exist_ok=True)
    with open(os.path.join("target", "instructions.tsv"), "w") as tsv:
        for key, value in ir.items():
            tsv.write(f"{key}\t{value:.1f}\n")

    print("| path | ours (Ir/op) | Stalwart | ratio (Stalwart Ir / ours) "
          "| mailrs | ratio (mailrs Ir / ours) |")
    print("|---|---|---|---|---|---|")
    for row, keys in rows.items():
        ours = ir.get(keys.get("ours"))
        cells = [show(ours) if ours is not None else "-"]
        for peer in PEERS:
            key = keys.get(peer)
            if key == "refuses":
                cells += ["refuses", "-"]
            elif key in ir:
                ratio = "%.2fx" % (ir[key] / ours) if ours else "-"
                cells += [show(ir[key]), ratio]
            else:
                cells += ["-", "-"]
        print(f"| {row} | {' | '.join(cells)} |")


main()
