#!/usr/bin/env python3
"""Generate a deterministic mops workspace for benchmarking `mopsc check`.

    python3 bench/gen.py N OUT_DIR [--noisy]

The workspace looks like a real team's: one context, a stack of 40 tools
(one active tool per core category, 25 `other` tools, 4 retired ones, every
tool owned, costed, reviewed and connected to the CRM or the warehouse),
N campaigns of 6 to 9 steps following the prelude's playbooks (UTMs, owners,
budgets, goals, artifacts satisfied), one campaign per file in team folders,
N/50 email sequences, a scoring model, attribution, hygiene, automations and
an audit. Checked with `--today 2026-11-24` it has no error-level diagnostic,
so a check runs the whole pipeline including every lint rule.

The same N always gives the same bytes (no clock, no unseeded randomness).

With --noisy every campaign also carries findings, to time checks that
report tens of thousands of diagnostics: no campaign owner (CMP005), an
uppercase UTM source (UTM001), one UTM campaign value shared by all
(UTM007), step names in snake_case referenced by `after` (NAM001, with its
fix), and a misspelt tool (E021, with a suggestion).
"""

import os
import random
import sys
from datetime import date, timedelta

TODAY = date(2026, 11, 24)

CORE_TOOLS = [
    # name, category, integrates
    ("salesforce", "crm", ["hubspot", "snowflake"]),
    ("hubspot", "marketing-automation", ["salesforce", "snowflake"]),
    ("mixpanel", "analytics", ["snowflake", "salesforce"]),
    ("customer-io", "email", ["salesforce", "snowflake"]),
    ("google-ads", "ads", ["salesforce", "snowflake"]),
    ("webflow", "cms", ["hubspot", "salesforce"]),
    ("buffer", "social", ["snowflake"]),
    ("ahrefs", "seo", ["snowflake"]),
    ("dreamdata", "attribution", ["salesforce", "snowflake"]),
    ("demandbase", "abm", ["salesforce"]),
    ("snowflake", "warehouse", ["salesforce"]),
]
OTHER_TOOLS = [
    "gong", "zoom", "calendly", "hotjar", "clearbit", "zoominfo", "outreach", "salesloft",
    "drift", "intercom", "typeform", "vidyard", "wistia", "canva", "figma", "asana",
    "notion", "slack", "segment", "fivetran", "dbt-cloud", "looker", "g2-crowd", "sixsense", "chili-piper",
]
RETIRED_TOOLS = [("marketo", "marketing-automation"), ("mailchimp", "email"),
                 ("wordpress", "cms"), ("hootsuite", "social")]

TEAMS = ["growth", "demand-gen", "product-marketing", "lifecycle", "brand", "content",
         "field", "partner", "revops", "web"]
PEOPLE = ["maya.chen", "jonas.weber", "priya.nair", "sam.ortiz", "leo.park", "ana.ruiz",
          "kofi.mensah", "ines.duarte", "tom.becker", "yuki.sato", "omar.haddad", "lena.novak"]
TOPICS = ["pipeline", "forecast", "attribution", "revenue", "churn", "benchmark", "roi",
          "dashboard", "signals", "intent", "cohort", "funnel", "journey", "playbook", "insights"]
SHARED_AUDIENCES = ["demand-gen-leaders", "revenue-leaders", "marketing-ops-managers",
                    "cmos-mid-market", "founders-seed-stage", "analytics-engineers"]


def tool_block(name, category, owner, cost, renews, reviewed, adoption, integrates, status=None):
    lines = [f"tool {name}: {category} {{", f'  owner      = "{owner}@northwind.io"']
    if status:
        lines.append(f"  status     = {status}")
    lines += [f"  cost       = {cost} USD/yr", f"  renews     = {renews}", f"  reviewed   = {reviewed}"]
    if adoption is not None:
        lines.append(f"  adoption   = {adoption}%")
    if integrates:
        lines.append(f"  integrates = [{', '.join(integrates)}]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def stack(rng):
    out = ["# The MarTech stack: 40 tools, one active tool per core category, every\n"
           "# tool owned, costed, reviewed and connected to the CRM or the warehouse.\n"]
    def dates():
        renews = TODAY + timedelta(days=rng.randrange(90, 700))
        reviewed = TODAY - timedelta(days=rng.randrange(5, 300))
        return renews, reviewed
    for name, cat, integ in CORE_TOOLS:
        renews, reviewed = dates()
        out.append(tool_block(name, cat, "revops", rng.randrange(1, 60) * 1000, renews, reviewed,
                              rng.randrange(40, 98), integ))
    for i, name in enumerate(OTHER_TOOLS):
        renews, reviewed = dates()
        out.append(tool_block(name, "other", TEAMS[i % len(TEAMS)], rng.randrange(1, 30) * 500, renews,
                              reviewed, rng.randrange(35, 95), ["salesforce" if i % 2 else "snowflake"]))
    for name, cat in RETIRED_TOOLS:
        renews, reviewed = dates()
        out.append(tool_block(name, cat, "revops", 0, renews, reviewed, None, ["snowflake"], status="retired"))
    return "\n".join(out)


CONTEXT = """# Who Northwind Metrics sells to. Every campaign names this context.

context northwind {
  product     = "Northwind Metrics"
  positioning = "Revenue analytics that ties every marketing dollar to pipeline for B2B SaaS teams"
  voice       = "Plain-spoken and numerate: we show our math and skip the hype"
  competitors = ["funnelwise.io", "pipelytics.com", "attributa.co"]
  icp {
    titles       = ["VP Marketing", "Head of Demand Generation", "Marketing Operations Manager"]
    company-size = 100..2000
    industries   = [saas, fintech, "developer tools"]
    regions      = ["North America", "UK and Ireland", "DACH"]
  }
}
"""

SCORING = """# Lead scoring, agreed with sales ops.

scoring northwind-lead-score {
  route    = salesforce
  reviewed = 2026-10-15
  signal icp-title: demographic { points = +20  rule = "title matches the ICP" }
  signal icp-company: demographic { points = +15  rule = "100-2000 employees, target industry" }
  signal pricing-visit: high-intent { points = +20  rule = "visited /pricing twice in 7 days" }
  signal demo-request: high-intent { points = +25  rule = "requested a demo" }
  signal case-study: high-intent { points = +15  rule = "viewed a customer case study" }
  signal webinar: engagement { points = +10  rule = "attended a webinar" }
  signal email-engaged: engagement { points = +5  rule = "opened 3 or more emails in 30 days" }
  signal trial-activated: product { points = +30  rule = "connected a CRM during the trial" }
  signal competitor: negative { points = -50  rule = "works at a competitor" }
  signal student: negative { points = -30  rule = "email ends in .edu" }
  signal unsubscribed: negative { points = -20  rule = "unsubscribed from marketing email" }
  tiers { nurture = 0..25  mql = 26..50  sql = 51..75  hot = 76.. }
}
"""

OPERATIONS = """# Attribution, hygiene, automations and the audit.

attribution northwind-attribution: position-based {
  first       = 40%
  last        = 40%
  middle      = 20%
  window      = 90d
  conversions = ["demo-requested", "trial-started", "opportunity-created"]
  documented  = "https://wiki.northwind.io/revops/attribution-model"
}

hygiene northwind-data {
  task dedupe-records: dedupe-crm { every = monthly  owner = "marketing-ops@northwind.io" }
  task verify-lists: verify-emails { every = before-campaign  owner = "marketing-ops@northwind.io" }
  task refresh-firmographics: update-firmographics { every = quarterly  owner = "marketing-ops@northwind.io" }
  task prune-inactive: clean-inactive { every = quarterly  owner = "marketing-ops@northwind.io" }
  task utm-audit: audit-utms { every = monthly  owner = "marketing-ops@northwind.io" }
  task scoring-review: review-scoring { every = quarterly  owner = "revops@northwind.io" }
  task crm-sync: sync-crm { every = continuous  owner = "data-platform@northwind.io" }
}

automation welcome-emails: welcome-sequence { status = live  tool = customer-io  owner = "lifecycle@northwind.io" }
automation mql-scoring: lead-scoring { status = live  tool = hubspot  owner = "marketing-ops@northwind.io" }
automation trial-nudges: trial-follow-up { status = live  tool = hubspot  owner = "lifecycle@northwind.io" }
automation sql-routing: lead-routing { status = live  tool = salesforce  owner = "revops@northwind.io" }
automation pipeline-dashboard: reporting-dashboard { status = building  tool = dreamdata  owner = "revops@northwind.io" }

audit fall-2026 {
  date     = 2026-09-30
  strategy = 4
  content  = 4
  seo      = 3
  paid     = 3
  email    = 4
  social   = 3
  martech  = 4
  data     = 3
}
"""

# Campaign bodies after the header, per playbook: (playbook, steps, days needed).
# {o1}/{o2} are owners, {b*} budgets; every artifact is produced upstream.
PLAYBOOKS = [
    ("product-launch", """
  step foundation: marketing-context {{ duration = 3d }}
  step launch-plan: content-strategy {{ duration = 5d  owner = "{o1}@northwind.io" }}
  step launch-copy: copywriting {{ duration = 5d  owner = "{o2}@northwind.io" }}
  step launch-page: landing-page-generator {{ duration = 4d  tool = webflow  budget = {b1} USD }}
  step ad-copy: ad-creative {{
    after    = [launch-copy]
    duration = 3d
    owner    = "{o1}@northwind.io"
  }}
  step search-ads: paid-ads {{
    after    = [ad-copy, launch-page]
    duration = {d1}d
    tool     = google-ads
    budget   = {b2} USD
    channel  = google-ads
    utm {{
      source  = google
      medium  = cpc
      content = "rsa-{slug}-a"
      term    = "{topic}-software"
    }}
  }}
  step launch-social: social-content {{ after = [launch-copy]  duration = {d1}d  tool = buffer  channel = linkedin }}
  step outreach: cold-email {{
    after    = [launch-page]
    duration = 21d
    owner    = "{o2}@northwind.io"
    tool     = hubspot
    channel  = email
    utm {{ source = email  medium = email }}
  }}
  step measure: campaign-analytics {{ after = [search-ads, launch-social, outreach]  duration = 3d  tool = dreamdata }}
""", 60),
    ("lead-generation", """
  step icp-check: marketing-context {{ duration = 2d }}
  step demo-page: landing-page-generator {{ duration = 5d  tool = webflow  budget = {b1} USD }}
  step ad-variations: ad-creative {{ after = [icp-check]  duration = 3d }}
  step demo-ads: paid-ads {{
    after    = [demo-page, ad-variations]
    duration = {d1}d
    tool     = google-ads
    budget   = {b2} USD
    channel  = google-ads
    utm {{ content = "rsa-{slug}"  term = "{topic}-platform" }}
  }}
  step outbound: cold-email {{
    after    = [demo-page]
    duration = 28d
    owner    = "{o2}@northwind.io"
    tool     = hubspot
    channel  = email
    utm {{ source = email  medium = email }}
  }}
  step measure: campaign-analytics {{ after = [demo-ads, outbound]  duration = 5d  tool = dreamdata }}
""", 60),
    ("content-sprint", """
  step editorial-plan: content-strategy {{ duration = 5d }}
  step articles: content-production {{ duration = 21d  tool = webflow  budget = {b1} USD }}
  step voice-pass: content-humanizer {{ duration = 4d  owner = "{o1}@northwind.io" }}
  step ai-search-pass: ai-seo {{ duration = 3d  tool = ahrefs }}
  step distribution: social-content {{ duration = {d1}d  tool = buffer  channel = linkedin }}
  step performance: campaign-analytics {{ duration = 3d  tool = mixpanel }}
""", 75),
    ("brand-awareness", """
  step brand-foundation: marketing-context {{ duration = 3d }}
  step brand-refresh: brand-guidelines {{ duration = 15d  budget = {b1} USD }}
  step pov-plan: content-strategy {{ duration = 5d  owner = "{o1}@northwind.io" }}
  step social-presence: social-content {{ duration = {d1}d  tool = buffer  channel = linkedin }}
  step pillar-report: content-production {{ after = [pov-plan]  duration = 28d  budget = {b2} USD }}
  step reach-report: campaign-analytics {{
    after    = [social-presence, pillar-report]
    duration = 3d
    tool     = mixpanel
  }}
""", 100),
]


def noisy(text):
    """The same campaign with findings (see --noisy)."""
    text = "\n".join(l for l in text.split("\n") if not l.startswith("  owner    = "))
    text = text.replace("source   = linkedin", "source   = LinkedIn")
    text = text.replace("tool = webflow", "tool = webflo")
    for name in ("launch-copy", "demo-page", "pov-plan"):
        text = text.replace(name, name.replace("-", "_"))
    head, sep, rest = text.partition('    campaign = "')
    return head + sep + 'same-campaign"' + rest.split('"', 1)[1] if sep else text


def campaign(i, rng):
    playbook, body, need = PLAYBOOKS[i % len(PLAYBOOKS)]
    topic = TOPICS[rng.randrange(len(TOPICS))]
    team = TEAMS[i % len(TEAMS)]
    slug = f"{topic}-{team}-{i}"
    start = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 700))
    end = start + timedelta(days=need + rng.randrange(0, 20))
    d1 = rng.randrange(14, 29)
    b1, b2 = rng.randrange(2, 10) * 1000, rng.randrange(5, 30) * 1000
    budget = b1 + b2 + rng.randrange(0, 10) * 1000
    o0, o1, o2 = (PEOPLE[rng.randrange(len(PEOPLE))] for _ in range(3))
    # outbound campaigns get their own audience (CMP007 would flag overlapping
    # cold email); the others share a few audiences, which CMP007 also groups
    audience = f"{slug}-prospects" if playbook in ("product-launch", "lead-generation") else \
        SHARED_AUDIENCES[rng.randrange(len(SHARED_AUDIENCES))]
    if playbook == "lead-generation":
        source, medium = "google", "cpc"
    else:
        source, medium = "linkedin", "social"
    head = f"""# {playbook} campaign {i} of the {team} team.

import "../../context.mops"
import "../../stack.mops"

campaign {slug}: {playbook} {{
  context  = northwind
  owner    = "{o0}@northwind.io"
  budget   = {budget} USD
  start    = {start}
  end      = {end}
  audience = {audience}
  url      = "https://northwind.io/{topic}/{i}"
  goals {{ mql = {rng.randrange(50, 500)}  sql = {rng.randrange(10, 120)}  pipeline = {rng.randrange(100, 2000) * 1000} USD }}
  utm {{
    source   = {source}
    medium   = {medium}
    campaign = "{slug}"
  }}
"""
    return head + body.format(o1=o1, o2=o2, b1=b1, b2=b2, d1=d1, slug=slug, topic=topic) + "}\n"


SEQUENCES = [
    ("welcome", "signup", "customer-io", [0, 1, 3, 6, 9, 13]),
    ("onboarding", "trial-started", "hubspot", [0, 2, 5, 9, 13]),
]


def sequences(k, rng):
    kind, trigger, tool, days = SEQUENCES[k % len(SEQUENCES)]
    topic = TOPICS[rng.randrange(len(TOPICS))]
    lines = [f"sequence {kind}-{topic}-{k}: {kind} {{", f'  trigger = "{trigger}"', f"  tool    = {tool}",
             '  owner   = "lifecycle@northwind.io"']
    for d in days:
        lines.append(f'  email day-{d} {{ at = {d}d  subject = "{topic.capitalize()} tip {d} for sequence {k}" }}')
    lines.append("}\n")
    return "\n".join(lines)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    args = [a for a in sys.argv[1:] if a != "--noisy"]
    if len(args) != 2:
        sys.exit("usage: gen.py N OUT_DIR [--noisy]")
    n, out = int(args[0]), args[1]
    with_findings = "--noisy" in sys.argv[1:]
    rng = random.Random(20261124 + n)
    write(os.path.join(out, "mops.toml"), '# Generated by bench/gen.py\n[lint]\nselect = ["ALL"]\n')
    write(os.path.join(out, "context.mops"), CONTEXT)
    write(os.path.join(out, "stack.mops"), stack(rng))
    write(os.path.join(out, "scoring.mops"), 'import "stack.mops"\n\n' + SCORING)
    write(os.path.join(out, "operations.mops"), 'import "stack.mops"\n\n' + OPERATIONS)
    seqs = max(2, n // 50)
    for start in range(0, seqs, 10):
        body = "\n".join(sequences(k, rng) for k in range(start, min(seqs, start + 10)))
        write(os.path.join(out, "sequences", f"sequences-{start // 10:04}.mops"), 'import "../stack.mops"\n\n' + body)
    for i in range(n):
        team = TEAMS[i % len(TEAMS)]
        text = campaign(i, rng)
        write(os.path.join(out, "campaigns", team, f"campaign-{i:06}.mops"), noisy(text) if with_findings else text)


if __name__ == "__main__":
    main()
