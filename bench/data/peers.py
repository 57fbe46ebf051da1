"""The peers of `mopsc attribute` on the benchmark's touches (bench/run.sh).

    python peers.py mam TOUCHES.csv OUT.json        journeys in Polars, then MAM 2.1.1's seven models
    python peers.py ca TOUCHES.csv OUT.json         paths in Polars, then ChannelAttribution's Markov
    python peers.py compare MAM.json MOPSC.json…    mopsc's credits against MAM's (the same work?)

MAM (PyPI marketing-attribution-models 2.1.1) takes journeys, one row per
journey, so its input is built first from the same raw touches mopsc reads,
in Polars: a conversion's journey is the person's non-conversion touches in
`(conversion time − 90 days, conversion time]` in time order, a person
without a conversion one null journey of the touches in the 90 days before
the last one (DATA.md §4; the generator gives each person at most one
conversion, after their touches). Each phase is timed on its own
(time.perf_counter) and written to OUT.json with MAM's credits, which
`compare` holds mopsc's to: every model's value per channel within 1e-9
relative (time-decay 1e-6, DATA.md §8) for the heuristics and Shapley, and
the Markov chain's removal effects within 1e-9 (MAM's Markov credits
spread the value by another rule than the removal-effect share of DATA.md
§4, so the chain is compared, not the credits, as
tests/scripts/attribution_reference.py does).
"""
import json
import sys
import time

import polars as pl

WINDOW_DAYS = 90
CONVERSIONS = ["demo-requested"]
HALF_LIFE_H = 168.0
SEP = " > "


def read_touches(path):
    return pl.read_csv(
        path,
        columns=["lead_id", "occurred_at", "event", "channel", "pipeline_usd"],
        schema_overrides={"pipeline_usd": pl.Float64},
    ).with_columns(pl.col("occurred_at").str.to_datetime("%Y-%m-%dT%H:%M:%SZ", time_unit="us"))


def journeys(t):
    """One row per journey: channels and hours to the conversion as MAM's
    `journey` format writes them, has_conversion, value."""
    isconv = pl.col("event").is_in(CONVERSIONS)
    per = t.group_by("lead_id").agg(
        pl.col("occurred_at").filter(isconv).max().alias("ctime"),
        pl.col("pipeline_usd").filter(isconv).fill_null(0.0).sum().alias("value"),
        pl.col("occurred_at").max().alias("lasttime"),
    )
    w = pl.duration(days=WINDOW_DAYS)
    j = (
        t.filter(~isconv)
        .join(per, on="lead_id")
        .filter(
            pl.when(pl.col("ctime").is_not_null())
            .then((pl.col("occurred_at") > pl.col("ctime") - w) & (pl.col("occurred_at") <= pl.col("ctime")))
            .otherwise(pl.col("occurred_at") > pl.col("lasttime") - w)
        )
        .sort(["lead_id", "occurred_at"])
        .with_columns(
            pl.when(pl.col("ctime").is_not_null())
            .then((pl.col("ctime") - pl.col("occurred_at")).dt.total_seconds() / 3600.0)
            .otherwise(0.0)
            .alias("hours")
        )
        .group_by("lead_id", maintain_order=True)
        .agg(
            pl.col("channel").str.join(SEP).alias("channels"),
            pl.col("hours").cast(pl.Utf8).str.join(SEP).alias("time_till_conv"),
            pl.col("ctime").first().is_not_null().alias("has_conversion"),
            pl.col("value").first().alias("value"),
        )
    )
    return j


def run_mam(csv, out):
    from mam import MAM

    times = {}
    t0 = time.perf_counter()
    t = read_touches(csv)
    j = journeys(t)
    times["journeys"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    m = MAM(
        j, format_type="journey", channels_colname="channels", journey_with_conv_colname="has_conversion",
        user_id_colname="lead_id", time_till_conv_colname="time_till_conv", conversion_value_colname="value",
    )
    times["preprocess"] = time.perf_counter() - t1
    channels = j.select(pl.col("channels").str.split(SEP).explode().n_unique()).item()
    runs = {
        "first-touch": lambda: m.run_first_click(),
        "last-touch": lambda: m.run_last_click(),
        "linear": lambda: m.run_linear(),
        "position-based": lambda: m.run_position_based(),
        "time-decay": lambda: m.run_time_decay(half_life_hours=HALF_LIFE_H),
        "markov": lambda: m.run_markov(transition_to_same_state=False),
        "shapley": lambda: m.run_shapley(max_size=channels, value_column="conv_rate"),
    }
    credits = {}
    removal = {}
    for name, f in runs.items():
        t2 = time.perf_counter()
        res = f()
        times[name] = time.perf_counter() - t2
        d = res.to_pandas()
        credits[name] = {str(k): float(v) for k, v in zip(d["channels"], d["attribution"])}
        if name == "markov":
            removal = {str(k): float(v) for k, v in res.metadata["removal_effect"]["removal_effect"].to_dict().items()}
    times["models"] = sum(times[k] for k in runs) + times["preprocess"]
    times["total"] = times["journeys"] + times["models"]
    json.dump({"times": times, "journeys": j.height, "credits": credits, "removal_effects": removal},
              open(out, "w"), indent=1)


def run_ca(csv, out):
    import ChannelAttribution as ca

    times = {}
    t0 = time.perf_counter()
    j = journeys(read_touches(csv))
    paths = j.group_by("channels").agg(
        pl.col("has_conversion").sum().alias("total_conversions"),
        (~pl.col("has_conversion")).sum().alias("total_null"),
        pl.col("value").sum().alias("total_conversion_value"),
    )
    times["paths"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    ca.markov_model(
        paths.to_pandas(), "channels", "total_conversions", var_value="total_conversion_value",
        var_null="total_null", order=1, sep=">", out_more=True, verbose=False, flg_pro=False, seed=21,
    )
    times["markov"] = time.perf_counter() - t1
    times["total"] = times["paths"] + times["markov"]
    json.dump({"times": times, "paths": paths.height}, open(out, "w"), indent=1)


def compare(mam_json, mopsc_jsons):
    ref = json.load(open(mam_json))
    checked = 0
    for path in mopsc_jsons:
        r = json.load(open(path))
        ours = {}
        for row in r["rows"]:
            for c in row["credits"]:
                ours[(c["model"], row["label"])] = c["value"]
        for model, chans in ref["credits"].items():
            if model == "markov":
                # MAM spreads value over a Markov model's channels its own way; the
                # chain itself is compared, by its removal effects, below
                continue
            tol = 1e-6 if model == "time-decay" else 1e-9
            for ch, v in chans.items():
                mine = ours.get((model, ch), 0.0)
                assert abs(mine - v) <= tol * max(1.0, abs(mine), abs(v)), \
                    f"{path}: {model} {ch}: mopsc {mine!r}, MAM {v!r}"
                checked += 1
        for ch, v in ref["removal_effects"].items():
            mine = r["markov"]["removal_effects"][ch]
            assert abs(mine - v) <= 1e-9 * max(1.0, abs(v)), f"{path}: removal effect {ch}: mopsc {mine!r}, MAM {v!r}"
            checked += 1
    print(f"compare: {checked} figures of {len(mopsc_jsons)} mopsc runs agree with MAM 2.1.1")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "mam":
        run_mam(sys.argv[2], sys.argv[3])
    elif cmd == "ca":
        run_ca(sys.argv[2], sys.argv[3])
    elif cmd == "compare":
        compare(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
