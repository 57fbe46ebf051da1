#!/usr/bin/env python3
"""Generate examples/data/{leads,touches}.csv: Northwind Metrics' CRM leads
and their web and e-mail touches, deterministic (seed 18), realistic enough
for `mopsc score examples --review` to tell a story.

Usage: python3 bench/gen_example_data.py [OUT_DIR]   (default examples/data)
"""
import csv, math, os, random, sys
from datetime import datetime, timedelta

rng = random.Random(18)
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "examples", "data")
os.makedirs(out, exist_ok=True)
AS_OF = datetime(2026, 11, 25)
FIRST = ["ana", "ben", "chloe", "dev", "emma", "farid", "grace", "hiro", "ines", "jon", "kara", "liam", "mia",
         "noah", "olga", "priya", "quinn", "rosa", "sam", "tara", "uma", "viktor", "wen", "yara", "zoe"]
LAST = ["adams", "baker", "chen", "diaz", "evans", "fischer", "garcia", "hughes", "ito", "jones", "khan",
        "lopez", "moreau", "novak", "okafor", "patel", "rossi", "silva", "tanaka", "weber"]
TITLES = [("VP Marketing", 1.0), ("Head of Demand Generation", 1.0), ("Marketing Operations Manager", 0.9),
          ("Director of Growth", 0.8), ("Marketing Manager", 0.3), ("Content Marketer", 0.1),
          ("Marketing Intern", -0.6), ("Software Engineer", -0.4), ("Sales Representative", -0.2), ("Student", -1.0)]
INDUSTRIES = ["saas", "fintech", "ecommerce", "healthcare", "manufacturing", "education"]
DOMAINS = ["acme.io", "globex.com", "initech.com", "umbrella.co", "hooli.com", "vandelay.com", "stark.io",
           "wayne.co", "tyrell.com", "soylent.io", "cyberdyne.com", "wonka.co"]
COMPETITORS = ["funnelwise.io", "pipelytics.com", "attributa.co"]
CHANNELS = [("google", "cpc"), ("linkedin", "paid-social"), ("newsletter", "email"), ("google", "organic"),
            ("twitter", "social")]

leads, touches = [], []
for i in range(1, 2401):
    title, tw = rng.choice(TITLES)
    employees = int(math.exp(rng.uniform(math.log(5), math.log(20000))))
    industry = rng.choice(INDUSTRIES)
    r = rng.random()
    if r < 0.04:
        domain = rng.choice(COMPETITORS)
    elif r < 0.09:
        domain = rng.choice(["stanford.edu", "mit.edu", "ucl.ac.uk", "berkeley.edu"])
        title, tw = "Student", -1.0
    else:
        domain = rng.choice(DOMAINS)
    email = f"{rng.choice(FIRST)}.{rng.choice(LAST)}{i}@{domain}"
    created = AS_OF - timedelta(days=rng.uniform(5, 200), seconds=rng.randrange(86400))
    interest = rng.gauss(0, 1) + 0.8 * tw + (0.6 if 100 <= employees <= 2000 else 0)
    unsub = rng.random() < 0.08 + (0.15 if interest < -0.5 else 0)
    trial = rng.random() < 1 / (1 + math.exp(-(interest - 1.2) * 2))
    # touches: more and better ones the more interested the lead
    n = max(0, int(rng.gauss(3 + 2.5 * max(interest, -1), 2)))
    demo = False
    webinar = False
    for _ in range(n):
        t = created + timedelta(seconds=rng.uniform(0, (AS_OF - created).total_seconds()))
        if t >= AS_OF:
            continue
        src, med = rng.choice(CHANNELS)
        kind = rng.random()
        if kind < 0.45:
            event, url = "page-view", rng.choice(["/", "/blog/attribution-101", "/features", "/pricing", "/pricing",
                                                  "/customers/acme", "/customers/globex", "/integrations"])
        elif kind < 0.7:
            event, url = "email-open", ""
            src, med = "newsletter", "email"
        elif kind < 0.7 + 0.08 * max(interest, 0):
            event, url = "demo-requested", "/demo"
            demo = True
        else:
            event, url = "page-view", "/blog/utm-hygiene"
        touches.append((f"L{i:05d}", t, event, src, med, url))
    if rng.random() < 0.22:
        # webinars draw students and the curious, whatever their interest
        t = created + timedelta(seconds=rng.uniform(0, (AS_OF - created).total_seconds()))
        touches.append((f"L{i:05d}", t, "webinar-attended", "newsletter", "email", "/webinars/q4-benchmarks"))
        webinar = True
    if interest > 0.8 and rng.random() < 0.5:
        # the hot ones look at pricing twice in the last week
        for _ in range(2):
            t = AS_OF - timedelta(days=rng.uniform(0.1, 6.5))
            touches.append((f"L{i:05d}", t, "page-view", "google", "cpc", "/pricing"))
    # attending a webinar says little: those who convert were going to anyway
    p = -3.2 + 1.1 * interest + (1.3 if demo else 0) + (1.0 if trial else 0) - (0.8 if webinar else 0)
    p += -2.5 if domain in COMPETITORS or domain.endswith(".edu") or domain.endswith(".ac.uk") else 0
    converted = rng.random() < 1 / (1 + math.exp(-p))
    leads.append((f"L{i:05d}", email, title, employees, industry, created, "true" if converted else "false",
                  "yes" if unsub else "no", "1" if trial else "0"))

fmt = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
with open(os.path.join(out, "leads.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "email", "title", "employees", "industry", "created_at", "closed_won", "unsubscribed",
                "crm_connected"])
    for l in leads:
        w.writerow([l[0], l[1], l[2], l[3], l[4], fmt(l[5]), l[6], l[7], l[8]])
touches.sort(key=lambda t: (t[0], t[1]))
with open(os.path.join(out, "touches.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["lead_id", "occurred_at", "event", "utm_source", "utm_medium", "url"])
    for t in touches:
        w.writerow([t[0], fmt(t[1]), t[2], t[3], t[4], t[5]])
print(f"{len(leads)} leads, {len(touches)} touches -> {out}")
