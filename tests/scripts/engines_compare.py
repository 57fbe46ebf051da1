"""Compare the outputs of mopsc on two engines (DATA.md §8): equal up to
1e-9 relative (time-decay 1e-6), CSV or JSON, the top-level `engine` aside.

    python3 engines_compare.py REFERENCE OTHER [WHAT]
"""
import csv
import json
import sys


def close(x, y, tol):
    return abs(x - y) <= tol * max(1.0, abs(x), abs(y))


def walk(x, y, at, tol, diffs):
    if isinstance(x, dict) and isinstance(y, dict):
        if set(x) != set(y):
            diffs.append(f"{at}: keys {sorted(set(x) ^ set(y))}")
            return
        t = 1e-6 if x.get("model") == "time-decay" else tol
        for k in x:
            walk(x[k], y[k], f"{at}.{k}", t, diffs)
    elif isinstance(x, list) and isinstance(y, list):
        if len(x) != len(y):
            diffs.append(f"{at}: {len(x)} items, {len(y)} items")
            return
        for i, (p, q) in enumerate(zip(x, y)):
            walk(p, q, f"{at}[{i}]", tol, diffs)
    elif isinstance(x, bool) or isinstance(y, bool):
        if x != y:
            diffs.append(f"{at}: {x!r} != {y!r}")
    elif isinstance(x, (int, float)) and isinstance(y, (int, float)):
        if not close(float(x), float(y), tol):
            diffs.append(f"{at}: {x!r} != {y!r}")
    elif x != y:
        diffs.append(f"{at}: {x!r} != {y!r}")


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        return [row for row in csv.reader(text.splitlines())]
    if isinstance(doc, dict):
        doc.pop("engine", None)
    return doc


def main():
    ref, other = load(sys.argv[1]), load(sys.argv[2])
    what = sys.argv[3] if len(sys.argv) > 3 else sys.argv[2]
    diffs = []
    walk(ref, other, "$", 1e-9, diffs)
    if diffs:
        print(f"{what}: {len(diffs)} differences", file=sys.stderr)
        for d in diffs[:20]:
            print(f"  {d}", file=sys.stderr)
        sys.exit(1)
    n = len(ref.get("rows", ref.get("diagnostics", []))) if isinstance(ref, dict) else len(ref) - 1
    print(f"{what}: equal ({n} rows)")


if __name__ == "__main__":
    main()
