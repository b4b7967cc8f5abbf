#!/usr/bin/env python3
"""Package import graph of src/main/java/org/w2sg: every edge, and any that points later in the data flow."""
import re, sys, pathlib, collections
# the flow's order is kept in one place: PackageGraphTest's ORDER list
_test = pathlib.Path(__file__).resolve().parent.parent / "src/test/java/org/w2sg/PackageGraphTest.java"
_m = re.search(r"ORDER = List\.of\((.*?)\);", _test.read_text(), re.S)
ORDER = re.findall(r'"(\w+)"', _m.group(1))
root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "src/main/java/org/w2sg")
edges = collections.Counter()
for f in root.rglob("*.java"):
    src = f.relative_to(root).parts[0]
    text = f.read_text()
    for q in set(re.findall(r"\borg\.w2sg\.([a-z0-9]+)\.", text)):
        if q != src: edges[(src, q)] += 1
unknown = sorted({p for e in edges for p in e if p not in ORDER})
rank = {p: i for i, p in enumerate(ORDER)}
back = [(a, b, n) for (a, b), n in sorted(edges.items()) if a in rank and b in rank and rank[b] > rank[a]]
for a in ORDER:
    outs = sorted((b for (x, b) in edges if x == a), key=lambda p: rank.get(p, 99))
    if any(x == a for (x, _) in edges) or (root / a).exists():
        print(f"{a:9s} -> {', '.join(outs) if outs else '(nothing)'}")
if unknown: print("packages not in the order:", ", ".join(unknown))
print("back-edges (a package importing one later in the flow):", "none" if not back else "")
for a, b, n in back: print(f"  {a} -> {b} ({n} files)")
sys.exit(1 if back else 0)
