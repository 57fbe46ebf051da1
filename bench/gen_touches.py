#!/usr/bin/env python3
"""A workspace of N people's touches for timing `mopsc attribute`
(bench/attribute.sh): six channels, journeys of 1-7 touches, about a third
converting. Deterministic (seed 19).

Usage: python3 bench/gen_touches.py PEOPLE OUT_DIR
"""
import os, random, sys
from datetime import datetime, timedelta

people, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(19)
CH = [("google", "cpc"), ("newsletter", "email"), ("linkedin", "social"), ("partner", "referral"),
      ("google", "organic"), ("", "")]
os.makedirs(os.path.join(out, "data"), exist_ok=True)
open(os.path.join(out, "mops.toml"), "w").write("[lint]\n")
open(os.path.join(out, "a.mops"), "w").write("""attribution bench: position-based {
  window      = 30d
  conversions = ["signup"]
  documented  = "bench"
}
dataset t: touches {
  file   = "data/t.csv"
  source = source
  medium = medium
  value  = value
}
""")
t0 = datetime(2026, 1, 1)
with open(os.path.join(out, "data", "t.csv"), "w") as f:
    f.write("person,time,event,source,medium,value\n")
    n = 0
    for i in range(people):
        t = t0 + timedelta(seconds=rng.randrange(300 * 86400))
        for _ in range(1 + min(int(rng.expovariate(0.5)), 6)):
            t += timedelta(seconds=rng.randrange(3600, 5 * 86400))
            s, m = rng.choice(CH)
            f.write(f"p{i},{t:%Y-%m-%dT%H:%M:%SZ},page-view,{s},{m},\n")
            n += 1
        if rng.random() < 0.33:
            t += timedelta(seconds=rng.randrange(60, 86400))
            f.write(f"p{i},{t:%Y-%m-%dT%H:%M:%SZ},signup,,,{rng.choice([100, 400])}\n")
            n += 1
print(f"{n} touches -> {out}")
