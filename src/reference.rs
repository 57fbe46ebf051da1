//! The user's reference, from the tables the code runs on: the generated
//! parts of `docs/reference/` (every block kind from [`crate::schema::KINDS`],
//! the prelude's skills, playbooks, routes and UTM policy from
//! `src/prelude.mops`, the command line from the clap definitions) and
//! `mopsc explain NAME` for every name a user meets (block kinds, attributes,
//! skills, playbooks, tool and skill categories, enum values, rule and error
//! codes). Tests keep the generated files current.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::model::Model;
use crate::schema::{self, KindSpec, NameRule, Req, Ty, TypeRule, KINDS};

/// The project's repository, from `Cargo.toml` (`repository`): the one place
/// a fork changes to have every printed link point at its own copy.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The URL of a file of the repository (a path from its root), with an
/// optional anchor. Every link the tool prints is built here, and a test
/// checks that each names a file (and heading) that exists.
pub fn doc_url(path: &str, anchor: Option<&str>) -> String {
    match anchor {
        Some(a) => format!("{REPOSITORY}/blob/main/{path}#{a}"),
        None => format!("{REPOSITORY}/blob/main/{path}"),
    }
}

/// `40% (position-based)`: a weight of the seed's position-based split.
const fn position_default<const N: usize>(w: &mut crate::seed::Writer<N>, pct: i64) {
    w.n(pct).s("% (position-based)");
}

/// Defaults of optional attributes, where the absence of the attribute
/// means something other than "not set" (kind, attribute, default in words).
pub static DEFAULTS: &[(&str, &str, &str)] = &[
    ("tool", "status", "`active`"),
    ("campaign", "calendar", "`[plan] calendar` of mops.toml, else `calendar-days`"),
    ("campaign", "status", "`active`"),
    ("step", "after", "the step written before it (none for the first step)"),
    ("step", "owner", "the campaign's `owner`"),
    ("step", "url", "the campaign's `url`"),
    ("attribution", "first", crate::seed::written!(position_default, crate::seed::POSITION_BASED.first)),
    ("attribution", "last", crate::seed::written!(position_default, crate::seed::POSITION_BASED.last)),
    ("attribution", "middle", crate::seed::written!(position_default, crate::seed::POSITION_BASED.middle)),
    ("attribution", "half-life", "7d (time-decay)"),
    ("skill", "override", "`false`"),
    ("playbook", "override", "`false`"),
    ("route", "override", "`false`"),
];

/// A short example of every top-level kind (nested kinds appear in their
/// parent's). A test checks each without errors.
pub static EXAMPLES: &[(&str, &str)] = &[
    (
        "context",
        "context acme {\n  product     = \"Acme Insights\"\n  positioning = \"Pipeline analytics for revenue teams\"\n  competitors = [\"rival.io\"]\n\n  icp {\n    titles       = [\"VP Marketing\", \"RevOps Lead\"]\n    company-size = 50..500\n    industries   = [saas]\n    regions      = [\"North America\"]\n  }\n}\n",
    ),
    (
        "tool",
        "tool salesforce: crm {\n  owner    = \"revops@acme.io\"\n  cost     = 36000 USD/yr\n  renews   = 2027-01-31\n  reviewed = 2026-10-01\n  adoption = 85%\n\n  score { problem = 3 integration = 3 cost = 2 time-to-value = 2 capability = 3 }\n}\n",
    ),
    (
        "skill",
        "skill webinar-production: content {\n  summary  = \"Plan and run a webinar: speakers, deck, registration page and follow-up.\"\n  requires = [context]\n  produces = [webinar]\n}\n",
    ),
    (
        "playbook",
        "playbook webinar-series {\n  summary = \"A webinar series: context, pages, promotion, measurement.\"\n  steps   = [marketing-context, landing-page-generator, social-content, campaign-analytics]\n}\n",
    ),
    (
        "campaign",
        "campaign insights-launch: product-launch {\n  owner  = \"dana@acme.io\"\n  budget = 40000 USD\n  start  = 2026-03-02\n  end    = 2026-04-30\n  url    = \"https://acme.io/insights\"\n\n  goals { mql = 400  sql = 60 }\n  utm { campaign = \"insights-launch\" }\n\n  step brief: marketing-context { duration = 2d }\n  step copy: copywriting { duration = 4d }\n  step page: landing-page-generator { duration = 3d }\n  step ad-copy: ad-creative { after = [copy]  duration = 2d }\n  step ads: paid-ads {\n    after    = [ad-copy, page]\n    duration = 21d\n    budget   = 25000 USD\n    channel  = google-ads\n\n    utm { source = google  medium = cpc }\n  }\n  step measure: campaign-analytics { duration = 2d }\n}\n",
    ),
    (
        "route",
        "route webinar-request {\n  to      = content-strategy\n  says    = [\"plan a webinar\", \"webinar topics\"]\n  not     = copywriting\n  because = \"a webinar starts with the plan, not the copy\"\n}\n",
    ),
    (
        "sequence",
        "sequence trial-welcome: welcome {\n  trigger = \"trial started\"\n  owner   = \"lifecycle@acme.io\"\n\n  email day-0 { at = 0d  subject = \"Welcome to Acme Insights\" }\n  email day-2 { at = 2d  subject = \"Connect your first pipeline\" }\n  email day-5 { at = 5d  subject = \"Three reports teams build first\" }\n}\n",
    ),
    ("automation", "automation welcome: welcome-sequence {\n  status = live\n  owner  = \"lifecycle@acme.io\"\n}\n"),
    (
        "scoring",
        "scoring default {\n  reviewed = 2026-10-01\n\n  signal vp-title: demographic { points = +15  rule = \"title is VP or above\" }\n  signal pricing-visit: high-intent { points = +20  rule = \"visited pricing\" }\n  signal unsubscribed: negative { points = -30  rule = \"unsubscribed from email\" }\n\n  tiers {\n    nurture = 0..25\n    mql     = 26..50\n    sql     = 51..75\n    hot     = 76..\n  }\n}\n",
    ),
    (
        "attribution",
        "attribution default: position-based {\n  first       = 40%\n  last        = 40%\n  middle      = 20%\n  window      = 90d\n  conversions = [\"demo-requested\"]\n  documented  = \"https://wiki.acme.io/attribution\"\n}\n",
    ),
    (
        "utm-policy",
        "utm-policy acme {\n  sources             = [google, linkedin, newsletter, \"partner-*\"]\n  mediums             = [cpc, paid-social, email, social, referral]\n  paid-search-mediums = [cpc]\n  channel-rule paid { channel = \"Paid\"  medium = \"^(cpc|paid-social)$\" }\n  channel-rule email { channel = \"Email\"  medium = \"^email$\" }\n}\n",
    ),
    (
        "hygiene",
        "hygiene crm {\n  task dedupe: dedupe-crm { every = weekly  owner = \"revops@acme.io\" }\n  task verify: verify-emails { every = before-campaign }\n  task utms: audit-utms { every = monthly }\n}\n",
    ),
    (
        "dataset",
        "dataset crm-leads: leads {\n  table   = \"crm.leads\"\n  key     = id\n  email   = email\n  created = created_at\n  outcome = closed_won\n\n  columns {\n    title     = text\n    employees = int\n  }\n}\n",
    ),
    (
        "audit",
        "audit q3-2026 {\n  date     = 2026-09-30\n  strategy = 4\n  content  = 3\n  seo      = 2\n  paid     = 3\n  email    = 4\n  social   = 2\n  martech  = 3\n  data     = 2\n\n  notes { seo = \"No technical audit this year.\" }\n}\n",
    ),
];

/// What each tool category is for (the `: CATEGORY` of `tool`).
pub static TOOL_CATEGORY_DOCS: &[(&str, &str)] = &[
    ("crm", "The system of record for contacts, accounts and deals (Salesforce, HubSpot CRM). Every tool should send its data to a CRM or warehouse (STK002); a stack needs one (STK006)."),
    ("marketing-automation", "Email nurture, lead scoring and workflows on the contact database (HubSpot, Marketo). A core category (STK006)."),
    ("analytics", "Web and product analytics (GA4, Amplitude, Mixpanel). A core category (STK006)."),
    ("email", "Sending email: newsletters and sequences (Customer.io, Mailchimp). A core category (STK006)."),
    ("ads", "Paid advertising platforms (Google Ads, LinkedIn Ads, Meta Ads)."),
    ("seo", "Search engine optimisation tools (Ahrefs, Semrush)."),
    ("social", "Social publishing and listening (Buffer, Hootsuite)."),
    ("cms", "The website and its pages (Webflow, WordPress)."),
    ("attribution", "Multi-touch attribution (Dreamdata, HockeyStack)."),
    ("abm", "Account-based marketing: intent data and account targeting (6sense, Demandbase)."),
    ("warehouse", "The data warehouse that joins the stack's data (BigQuery, Snowflake). Counts as a destination for STK002."),
    ("other", "Anything else (personalisation, enrichment, scheduling)."),
];

/// What each skill category groups.
pub static SKILL_CATEGORY_DOCS: &[(&str, &str)] = &[
    ("content", "Writing and producing content: strategy, copy, articles, social posts."),
    ("seo", "Being found in traditional and AI search."),
    ("conversion", "Turning visitors into leads: pages and brand standards."),
    ("channel", "Reaching the audience: paid ads, ad creative, outbound email."),
    ("strategy", "The foundation: context, ideas and the psychology of buying."),
    ("analytics", "Measuring what worked."),
];

/// `KIND NAME : TYPE` as written, e.g. `tool NAME : CATEGORY`.
pub fn header_syntax(k: &KindSpec) -> String {
    let mut s = k.kind.to_string();
    if k.name == NameRule::Required {
        s.push_str(" NAME");
    }
    match k.ty {
        TypeRule::None => {}
        TypeRule::Enum(_) | TypeRule::Ref(_) => {
            let _ = write!(s, " : {}", k.ty_meaning.to_ascii_uppercase());
        }
    }
    s.push_str(" { … }");
    s
}

/// The kinds a kind may be written inside.
fn parents(kind: &str) -> Vec<&'static str> {
    KINDS.iter().filter(|p| p.children.iter().any(|c| c.kind == kind)).map(|p| p.kind).collect()
}

fn allowed_values(ty: &Ty) -> Option<&'static [&'static str]> {
    match ty {
        Ty::Enum(v) => Some(v),
        Ty::List(inner) => allowed_values(inner),
        _ => None,
    }
}

fn default_of(kind: &str, attr: &str) -> Option<&'static str> {
    DEFAULTS.iter().find(|(k, a, _)| *k == kind && *a == attr).map(|(_, _, d)| *d)
}

fn example_of(kind: &str) -> Option<&'static str> {
    EXAMPLES.iter().find(|(k, _)| *k == kind).map(|(_, e)| *e)
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn type_line(k: &KindSpec) -> Option<String> {
    match k.ty {
        TypeRule::None => None,
        TypeRule::Enum(vals) => Some(format!(
            "`: {}` (required) is one of {}.",
            k.ty_meaning.to_ascii_uppercase(),
            vals.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
        )),
        TypeRule::Ref(target) => {
            Some(format!("`: {}` (required) names a {target}.", k.ty_meaning.to_ascii_uppercase()))
        }
    }
}

fn where_line(k: &KindSpec) -> String {
    let ps = parents(k.kind);
    match (k.top_level, ps.is_empty()) {
        (true, _) => "Declared at the top level of a file.".into(),
        (false, true) => "Nested only.".into(),
        (false, false) => {
            format!("Written inside {}.", ps.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", "))
        }
    }
}

fn children_line(k: &KindSpec) -> Option<String> {
    if k.children.is_empty() {
        return None;
    }
    let parts: Vec<String> = k
        .children
        .iter()
        .map(|c| {
            let req = match (c.req, c.many) {
                (Req::Required, true) => "required, one or more",
                (Req::Required, false) => "required, once",
                (Req::Optional, true) => "optional, any number",
                (Req::Optional, false) => "optional, at most once",
            };
            format!("[`{}`](#{}) ({req})", c.kind, c.kind)
        })
        .collect();
    Some(format!("Blocks inside: {}.", parts.join(", ")))
}

/// `docs/reference/blocks.md`, generated from the schema table.
pub fn blocks_markdown() -> String {
    let mut s = String::from(
        "# Block kinds\n\n<!-- Generated from the schema table (src/schema.rs) by `MOPS_UPDATE_DOCS=1 cargo test --test reference`. Do not edit by hand. -->\n\n\
         Every declaration is one block, `KIND NAME? (: TYPE)? { attribute = value … }` (see [language.md](language.md)).\n\
         This page lists every kind, where it may be written, its `: TYPE`, its attributes and the blocks it holds.\n\
         `mopsc explain KIND` prints the same on the terminal.\n\n\
         | kind | written | what it declares |\n|---|---|---|\n",
    );
    for k in KINDS {
        let _ = writeln!(
            s,
            "| [`{}`](#{}) | {} | {} |",
            k.kind,
            k.kind,
            if k.top_level { "top level".to_string() } else { format!("in {}", parents(k.kind).join(", ")) },
            md_cell(k.doc)
        );
    }
    for k in KINDS {
        let _ = write!(s, "\n## {}\n\n`{}`\n\n{}\n\n{}\n", k.kind, header_syntax(k), k.doc, where_line(k));
        if let Some(t) = type_line(k) {
            let _ = writeln!(s, "\n{t}");
        }
        if !k.attrs.is_empty() {
            s.push_str("\n| attribute | required | type | default | meaning |\n|---|---|---|---|---|\n");
            for a in k.attrs {
                let ty = match allowed_values(&a.ty) {
                    Some(vals) if matches!(a.ty, Ty::List(_)) => {
                        format!("a list of: {}", vals.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", "))
                    }
                    Some(vals) => {
                        format!("one of {}", vals.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", "))
                    }
                    None => a.ty.describe(),
                };
                let _ = writeln!(
                    s,
                    "| `{}` | {} | {} | {} | {} |",
                    a.name,
                    if a.req == Req::Required { "yes" } else { "no" },
                    md_cell(&ty),
                    md_cell(default_of(k.kind, a.name).unwrap_or("")),
                    md_cell(a.doc)
                );
            }
        } else {
            s.push_str("\nNo attributes.\n");
        }
        if let Some(c) = children_line(k) {
            let _ = writeln!(s, "\n{c}");
        }
        match example_of(k.kind) {
            Some(e) => {
                let _ = write!(s, "\nExample:\n\n```mops\n{e}```\n");
            }
            None => {
                if let Some(p) = parents(k.kind).first() {
                    let _ = writeln!(s, "\nSee the example of [`{p}`](#{p}).");
                }
            }
        }
    }
    s
}

/// The skill's playbooks (name and 1-based position).
fn playbooks_using<'m>(m: &'m Model, skill: &str) -> Vec<(&'m str, usize)> {
    m.playbooks
        .iter()
        .filter_map(|p| p.data.steps.iter().position(|s| s.value == skill).map(|i| (p.name.value.as_str(), i + 1)))
        .collect()
}

fn names(v: &[crate::model::Spanned<crate::model::Name>]) -> Vec<&str> {
    v.iter().map(|n| n.value.as_str()).collect()
}

fn code_list(v: &[&str]) -> String {
    if v.is_empty() {
        "—".into()
    } else {
        v.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", ")
    }
}

/// `docs/reference/prelude.md`, generated from `src/prelude.mops`.
pub fn prelude_markdown() -> String {
    let (m, _) = crate::check::prelude_model();
    let mut s = String::from(
        "# The prelude\n\n<!-- Generated from src/prelude.mops by `MOPS_UPDATE_DOCS=1 cargo test --test reference`. Do not edit by hand. -->\n\n\
         The prelude is a `.mops` file compiled into mopsc and visible in every workspace, as if every file imported it.\n\
         It declares the standard skills with the artifacts they hand on, the campaign playbooks, the skill routing matrix\n\
         and the default UTM policy. A workspace may add skills, playbooks and routes, or replace one of these with\n\
         `override = true`; a workspace `utm-policy` replaces the default policy whatever its name. No diagnostic\n\
         located in the prelude is ever reported. `mopsc explain NAME` prints any of these entries.\n\n\
         ## Skills\n\nA step's `: SKILL` names one of these. A skill *requires* artifacts that a step before it (or the\n\
         campaign's `given`, or its `context`) must produce, and *produces* artifacts for the steps after it.\n\n\
         | skill | category | requires | produces | playbooks | what it is for |\n|---|---|---|---|---|---|\n",
    );
    for sk in &m.skills {
        let pbs: Vec<String> = playbooks_using(&m, &sk.name.value).iter().map(|(p, _)| format!("`{p}`")).collect();
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} | {} | {} |",
            sk.name.value,
            sk.data.category.value,
            code_list(&names(&sk.data.requires)),
            code_list(&names(&sk.data.produces)),
            if pbs.is_empty() { "—".into() } else { pbs.join(", ") },
            md_cell(sk.data.summary.as_ref().map(|x| x.value.as_str()).unwrap_or(""))
        );
    }
    s.push_str("\n## Playbooks\n\nA campaign's `: PLAYBOOK` names one of these; its steps are the recommended order of skills\n(CMP002 and CMP004 compare a campaign with it). `mopsc new campaign NAME --playbook P` writes a skeleton.\n");
    for p in &m.playbooks {
        let _ = write!(
            s,
            "\n### {}\n\n{}\n\n",
            p.name.value,
            p.data.summary.as_ref().map(|x| x.value.as_str()).unwrap_or("")
        );
        for (i, st) in p.data.steps.iter().enumerate() {
            let _ = writeln!(s, "{}. `{}`", i + 1, st.value);
        }
    }
    s.push_str("\n## Routing matrix\n\n`mopsc route \"REQUEST\"` matches a request against these rows (plus the workspace's own `route`s).\n\n| route | says | to | not | because |\n|---|---|---|---|---|\n");
    for r in &m.routes {
        let says: Vec<String> = r.data.says.iter().map(|x| format!("\"{}\"", x.value)).collect();
        let _ = writeln!(
            s,
            "| `{}` | {} | `{}` | {} | {} |",
            r.name.value,
            md_cell(&says.join(", ")),
            r.data.to.as_ref().map(|x| x.value.as_str()).unwrap_or(""),
            r.data.not.as_ref().map(|x| format!("`{}`", x.value)).unwrap_or_else(|| "—".into()),
            md_cell(r.data.because.as_ref().map(|x| x.value.as_str()).unwrap_or(""))
        );
    }
    s.push_str("\n## The default UTM policy\n\nIn force unless the workspace declares a `utm-policy` (UTM003–UTM005 check steps' and campaigns' `utm` blocks against it).\n");
    for u in &m.utm_policies {
        let _ = write!(
            s,
            "\n`utm-policy {}`\n\n| attribute | values |\n|---|---|\n| `sources` | {} |\n| `mediums` | {} |\n| `paid-search-mediums` | {} |\n",
            u.name.value,
            code_list(&names(&u.data.sources)),
            code_list(&names(&u.data.mediums)),
            code_list(&names(&u.data.paid_search_mediums))
        );
        if !u.data.channel_rules.is_empty() {
            s.push_str("\n### Channel rules\n\nGA4's default channel grouping, for `mopsc attribute --by channel`: evaluated top to bottom, the first rule whose regular expressions all match the lowercased source, medium and campaign gives the channel (none: `Unassigned`). A workspace `utm-policy` with `channel-rule` blocks replaces them ([attribution.md](attribution.md)).\n\n| rule | channel | source | medium | campaign |\n|---|---|---|---|---|\n");
            let re = |x: &Option<crate::model::Spanned<crate::model::Name>>| {
                x.as_ref().map(|v| format!("`{}`", md_cell(&v.value))).unwrap_or_else(|| "—".into())
            };
            for r in &u.data.channel_rules {
                let _ = writeln!(
                    s,
                    "| `{}` | {} | {} | {} | {} |",
                    r.name.value,
                    r.channel.as_ref().map(|c| c.value.as_str()).unwrap_or(""),
                    re(&r.source),
                    re(&r.medium),
                    re(&r.campaign)
                );
            }
        }
    }
    s
}

/// The generated part of `docs/reference/cli.md`: every command and option,
/// from the clap definitions.
pub fn cli_markdown() -> String {
    use clap::CommandFactory;
    let cmd = crate::cli::Cli::command();
    let mut s = String::from("<!-- Generated from the clap definitions (src/cli.rs) by `MOPS_UPDATE_DOCS=1 cargo test --test reference`. Do not edit by hand. -->\n\n");
    s.push_str("### Global options\n\nAccepted by every command.\n\n");
    args_table(&mut s, cmd.get_arguments().filter(|a| !is_help(a)));
    for sub in cmd.get_subcommands() {
        write_command(&mut s, sub, "mopsc");
    }
    s
}

fn is_help(a: &clap::Arg) -> bool {
    matches!(a.get_id().as_str(), "help" | "version")
}

fn write_command(s: &mut String, cmd: &clap::Command, parent: &str) {
    let full = format!("{parent} {}", cmd.get_name());
    let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
    let _ = write!(s, "\n### `{full}`\n\n{about}\n\n");
    let positionals: Vec<_> = cmd.get_positionals().collect();
    let mut usage = full.clone();
    if cmd.get_arguments().any(|a| !a.is_positional() && !is_help(a)) {
        usage.push_str(" [OPTIONS]");
    }
    for p in &positionals {
        let name = p
            .get_value_names()
            .and_then(|v| v.first().map(|x| x.to_string()))
            .unwrap_or_else(|| p.get_id().to_string().to_ascii_uppercase());
        let many = matches!(p.get_num_args(), Some(r) if r.max_values() > 1);
        let shown = if many { format!("{name}...") } else { name };
        if p.is_required_set() {
            let _ = write!(usage, " {shown}");
        } else {
            let _ = write!(usage, " [{shown}]");
        }
    }
    if cmd.has_subcommands() {
        usage.push_str(" <COMMAND>");
    }
    let _ = write!(s, "```text\n{usage}\n```\n\n");
    let args: Vec<_> = cmd.get_arguments().filter(|a| !is_help(a)).collect();
    if !args.is_empty() {
        args_table(s, args.into_iter());
    }
    for sub in cmd.get_subcommands() {
        write_command(s, sub, &full);
    }
}

fn args_table<'a>(s: &mut String, args: impl Iterator<Item = &'a clap::Arg>) {
    s.push_str("| argument | values | default | meaning |\n|---|---|---|---|\n");
    for a in args {
        let flag = if a.is_positional() {
            a.get_value_names()
                .and_then(|v| v.first().map(|x| x.to_string()))
                .unwrap_or_else(|| a.get_id().to_string().to_ascii_uppercase())
        } else {
            let mut f = String::new();
            if let Some(sh) = a.get_short() {
                let _ = write!(f, "-{sh}, ");
            }
            if let Some(l) = a.get_long() {
                let _ = write!(f, "--{l}");
            }
            f
        };
        let takes_value = a.get_action().takes_values();
        let possible: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|p| !p.is_hide_set())
            .map(|p| format!("`{}`", p.get_name()))
            .collect();
        let values = if !takes_value {
            "".to_string()
        } else if !possible.is_empty() {
            possible.join(", ")
        } else {
            a.get_value_names()
                .map(|v| v.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(" "))
                .unwrap_or_else(|| "a value".into())
        };
        let default: Vec<String> =
            a.get_default_values().iter().map(|d| format!("`{}`", d.to_string_lossy())).collect();
        let mut help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
        if let Some(env) = a.get_env() {
            let _ = write!(help, " (environment: `{}`)", env.to_string_lossy());
        }
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} |",
            flag.trim_end_matches(", "),
            md_cell(&values),
            default.join(", "),
            md_cell(help.trim())
        );
    }
}

// ------------------------------------------------------------------ explain

/// One thing a name can be, in `mopsc explain NAME`.
fn kind_text(k: &KindSpec) -> String {
    let mut s =
        format!("{} (block kind)\n\n  {}\n\n{}\n{}\n", k.kind, header_syntax(k), k.doc, where_line(k).replace('`', ""));
    if let Some(t) = type_line(k) {
        let _ = writeln!(s, "{}", t.replace('`', ""));
    }
    if !k.attrs.is_empty() {
        s.push_str("\nAttributes\n");
        let w = k.attrs.iter().map(|a| a.name.len()).max().unwrap_or(0);
        for a in k.attrs {
            let req = if a.req == Req::Required { "required" } else { "optional" };
            let mut line = format!("  {:<w$}  {req}, {}. {}", a.name, a.ty.describe(), a.doc);
            if let Some(d) = default_of(k.kind, a.name) {
                let _ = write!(line, " Default: {}.", d.replace('`', ""));
            }
            let _ = writeln!(s, "{line}");
        }
    }
    if let Some(c) = children_line(k) {
        let plain: String = k
            .children
            .iter()
            .map(|c| {
                format!(
                    "{} ({})",
                    c.kind,
                    match (c.req, c.many) {
                        (Req::Required, true) => "required, one or more",
                        (Req::Required, false) => "required, once",
                        (Req::Optional, true) => "optional, any number",
                        (Req::Optional, false) => "optional, at most once",
                    }
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let _ = c;
        let _ = writeln!(s, "\nBlocks inside: {plain}.");
    }
    let example = example_of(k.kind).or_else(|| parents(k.kind).first().and_then(|p| example_of(p)));
    if let Some(e) = example {
        s.push_str("\nExample\n");
        for l in e.lines() {
            if l.is_empty() {
                s.push('\n');
            } else {
                let _ = writeln!(s, "    {l}");
            }
        }
    }
    let _ = writeln!(s, "\nReference: {}", doc_url("docs/reference/blocks.md", Some(k.kind)));
    s
}

fn skill_text(m: &Model, name: &str) -> Option<String> {
    let sk = m.skills.iter().find(|s| s.name.value == name)?;
    let mut s = format!(
        "{name} (built-in skill, category {})\n\n  {}\n",
        sk.data.category.value,
        sk.data.summary.as_ref().map(|x| x.value.as_str()).unwrap_or("")
    );
    let producers = |art: &str| -> Vec<&str> {
        m.skills
            .iter()
            .filter(|o| o.data.produces.iter().any(|p| p.value == art))
            .map(|o| o.name.value.as_str())
            .collect()
    };
    let consumers = |art: &str| -> Vec<&str> {
        m.skills
            .iter()
            .filter(|o| o.data.requires.iter().any(|p| p.value == art))
            .map(|o| o.name.value.as_str())
            .collect()
    };
    s.push_str("\nRequires\n");
    if sk.data.requires.is_empty() {
        s.push_str("  nothing: it can be a campaign's first step\n");
    }
    for r in &sk.data.requires {
        let by = producers(&r.value);
        let _ = writeln!(
            s,
            "  {} (produced by {})",
            r.value,
            if by.is_empty() { "no built-in skill".into() } else { by.join(", ") }
        );
    }
    s.push_str("\nProduces\n");
    if sk.data.produces.is_empty() {
        s.push_str("  nothing\n");
    }
    for p in &sk.data.produces {
        let by = consumers(&p.value);
        let _ = writeln!(
            s,
            "  {} (required by {})",
            p.value,
            if by.is_empty() { "no built-in skill".into() } else { by.join(", ") }
        );
    }
    let pbs = playbooks_using(m, name);
    s.push_str("\nPlaybooks\n");
    if pbs.is_empty() {
        s.push_str("  none\n");
    }
    for (p, i) in pbs {
        let _ = writeln!(s, "  {p} (step {i})");
    }
    let routes: Vec<_> = m.routes.iter().filter(|r| r.data.to.as_ref().is_some_and(|t| t.value == name)).collect();
    if !routes.is_empty() {
        s.push_str("\nRouted from\n");
        for r in routes {
            let says: Vec<String> = r.data.says.iter().map(|x| format!("\"{}\"", x.value)).collect();
            let _ = writeln!(s, "  {}: {}", r.name.value, says.join(", "));
        }
    }
    let _ = writeln!(s, "\nUse it in a campaign: step NAME: {name} {{ duration = 3d }}");
    let _ = writeln!(s, "Reference: {}", doc_url("docs/reference/prelude.md", Some("skills")));
    Some(s)
}

fn playbook_text(m: &Model, name: &str) -> Option<String> {
    let p = m.playbooks.iter().find(|p| p.name.value == name)?;
    let mut s = format!(
        "{name} (built-in playbook)\n\n  {}\n\nSteps, in recommended order\n",
        p.data.summary.as_ref().map(|x| x.value.as_str()).unwrap_or("")
    );
    for (i, st) in p.data.steps.iter().enumerate() {
        let summary = m
            .skills
            .iter()
            .find(|k| k.name.value == st.value)
            .and_then(|k| k.data.summary.as_ref())
            .map(|x| x.value.as_str())
            .unwrap_or("");
        let _ = writeln!(s, "  {}. {}: {}", i + 1, st.value, summary);
    }
    let _ = writeln!(s, "\nStart a campaign: mopsc new campaign NAME --playbook {name}");
    let _ = writeln!(s, "Reference: {}", doc_url("docs/reference/prelude.md", Some(name)));
    Some(s)
}

fn route_text(m: &Model, name: &str) -> Option<String> {
    let r = m.routes.iter().find(|r| r.name.value == name)?;
    let says: Vec<String> = r.data.says.iter().map(|x| format!("\"{}\"", x.value)).collect();
    let mut s = format!(
        "{name} (built-in route of the skill routing matrix)\n\n  says: {}\n  to:   {}\n",
        says.join(", "),
        r.data.to.as_ref().map(|x| x.value.as_str()).unwrap_or("")
    );
    if let Some(n) = &r.data.not {
        let _ = writeln!(s, "  not:  {}", n.value);
    }
    if let Some(b) = &r.data.because {
        let _ = writeln!(s, "  because: {}", b.value);
    }
    let _ = writeln!(s, "\nReference: {}", doc_url("docs/reference/prelude.md", Some("routing-matrix")));
    Some(s)
}

fn tool_category_text(name: &str) -> Option<String> {
    let (_, doc) = TOOL_CATEGORY_DOCS.iter().find(|(c, _)| *c == name)?;
    Some(format!(
        "{name} (tool category)\n\n  tool NAME : {name} {{ … }}\n\n{doc}\n\nTool categories: {}\nReference: {}\n",
        schema::TOOL_CATEGORIES.join(", "),
        doc_url("docs/reference/blocks.md", Some("tool"))
    ))
}

fn skill_category_text(m: &Model, name: &str) -> Option<String> {
    let (_, doc) = SKILL_CATEGORY_DOCS.iter().find(|(c, _)| *c == name)?;
    let skills: Vec<&str> =
        m.skills.iter().filter(|s| s.data.category.value == name).map(|s| s.name.value.as_str()).collect();
    Some(format!(
        "{name} (skill category)\n\n  skill NAME : {name} {{ … }}\n\n{doc}\n\nBuilt-in skills of this category: {}\nReference: {}\n",
        if skills.is_empty() { "none".into() } else { skills.join(", ") },
        doc_url("docs/reference/prelude.md", Some("skills"))
    ))
}

/// Enum values of the schema other than tool and skill categories: a
/// sequence kind, an automation status, a hygiene frequency…
fn value_texts(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for k in KINDS {
        if let TypeRule::Enum(vals) = k.ty {
            if vals.contains(&name) && !matches!(k.kind, "tool" | "skill") {
                out.push(format!(
                    "{name} (a {} {})\n\n  {} NAME : {name} {{ … }}\n\n{} {}s: {}\nReference: {}\n",
                    k.kind,
                    k.ty_meaning,
                    k.kind,
                    crate::audit::capitalise(k.kind),
                    k.ty_meaning,
                    vals.join(", "),
                    doc_url("docs/reference/blocks.md", Some(k.kind))
                ));
            }
        }
        for a in k.attrs {
            if let Some(vals) = allowed_values(&a.ty) {
                if vals.contains(&name) {
                    out.push(format!(
                        "{name} (a value of `{}` in {})\n\n  {} = {name}\n\n{}\nAllowed values: {}\nReference: {}\n",
                        a.name,
                        k.kind,
                        a.name,
                        a.doc,
                        vals.join(", "),
                        doc_url("docs/reference/blocks.md", Some(k.kind))
                    ));
                }
            }
        }
    }
    out
}

fn attribute_texts(name: &str) -> Vec<String> {
    let (kind_filter, attr) = match name.split_once('.') {
        Some((k, a)) => (Some(k), a),
        None => (None, name),
    };
    let mut out = Vec::new();
    for k in KINDS {
        if kind_filter.is_some_and(|f| f != k.kind) {
            continue;
        }
        if let Some(a) = k.attr(attr) {
            let mut s = format!(
                "{attr} (attribute of {})\n\n  {} = …   {}, {}\n\n{}\n",
                k.kind,
                attr,
                if a.req == Req::Required { "required" } else { "optional" },
                a.ty.describe(),
                a.doc
            );
            if let Some(d) = default_of(k.kind, attr) {
                let _ = writeln!(s, "Default: {}.", d.replace('`', ""));
            }
            let _ = writeln!(s, "Reference: {}", doc_url("docs/reference/blocks.md", Some(k.kind)));
            out.push(s);
        }
    }
    out
}

/// Every name `explain` knows, for suggestions and tests.
pub fn known_names() -> BTreeSet<String> {
    let (m, _) = crate::check::prelude_model();
    let mut set = BTreeSet::new();
    for r in crate::rules::RULES {
        set.insert(r.code.to_string());
        set.insert(r.name.to_string());
    }
    for e in crate::explain::ERROR_CODES {
        set.insert(e.code.to_string());
    }
    for k in KINDS {
        set.insert(k.kind.to_string());
        for a in k.attrs {
            set.insert(a.name.to_string());
            if let Some(vals) = allowed_values(&a.ty) {
                set.extend(vals.iter().map(|v| v.to_string()));
            }
        }
        if let TypeRule::Enum(vals) = k.ty {
            set.extend(vals.iter().map(|v| v.to_string()));
        }
    }
    for s in &m.skills {
        set.insert(s.name.value.to_string());
    }
    for p in &m.playbooks {
        set.insert(p.name.value.to_string());
    }
    for r in &m.routes {
        set.insert(r.name.value.to_string());
    }
    set
}

/// `mopsc explain NAME` for everything that is not a code: every entry the
/// name has (a name can be several things: `email` is a block kind, a tool
/// category and an audit area), or None.
pub fn explain_name(name: &str) -> Option<String> {
    let (m, _) = crate::check::prelude_model();
    let mut parts: Vec<String> = Vec::new();
    if let Some(k) = schema::kind(name) {
        parts.push(kind_text(k));
    }
    parts.extend(skill_text(&m, name));
    parts.extend(playbook_text(&m, name));
    parts.extend(route_text(&m, name));
    parts.extend(tool_category_text(name));
    parts.extend(skill_category_text(&m, name));
    parts.extend(value_texts(name));
    parts.extend(attribute_texts(name));
    if parts.is_empty() {
        return None;
    }
    let sep = format!("\n{}\n\n", "─".repeat(60));
    Some(parts.join(&sep))
}
