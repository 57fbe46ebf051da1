#!/usr/bin/env python3
"""A deterministic workspace for timing mopsc on the team's data (issue 21).

Writes, under OUT_DIR, two workspaces of the examples/ workspace's shape
(mops.toml, attribution.mops with the touches dataset, scoring.mops with
the leads dataset, its quality targets and the scoring model) that differ
only in the format of their files:

    OUT_DIR/csv/      data/touches.csv,     data/leads.csv
    OUT_DIR/parquet/  data/touches.parquet, data/leads.parquet

About N touches (the people are cut where the count reaches N) of about
N / 3.3 people, each a lead: 1 to 7 touches 1 hour to 5 days apart (so a
journey never outgrows the 90-day window and no two touches of a person
share a time), then with a probability that grows with the channels'
pull, one conversion (`demo-requested`) with a pipeline value. Eight
channels with their UTM source, medium and campaign (a tenth untagged).

With at most one conversion per person, at the end, and every touch in the
window, a conversion's journey in mopsc's sense (DATA.md §4) is the
person's touches in order, and a person without a conversion is one null
path: exactly the journeys marketing-attribution-models takes, so both
tools do the same work (bench/data/compare.py checks their credits agree).

numpy's generator with a fixed seed (21); polars writes the files.

Usage: python bench/data/gen.py TOUCHES OUT_DIR      (TOUCHES: 100k, 1m, 10m or a number)
"""
import os
import sys

import numpy as np
import polars as pl

SEED = 21
# channel, utm_source, utm_medium, utm campaigns, weight, pull on conversion
CHANNELS = [
    ("paid-search", "google", "cpc", ["demo-blitz-summer-2026", "pipeline-iq-launch-q1"], 0.22, 0.50),
    ("email", "newsletter", "email", ["pipeline-iq-launch-q1", "state-of-attribution-fall"], 0.20, 0.35),
    ("organic-social", "linkedin", "social", ["state-of-attribution-fall", "attribution-benchmark-q2"], 0.14, 0.15),
    ("paid-social", "linkedin", "paid-social", ["attribution-benchmark-q2"], 0.12, 0.30),
    ("referral", "partner-site", "referral", ["partner-roundup"], 0.08, 0.30),
    ("display", "google", "display", ["demo-blitz-summer-2026"], 0.08, 0.05),
    ("organic-search", "google", "organic", [""], 0.12, 0.20),
    ("webinar", "zoom", "webinar", ["spring-webinar-2026"], 0.04, 0.25),
]
URLS = ["/", "/features", "/pricing", "/blog/attribution-101", "/customers/acme", "/integrations", "/pipeline-iq"]
VALUES = np.array([100.0, 250.0, 400.0, 1200.0])
T0 = np.datetime64("2026-01-01T00:00:00", "s")
FIRST = ["ana", "ben", "chloe", "dev", "emma", "farid", "grace", "hiro", "ines", "jon", "kara", "liam"]
DOMAINS = ["acme.io", "globex.com", "initech.com", "umbrella.co", "hooli.com", "vandelay.com", "stanford.edu",
           "funnelwise.io"]
TITLES = ["VP Marketing", "Head of Demand Generation", "Marketing Operations Manager", "Director of Growth",
          "Marketing Manager", "Content Marketer", "Software Engineer", "Student", ""]
INDUSTRIES = ["saas", "fintech", "ecommerce", "healthcare", "manufacturing", "education"]

ATTRIBUTION = """# Multi-touch attribution on the benchmark's touches (bench/data/gen.py):
# the shape of examples/attribution.mops.

attribution bench-attribution: position-based {{
  first       = 40%
  last        = 40%
  middle      = 20%
  window      = 90d
  conversions = ["demo-requested"]
  documented  = "bench/data/gen.py"
  touches     = touches
}}

# mops: allow(DQ106) the benchmark declares no campaigns
dataset touches: touches {{
  file     = "data/touches.{ext}"
  table    = "analytics.touches"
  person   = lead_id
  time     = occurred_at
  source   = utm_source
  medium   = utm_medium
  campaign = utm_campaign
  channel  = channel
  url      = url
  value    = pipeline_usd
}}
"""

SCORING = """# Lead scoring on the benchmark's leads (bench/data/gen.py): the shape of
# examples/scoring.mops.

dataset leads: leads {{
  file    = "data/leads.{ext}"
  table   = "crm.leads"
  key     = id
  email   = email
  created = created_at
  outcome = closed_won
  columns {{
    title         = text
    employees     = int
    industry      = text
    unsubscribed  = bool
    crm_connected = bool
  }}
  quality {{
    required       = [email, title, industry]
    completeness   = 98%
    unique         = [email]
    max-duplicates = 0.5%
    fresh          = 180d
    timeliness     = 80%
    formats {{ email = email }}
  }}
}}

scoring bench-lead-score {{
  reviewed = 2026-10-15
  leads    = leads
  touches  = touches
  signal icp-title: demographic {{
    points = +20
    rule   = "title matches the ICP"
    when   = title matches "(?i)^(vp|head|director|chief)"
  }}
  signal icp-company: demographic {{
    points = +15
    rule   = "100-2000 employees, target industry"
    when   = employees in 100..2000 and industry in ["saas", "fintech", "ecommerce"]
  }}
  signal pricing-visit: high-intent {{
    points = +20
    rule   = "visited /pricing twice in 30 days"
    when   = count(touches where url == "/pricing" within 30d) >= 2
  }}
  signal demo-request: high-intent {{
    points = +25
    rule   = "requested a demo"
    when   = any(touches where event == "demo-requested")
  }}
  signal case-study: high-intent {{
    points = +15
    rule   = "viewed a customer case study"
    when   = any(touches where url starts-with "/customers/")
  }}
  signal webinar: engagement {{
    points = +10
    rule   = "attended a webinar"
    when   = any(touches where event == "webinar-attended")
  }}
  signal email-engaged: engagement {{
    points = +5
    rule   = "opened 3 or more emails in 30 days"
    when   = count(touches where event == "email-open" within 30d) >= 3
  }}
  signal trial-activated: product {{
    points = +30
    rule   = "connected a CRM during the trial"
    when   = crm_connected
  }}
  signal competitor: negative {{
    points = -50
    rule   = "works at a competitor"
    when   = domain(email) in ["funnelwise.io", "pipelytics.com", "attributa.co"]
  }}
  signal student: negative {{
    points = -30
    rule   = "email ends in .edu"
    when   = email ends-with ".edu" or title == "Student"
  }}
  signal unsubscribed: negative {{
    points = -20
    rule   = "unsubscribed from marketing email"
    when   = unsubscribed
  }}
  tiers {{ nurture = 0..25  mql = 26..50  sql = 51..75  hot = 76.. }}
}}
"""


def size(arg: str) -> int:
    a = arg.lower()
    for suffix, mult in (("k", 1_000), ("m", 1_000_000)):
        if a.endswith(suffix):
            return int(float(a[: -len(suffix)]) * mult)
    return int(a)


def generate(n_touches: int):
    rng = np.random.default_rng(SEED)
    people = n_touches // 2 + 10  # more than enough; cut below
    k = 1 + np.minimum(rng.exponential(2.0, people).astype(np.int64), 6)  # non-conversion touches
    total = int(k.sum())
    start = rng.integers(0, 273 * 86400, people)
    gaps = rng.integers(3600, 5 * 86400, total)
    ch_weights = np.array([c[4] for c in CHANNELS])
    ch = rng.choice(len(CHANNELS), total, p=ch_weights / ch_weights.sum())
    person_of = np.repeat(np.arange(people), k)
    first_idx = np.concatenate(([0], np.cumsum(k)[:-1]))
    cum = np.cumsum(gaps)
    base = np.repeat(cum[first_idx] - gaps[first_idx], k)
    t = np.repeat(start, k) + (cum - base)  # seconds after T0, strictly increasing per person
    pull = np.array([c[5] for c in CHANNELS])[ch]
    p_conv = 1 - np.exp(-np.add.reduceat(pull, first_idx) * 0.6)
    conv = rng.random(people) < p_conv
    last_t = t[first_idx + k - 1]
    conv_t = last_t + rng.integers(60, 86400, people)
    conv_value = VALUES[rng.integers(0, len(VALUES), people)]
    camp_pick = rng.integers(0, 2, total)
    untagged = rng.random(total) < 0.1
    url_pick = rng.integers(0, len(URLS), total)
    # cut the people where the touches (conversions included) reach n_touches
    per_person = k + conv
    keep = int(np.searchsorted(np.cumsum(per_person), n_touches, side="right"))
    # leads' attributes
    lead_rng = np.random.default_rng(SEED + 1)
    title = lead_rng.integers(0, len(TITLES), people)
    employees = np.exp(lead_rng.uniform(np.log(5), np.log(20000), people)).astype(np.int64)
    industry = lead_rng.integers(0, len(INDUSTRIES), people)
    domain = lead_rng.choice(len(DOMAINS), people, p=[0.15, 0.15, 0.15, 0.15, 0.14, 0.14, 0.06, 0.06])
    first = lead_rng.integers(0, len(FIRST), people)
    created = start - lead_rng.integers(0, 30 * 86400, people)
    won = lead_rng.random(people) < np.where(conv, 0.35, 0.04)
    unsub = lead_rng.random(people) < 0.08
    crm = lead_rng.random(people) < np.where(conv, 0.4, 0.05)

    m = person_of < keep
    n = int(m.sum())
    names = np.array([c[0] for c in CHANNELS], dtype=object)
    sources = np.array([c[1] for c in CHANNELS], dtype=object)
    mediums = np.array([c[2] for c in CHANNELS], dtype=object)
    camps = np.array([[c[3][0], c[3][-1]] for c in CHANNELS], dtype=object)
    chm = ch[m]
    campaign = camps[chm, camp_pick[m]]
    campaign[untagged[m]] = ""
    event = np.where(names[chm] == "email", "email-open", np.where(names[chm] == "webinar", "webinar-attended",
                                                                     "page-view"))
    url = np.where(event == "page-view", np.array(URLS, dtype=object)[url_pick[m]], "")
    touches = pl.DataFrame({
        "lead_id": person_of[m],
        "occurred_at": t[m],
        "event": event.astype(object),
        "utm_source": sources[chm],
        "utm_medium": mediums[chm],
        "utm_campaign": campaign,
        "channel": names[chm],
        "url": url.astype(object),
        "pipeline_usd": np.full(n, np.nan),
    })
    cp = np.nonzero(conv[:keep])[0]
    last_ch = ch[first_idx[cp] + k[cp] - 1]
    conversions = pl.DataFrame({
        "lead_id": cp,
        "occurred_at": conv_t[cp],
        "event": np.full(len(cp), "demo-requested", dtype=object),
        "utm_source": sources[last_ch],
        "utm_medium": mediums[last_ch],
        "utm_campaign": camps[last_ch, 0],
        "channel": names[last_ch],
        "url": np.full(len(cp), "/demo", dtype=object),
        "pipeline_usd": conv_value[cp],
    })
    touches = pl.concat([touches, conversions]).sort(["lead_id", "occurred_at"])
    touches = touches.with_columns(
        pl.format("L{}", pl.col("lead_id").cast(pl.Utf8).str.zfill(8)).alias("lead_id"),
        (pl.lit(T0).cast(pl.Datetime("us")) + pl.duration(seconds=pl.col("occurred_at"))).alias("occurred_at"),
        pl.when(pl.col("pipeline_usd").is_nan()).then(None).otherwise(pl.col("pipeline_usd")).alias("pipeline_usd"),
    )
    idx = np.arange(keep)
    leads = pl.DataFrame({
        "id": idx,
        "first": np.array(FIRST, dtype=object)[first[:keep]],
        "domain": np.array(DOMAINS, dtype=object)[domain[:keep]],
        "title": np.array(TITLES, dtype=object)[title[:keep]],
        "employees": employees[:keep],
        "industry": np.array(INDUSTRIES, dtype=object)[industry[:keep]],
        "created_at": created[:keep],
        "closed_won": won[:keep],
        "unsubscribed": unsub[:keep],
        "crm_connected": crm[:keep],
    }).with_columns(
        pl.format("L{}", pl.col("id").cast(pl.Utf8).str.zfill(8)).alias("id"),
        pl.format("{}.{}@{}", pl.col("first"), pl.col("id"), pl.col("domain")).alias("email"),
        pl.when(pl.col("title") == "").then(None).otherwise(pl.col("title")).alias("title"),
        (pl.lit(T0).cast(pl.Datetime("us")) + pl.duration(seconds=pl.col("created_at"))).alias("created_at"),
    ).select(["id", "email", "title", "employees", "industry", "created_at", "closed_won", "unsubscribed",
              "crm_connected"])
    return touches, leads


def write(touches: pl.DataFrame, leads: pl.DataFrame, out: str):
    for ext in ("csv", "parquet"):
        ws = os.path.join(out, ext)
        os.makedirs(os.path.join(ws, "data"), exist_ok=True)
        with open(os.path.join(ws, "mops.toml"), "w") as f:
            f.write("# the benchmark's workspace (bench/data/gen.py)\n[lint]\n")
        with open(os.path.join(ws, "attribution.mops"), "w") as f:
            f.write(ATTRIBUTION.format(ext=ext))
        with open(os.path.join(ws, "scoring.mops"), "w") as f:
            f.write(SCORING.format(ext=ext))
    iso = "%Y-%m-%dT%H:%M:%SZ"
    touches.with_columns(pl.col("occurred_at").dt.strftime(iso)).write_csv(
        os.path.join(out, "csv", "data", "touches.csv"))
    leads.with_columns(pl.col("created_at").dt.strftime(iso)).write_csv(os.path.join(out, "csv", "data", "leads.csv"))
    # Parquet with native types: timestamps (UTC, no zone), doubles, booleans;
    # a missing text is null (in the CSV an empty field, which reads as null)
    touches = touches.with_columns(pl.col(pl.Utf8).replace("", None))
    touches.write_parquet(os.path.join(out, "parquet", "data", "touches.parquet"), compression="snappy")
    leads.write_parquet(os.path.join(out, "parquet", "data", "leads.parquet"), compression="snappy")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n = size(sys.argv[1])
    touches, leads = generate(n)
    write(touches, leads, sys.argv[2])
    conv = touches.filter(pl.col("event") == "demo-requested").height
    print(f"{touches.height} touches ({conv} conversions) of {leads.height} leads -> {sys.argv[2]}")


if __name__ == "__main__":
    main()
