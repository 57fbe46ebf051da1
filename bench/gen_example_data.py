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

# --- campaign touches for `mopsc attribute` (issue 19) -----------------------
# A second, independent stream (seed 19), so leads.csv and touches.csv above
# stay byte for byte what they were. Touches carry UTM source, medium,
# campaign and content; most campaigns match the declared ones in
# examples/*.mops (campaign-level and step-level UTM values), a few do not
# (an unregistered webinar and a partner newsletter), some are untagged.
arng = random.Random(19)
D = lambda s: datetime.strptime(s, "%Y-%m-%d")
# (utm_campaign, utm_content, source, medium, first day, last day, pull)
TAGGED = [
    ("pipeline-iq-launch-q1", "", "linkedin", "social", "2026-03-02", "2026-04-30", 1.0),
    ("pipeline-iq-launch-q1", "rsa-forecast-a", "google", "cpc", "2026-03-16", "2026-04-12", 1.4),
    ("pipeline-iq-launch-q1", "", "email", "email", "2026-03-12", "2026-04-01", 0.8),
    ("attribution-benchmark-q2", "", "linkedin", "social", "2026-04-13", "2026-05-29", 0.9),
    ("demo-blitz-summer-2026", "rsa-demo-a", "google", "cpc", "2026-06-10", "2026-07-21", 1.6),
    ("demo-blitz-summer-2026", "", "email", "email", "2026-06-06", "2026-07-10", 0.9),
    ("state-of-attribution-fall", "", "linkedin", "social", "2026-08-03", "2026-10-30", 0.7),
    ("spring-webinar-2026", "", "newsletter", "email", "2026-04-20", "2026-05-20", 0.5),
    ("partner-roundup", "", "partner-site", "referral", "2026-05-01", "2026-10-15", 0.4),
]
UNTAGGED = [("", ""), ("google", "organic"), ("bing", "organic"), ("twitter", "social")]
ctouches = []
for i in range(1, 1601):
    person = f"L{i:05d}"
    anchor = D("2026-03-02") + timedelta(days=arng.uniform(0, 250))
    n = 1 + min(int(arng.expovariate(0.45)), 7)
    live = [c for c in TAGGED if D(c[4]) <= anchor + timedelta(days=30) and D(c[5]) >= anchor - timedelta(days=30)]
    pull, when = 0.0, anchor
    for _ in range(n):
        when = when + timedelta(hours=arng.uniform(2, 24 * 9))
        if live and arng.random() < 0.75:
            camp, content, src, med, _, _, p = arng.choice(live)
            pull += p
        else:
            src, med = arng.choice(UNTAGGED)
            camp, content, p = "", "", 0.3
            pull += p
        url = arng.choice(["/", "/pricing", "/features", "/blog/attribution-101", "/pipeline-iq"])
        ctouches.append((person, when, "page-view", src, med, camp, content, url, ""))
    # the more (and the better) the touches, the likelier a conversion
    if arng.random() < 1 - math.exp(-0.22 * pull):
        when = when + timedelta(hours=arng.uniform(0.5, 48))
        event = arng.choice(["demo-requested", "demo-requested", "trial-started", "opportunity-created"])
        value = f"{arng.choice([4800, 9600, 14400, 24000]):d}" if event == "opportunity-created" else ""
        last = ctouches[-1]
        ctouches.append((person, when, event, last[3], last[4], last[5], last[6], "/demo", value))
ctouches.sort(key=lambda t: (t[0], t[1]))
with open(os.path.join(out, "campaign-touches.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["lead_id", "occurred_at", "event", "utm_source", "utm_medium", "utm_campaign", "utm_content", "url",
                "pipeline_usd"])
    for t in ctouches:
        w.writerow([t[0], fmt(t[1]), t[2], t[3], t[4], t[5], t[6], t[7], t[8]])
print(f"{len(ctouches)} campaign touches -> {out}")
