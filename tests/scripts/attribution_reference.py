"""mopsc attribute against references nobody here wrote.

Generates touches deterministically (seeded), writes a workspace that
declares them, runs `mopsc attribute --model all --format json`, and
compares the credits with:

- marketing-attribution-models 2.1.1 (PyPI `mam`): first/last/linear,
  position-based (40/40/20), time-decay (continuous, half-life 168 h),
  Markov removal effects, Shapley (`run_shapley(max_size = channels)`),
  within 1e-9;
- an absorbing-chain solve written here with numpy (removal effects,
  within 1e-9);
- ChannelAttribution (first/last/linear within 1e-9; Markov removal effects
  by simulation, within its Monte-Carlo error).

Usage: python attribution_reference.py MOPSC_BINARY WORKDIR
"""
import json
import math
import os
import random
import subprocess
import sys
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

MOPSC, WORK = sys.argv[1], sys.argv[2]
CHANNELS = ["paid-search", "email", "organic-social", "referral", "display", "webinar"]
PULL = {"paid-search": 0.5, "email": 0.35, "organic-social": 0.15, "referral": 0.3, "display": 0.05, "webinar": 0.0}
HALF_LIFE_H = 168.0

rng = random.Random(2026_19)
t0 = datetime(2026, 5, 1)
rows = []  # person, time, event, channel, value
journeys = []  # (person, [channels], [hours to conversion or None], converted, value)
second = 0
for i in range(900):
    person = f"P{i:04d}"
    n = 1 + min(int(rng.expovariate(0.5)), 6)
    start = t0 + timedelta(days=rng.uniform(0, 120))
    times, chans = [], []
    t = start
    for _ in range(n):
        # whole, distinct seconds: no ties in time, so every reference orders alike
        second += 1
        t = t + timedelta(seconds=int(rng.uniform(1, 96) * 3600) + second % 7 + 1)
        c = rng.choice(CHANNELS[:-1]) if rng.random() > 0.03 else "webinar"
        times.append(t)
        chans.append(c)
    p = 1 - math.exp(-sum(PULL[c] for c in chans) * 0.6)
    converted = rng.random() < p
    value = 0.0
    for tm, c in zip(times, chans):
        rows.append((person, tm, "page-view", c, ""))
    if converted:
        conv_t = t + timedelta(seconds=int(rng.uniform(0.5, 30) * 3600))
        value = float(rng.choice([100, 250, 400, 1200]))
        rows.append((person, conv_t, "signup", "", f"{value:.0f}"))
        hours = [(conv_t - tm).total_seconds() / 3600.0 for tm in times]
    else:
        hours = [0.0 for _ in times]
    journeys.append((person, chans, hours, converted, value))

os.makedirs(os.path.join(WORK, "data"), exist_ok=True)
with open(os.path.join(WORK, "mops.toml"), "w") as f:
    f.write("[lint]\n")
with open(os.path.join(WORK, "data", "touches.csv"), "w") as f:
    f.write("person,time,event,channel,value\n")
    for r in rows:
        f.write(f"{r[0]},{r[1].strftime('%Y-%m-%dT%H:%M:%SZ')},{r[2]},{r[3]},{r[4]}\n")
with open(os.path.join(WORK, "attribution.mops"), "w") as f:
    f.write(
        """attribution reference: position-based {
  first       = 40%
  last        = 40%
  middle      = 20%
  window      = 90d
  conversions = ["signup"]
  documented  = "tests/scripts/attribution_reference.py"
}

dataset touches: touches {
  file    = "data/touches.csv"
  channel = channel
  value   = value
}
"""
    )

out = subprocess.run(
    [MOPSC, "attribute", WORK, "--model", "all", "--by", "channel", "--format", "json"],
    check=True, capture_output=True, text=True,
)
report = json.loads(out.stdout)
assert report["attribution_version"] == 1
ours = {}  # (model, channel) -> (conversions, value)
for row in report["rows"]:
    for c in row["credits"]:
        ours[(c["model"], row["label"])] = (c["conversions"], c["value"])
removal = report["markov"]["removal_effects"]

checked = 0


def close(a, b, tol, what):
    global checked
    checked += 1
    scale = max(1.0, abs(a), abs(b))
    assert abs(a - b) <= tol * scale, f"{what}: mopsc {a!r}, reference {b!r}"


# ---- marketing-attribution-models 2.1.1
from mam import MAM  # noqa: E402

conv_j = [j for j in journeys]
df = pd.DataFrame(
    {
        "journey_id": [j[0] for j in conv_j],
        "channels": [" > ".join(j[1]) for j in conv_j],
        "time_till_conv": [" > ".join(repr(h) for h in j[2]) for j in conv_j],
        "has_conversion": [j[3] for j in conv_j],
        "value": [j[4] for j in conv_j],
    }
)


def mam(with_value):
    return MAM(
        df, format_type="journey", channels_colname="channels", journey_with_conv_colname="has_conversion",
        user_id_colname="journey_id", time_till_conv_colname="time_till_conv",
        conversion_value_colname="value" if with_value else None,
    )


def agg(result):
    d = result.to_pandas()
    return {str(k): float(v) for k, v in zip(d["channels"], d["attribution"])}


for with_value in (False, True):
    m = mam(with_value)
    idx = 1 if with_value else 0
    runs = {
        "first-touch": m.run_first_click(),
        "last-touch": m.run_last_click(),
        "linear": m.run_linear(),
        "position-based": m.run_position_based(),
        "time-decay": m.run_time_decay(half_life_hours=HALF_LIFE_H),
        "shapley": m.run_shapley(max_size=len(CHANNELS), value_column="conv_rate"),
    }
    for model, res in runs.items():
        ref = agg(res)
        for ch in set(ref) | {c for (mm, c) in ours if mm == model and c in CHANNELS}:
            mine = ours.get((model, ch), (0.0, 0.0))[idx]
            close(mine, ref.get(ch, 0.0), 1e-9, f"MAM {model} {ch} {'value' if with_value else 'conversions'}")
    mk = m.run_markov(transition_to_same_state=False)
    re_mam = mk.metadata["removal_effect"]["removal_effect"].to_dict()
    for ch, re in re_mam.items():
        close(removal[str(ch)], float(re), 1e-9, f"MAM markov removal effect {ch}")
print(f"marketing-attribution-models 2.1.1: {checked} figures agree within 1e-9")

# ---- an exact absorbing-chain solve, written here
def merged(cs):
    out = []
    for c in cs:
        if not out or out[-1] != c:
            out.append(c)
    return out


states = ["(start)"] + sorted({c for j in journeys for c in j[1]})
ix = {s: i for i, s in enumerate(states)}
n = len(states)
T = np.zeros((n, n + 2))  # + conversion, null
for _, cs, _, conv, _ in journeys:
    path = ["(start)"] + merged(cs)
    for a, b in zip(path, path[1:]):
        T[ix[a], ix[b]] += 1
    T[ix[path[-1]], n if conv else n + 1] += 1


def p_conv(removed=None):
    keep = [i for i, s in enumerate(states) if s != removed]
    P = T / np.maximum(T.sum(axis=1, keepdims=True), 1e-300)
    Q = P[np.ix_(keep, keep)]
    r = P[keep, n]
    x = np.linalg.solve(np.eye(len(keep)) - Q, r)
    return x[0]


base = p_conv()
before = checked
for ch in states[1:]:
    close(removal[ch], 1 - p_conv(ch) / base, 1e-9, f"exact solve removal effect {ch}")
print(f"numpy absorbing-chain solve: {checked - before} removal effects agree within 1e-9")

# ---- ChannelAttribution
try:
    import ChannelAttribution as ca
except Exception as e:  # pragma: no cover - reported, not hidden
    print(f"ChannelAttribution not importable here: {e}")
    sys.exit(0)

agg_paths = {}
for _, cs, _, conv, value in journeys:
    key = " > ".join(cs)
    a = agg_paths.setdefault(key, [0, 0, 0.0])
    if conv:
        a[0] += 1
        a[2] += value
    else:
        a[1] += 1
Data = pd.DataFrame(
    {
        "path": list(agg_paths),
        "total_conversions": [v[0] for v in agg_paths.values()],
        "total_null": [v[1] for v in agg_paths.values()],
        "total_conversion_value": [v[2] for v in agg_paths.values()],
    }
)
H = ca.heuristic_models(Data, "path", "total_conversions", var_value="total_conversion_value", sep=">", flg_pro=False)
before = checked
names = {"first_touch": "first-touch", "last_touch": "last-touch", "linear_touch": "linear"}
for _, r in H.iterrows():
    ch = str(r["channel_name"]).strip()
    for k, model in names.items():
        close(ours[(model, ch)][0], float(r[f"{k}_conversions"]), 1e-9, f"ChannelAttribution {model} {ch}")
        close(ours[(model, ch)][1], float(r[f"{k}_value"]), 1e-9, f"ChannelAttribution {model} {ch} value")
print(f"ChannelAttribution heuristics: {checked - before} figures agree within 1e-9")
M = ca.markov_model(
    Data, "path", "total_conversions", var_value="total_conversion_value", var_null="total_null", order=1,
    sep=">", out_more=True, verbose=False, flg_pro=False, seed=19, nsim_start=1e6,
)
re_ca = M["removal_effects"]
worst = 0.0
for _, r in re_ca.iterrows():
    ch = str(r["channel_name"]).strip()
    d = abs(removal[ch] - float(r["removal_effects_conversion"]))
    worst = max(worst, d)
    # Monte-Carlo error: 1e6 simulated paths give removal effects within ~0.01
    assert d < 0.02, f"ChannelAttribution removal effect {ch}: mopsc {removal[ch]}, simulated {r['removal_effects_conversion']}"
print(f"ChannelAttribution Markov (simulated): removal effects within {worst:.4f} of mopsc's exact ones")
