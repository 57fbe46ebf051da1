//! `mopsc explain CODE` and `mopsc rules`: documentation of every error code
//! and every rule, from the same tables the checks use. `docs/rules.md` is
//! generated from here (a test keeps it current).

use crate::rules::{Rule, RULES};

/// An error code of LANGUAGE.md §7.
pub struct ErrorCode {
    pub code: &'static str,
    pub title: &'static str,
    pub explanation: &'static str,
    pub example: &'static str,
}

pub static ERROR_CODES: &[ErrorCode] = &[
    ErrorCode { code: "E001", title: "syntax error", explanation: "The file does not follow the mops syntax: `import \"path\"` lines and blocks `KIND NAME? (: TYPE)? { attribute = value … }`. The message names what was expected in words. Parsing goes on after the broken line or block, so the other blocks are still checked.", example: "tool hubspot: marketing-automation {\n  owner \"ops@acme.io\"   # expected '=' or '{' after 'owner'\n}\n" },
    ErrorCode { code: "E002", title: "unreadable file", explanation: "The file cannot be read, or it is not valid UTF-8 (the message gives the byte offset of the first invalid byte), or it is over the size limit, or it changed on disk while it was being checked (the CLI reads a file again to show its diagnostics, and only if it is unchanged).", example: "" },
    ErrorCode { code: "E003", title: "invalid literal", explanation: "A value has the right shape but cannot be: a date that does not exist (2026-02-30), an unknown unit (4x), a currency that is not ISO 4217, a percent over 100%, a score outside 1..3 (tool scores) or 1..5 (audits), an integer beyond 64 bits, money with more than two decimals, a reversed range, an unknown string escape.", example: "tool hubspot: marketing-automation {\n  renews   = 2026-02-30   # no such day\n  adoption = 140%         # over 100%\n}\n" },
    ErrorCode { code: "E010", title: "unknown block kind", explanation: "The block's kind is not one the schema knows, or it is not allowed where it is written (a `step` outside a campaign). The help suggests the closest kind and lists the allowed ones.", example: "tol salesforce: crm { }   # did you mean `tool`?\n" },
    ErrorCode { code: "E011", title: "unknown attribute", explanation: "The attribute is not one this block kind has. The help suggests the closest name and lists the block's attributes.", example: "tool salesforce: crm { ownr = \"revops@acme.io\" }   # did you mean `owner`?\n" },
    ErrorCode { code: "E012", title: "missing required attribute or block", explanation: "A required attribute, nested block, name or `: TYPE` is missing. The help shows what to add and what it means.", example: "campaign launch: product-launch {\n  owner = \"dana@acme.io\"   # `start` and at least one `step` are required\n}\n" },
    ErrorCode { code: "E013", title: "wrong type", explanation: "The value is of another type than the attribute takes (expected …, found …), or a block was written as an attribute or the other way round.", example: "tool salesforce: crm { cost = 36000 USD }   # a rate is expected: 36000 USD/yr\n" },
    ErrorCode { code: "E014", title: "attribute given twice", explanation: "An attribute (or a nested block that may appear once) is written twice in one block; both places are shown.", example: "tool salesforce: crm {\n  owner = \"revops@acme.io\"\n  owner = \"sales@acme.io\"\n}\n" },
    ErrorCode { code: "E015", title: "value not allowed", explanation: "The value is not in the attribute's (or the block type's) allowed set; the help lists the allowed values and the closest one.", example: "tool salesforce: crmm { }   # did you mean `crm`?\n" },
    ErrorCode { code: "E020", title: "duplicate declaration", explanation: "A name is declared twice for one kind across the workspace (tools with tools, campaigns with campaigns), twice within one block (steps, emails, signals, tasks), or it redeclares a prelude skill, playbook or route without `override = true`. A second workspace `utm-policy` is E020 too.", example: "tool salesforce: crm { }\ntool salesforce: crm { }\n" },
    ErrorCode { code: "E021", title: "undefined reference", explanation: "A reference names nothing of the expected kind in the checked set (the files named on the command line, their imports, and the prelude). The help suggests the closest names.", example: "tool hubspot: marketing-automation { integrates = [salesforc] }\n" },
    ErrorCode { code: "E022", title: "reference of the wrong kind", explanation: "Nothing of the expected kind has the name, but a declaration of another kind does (`context = hubspot` where `hubspot` is a tool).", example: "tool hubspot: marketing-automation { }\ncampaign launch: product-launch { context = hubspot … }\n" },
    ErrorCode { code: "E030", title: "step cycle", explanation: "Steps of a campaign wait for each other in a cycle, through `after` or the implicit \"after the previous step\". The message lists the cycle; each link is labelled.", example: "step plan: content-strategy { after = [measure]  duration = 2d }\nstep measure: campaign-analytics { duration = 1d }   # runs after plan\n" },
    ErrorCode { code: "E031", title: "imported file not found", explanation: "An import names a file that does not exist (paths are relative to the importing file), a directory, or a broken or looping symlink.", example: "import \"stack.mops\"\n" },
    ErrorCode { code: "E032", title: "import cycle", explanation: "Files import each other in a cycle; the message lists it. Declarations are visible across the whole import closure, so a cycle is never needed.", example: "# a.mops\nimport \"b.mops\"\n# b.mops\nimport \"a.mops\"\n" },
    ErrorCode { code: "E033", title: "import leaves the workspace root", explanation: "An import resolves (symlinks followed) outside the workspace root, the nearest directory holding `mops.toml`. Absolute paths are refused. The content of such a file is never read.", example: "import \"../../secrets.mops\"\n" },
    ErrorCode { code: "E040", title: "missing artifact", explanation: "A step's skill requires an artifact that no step before it (transitively) produces, that the campaign does not list in `given`, and that is not `context` of a campaign naming a context. The message names the skills that produce it; the help suggests the `after` to add.", example: "step ads: paid-ads { after = [page]  duration = 14d }   # ad-copy comes from ad-creative\n# fixed: wait for the step that produces it\nstep ad-copy: ad-creative { duration = 3d }\nstep ads: paid-ads { after = [page, ad-copy]  duration = 14d }\n" },
    ErrorCode { code: "E041", title: "budget over or mixed currencies", explanation: "The steps' budgets add up to more than the campaign's budget, or budgets of one campaign use different currencies.", example: "campaign launch: lead-generation {\n  budget = 10000 USD\n  step ads: paid-ads { budget = 12000 USD … }\n}\n" },
    ErrorCode { code: "E042", title: "schedule overruns the end date", explanation: "The computed schedule (critical path method, calendar days, a step's start and end days inclusive) ends after the campaign's `end`. The message shows the computed end; the help names the critical path.", example: "campaign launch: lead-generation { start = 2026-03-02  end = 2026-03-05 … }\n" },
    ErrorCode { code: "E043", title: "reversed dates", explanation: "A campaign's `end` is before its `start`.", example: "campaign launch: lead-generation { start = 2026-03-02  end = 2026-02-01 … }\n" },
    ErrorCode { code: "CFG001", title: "invalid mops.toml entry", explanation: "A key of mops.toml is unknown, or its value has the wrong type (a warning: the entry is ignored). Unknown rule codes in mops.toml are SUP002. A file that is not valid TOML stops the run (exit 2).", example: "[lint]\nselct = [\"ALL\"]   # did you mean `select`?\n" },
    ErrorCode { code: "E050", title: "unknown column", explanation: "A condition names a column the dataset in scope does not have: neither a role in force (mapped, or required by the dataset's kind) nor a column of its `columns { … }`. The help suggests the closest column; an optional role such as `email` is a column once it is mapped (`email = email`).", example: "when = titel contains \"VP\"   # did you mean `title`?\n" },
    ErrorCode { code: "E051", title: "operand types do not fit", explanation: "An operator or function gets values of types it cannot take: `and`/`or`/`not` need bools, comparisons need two values of one kind (text, numbers, dates and timestamps), `contains`/`starts-with`/`ends-with` and `lower`/`domain` need text, arithmetic needs numbers, `days-since` a date or timestamp.", example: "when = employees contains \"VP\"   # employees is an int\n" },
    ErrorCode { code: "E052", title: "not a condition", explanation: "A `when` (or an aggregate's `where`) must be true or false; the expression is a number, a text or a time. Compare it with something.", example: "when = count(web-touches)   # write count(web-touches) > 3\n" },
    ErrorCode { code: "E053", title: "unknown function or wrong arguments", explanation: "The function is not one of lower, domain, days-since, coalesce, count, any, sum, last, or it gets the wrong number of arguments.", example: "when = upper(title) == \"VP\"\n" },
    ErrorCode { code: "E054", title: "bad regular expression", explanation: "The pattern of `matches` (or of a `channel-rule`'s source, medium or campaign) is not a string, does not compile, or leaves the portable subset that every engine reads alike: classes, alternation, anchors, repetition and a leading `(?i)`; no look-around, no other flags, no `\\b` or `\\p{…}`.", example: "when = title matches \"(vp|head\"   # unclosed group\n" },
    ErrorCode { code: "E055", title: "aggregate over the wrong dataset", explanation: "`count`, `any`, `sum` and `last` read a touches dataset: the name is not one, the aggregate is nested in another's `where`, or `DATASET.COLUMN` is used outside `sum`/`last`.", example: "when = count(crm-leads where title == \"VP\") > 2   # crm-leads is a leads dataset\n" },
    ErrorCode { code: "E056", title: "misused aggregate clause", explanation: "`within` needs a duration (`within 30d`), `last` takes no `within`, `where`/`within` belong to aggregates only, `sum` adds a number column and `last` takes a timestamp column.", example: "when = count(web-touches where url == \"/pricing\" within 7) > 2   # within 7d\n" },
    ErrorCode { code: "E057", title: "dataset reference of the wrong kind, or none", explanation: "A scoring's `leads =` (or `touches =`, an attribution's `touches =`/`spend =`) names a dataset of another kind, or a scoring has conditions but no leads dataset: none is declared, or several are and `leads =` does not choose one.", example: "scoring s { leads = web-touches … }   # web-touches is a touches dataset\n" },
    ErrorCode { code: "E058", title: "unknown column type", explanation: "A column of `columns { NAME = TYPE }` has a type that is not text, int, number, bool, date, timestamp or money (money may name its currency as a string: \"money USD\").", example: "columns { title = string }   # text\n" },
    ErrorCode { code: "E059", title: "list expected", explanation: "`in` and `not in` take a list (`[\"a\", \"b\"]`) or a range (`100..2000`) on their right, and a list's items have one type.", example: "when = title in \"VP\"\n" },
    ErrorCode { code: "DATA001", title: "a value that does not convert", explanation: "A field of a data file does not convert to its column's declared type (int, number, bool true/false/1/0/yes/no, ISO date, ISO 8601 timestamp), or a row has another number of fields than the header. The message gives the file, row (line) and column. `mopsc score --max-bad-rows N` skips up to N such rows and says how many.", example: "" },
    ErrorCode { code: "DATA002", title: "a missing column", explanation: "A column the dataset declares (a role in force or a `columns` entry) is not in the file's header row. Map the role to the file's name for it, or add the column.", example: "" },
    ErrorCode { code: "DATA003", title: "an unreadable file", explanation: "A dataset's file cannot be opened or read as CSV (missing, a directory, unreadable, broken quoting).", example: "" },
    ErrorCode { code: "DATA004", title: "engine not available or failed", explanation: "The engine asked for with `--engine` is not available in this build, or it failed; its message is quoted.", example: "" },
    ErrorCode { code: "SCR101", title: "a higher tier converts less", explanation: "`score --review`: a higher tier (nurture < mql < sql < hot) converts at a lower rate than a lower tier. The tiers do not rank leads by their chance to buy: review the points or the ranges.", example: "" },
    ErrorCode { code: "SCR102", title: "a signal points the wrong way", explanation: "`score --review`: a signal with positive points whose leads convert below the base rate (lift under 1), or one with negative points whose leads convert above it.", example: "" },
    ErrorCode { code: "SCR103", title: "a tier too small or too large", explanation: "`score --review`: a tier holds under 1% or over 80% of the scored leads, so it does not separate them.", example: "" },
];

/// What a non-rule code is, for its heading: the language's errors cannot
/// be suppressed; CFG001 is a warning in mops.toml; the data plane's codes
/// are errors of a data run, its review findings warnings.
pub fn error_kind(code: &str) -> &'static str {
    if code.starts_with("CFG") {
        "warning in mops.toml"
    } else if code.starts_with("SCR1") {
        "warning of `mopsc score --review`"
    } else if code.starts_with("DATA") {
        "error of a data run"
    } else {
        "error; cannot be suppressed"
    }
}

pub fn error_code(code: &str) -> Option<&'static ErrorCode> {
    ERROR_CODES.iter().find(|e| e.code == code)
}

/// The full documentation of a rule, as `mopsc explain` prints it.
pub fn rule_text(r: &Rule) -> String {
    let fix = match r.fix {
        Some(crate::diagnostic::Applicability::Safe) => "safe fix (applied by `mopsc check --fix`)",
        Some(crate::diagnostic::Applicability::Unsafe) => "unsafe fix (applied with `--fix --unsafe-fixes`)",
        None => "no automatic fix",
    };
    format!(
        "{} {} ({}, {fix})\n\nWhat it checks\n  {}\n\nWhy\n  {}\n\nExample\n{}\nFixed\n{}",
        r.code,
        r.name,
        r.severity.as_str(),
        r.summary,
        wrap(r.why, 76, "  "),
        indent(r.bad),
        indent(r.good)
    )
}

pub fn error_text(e: &ErrorCode) -> String {
    let mut s = format!("{} {} ({})\n\n{}\n", e.code, e.title, error_kind(e.code), wrap(e.explanation, 78, ""));
    if !e.example.is_empty() {
        s.push_str("\nExample\n");
        s.push_str(&indent(e.example));
    }
    s
}

fn indent(s: &str) -> String {
    s.lines().map(|l| if l.is_empty() { "\n".to_string() } else { format!("    {l}\n") }).collect()
}

fn wrap(s: &str, width: usize, prefix: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            out.push_str(&line);
            out.push('\n');
            out.push_str(prefix);
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out
}

/// `mopsc explain NAME`: Ok(text) or Err(message naming the closest names).
///
/// NAME is a rule code, a rule name, an error code, or any name of the
/// language (a block kind, an attribute, a built-in skill, playbook or
/// route, a tool or skill category, an enum value): see
/// [`crate::reference::explain_name`].
pub fn explain(code: &str) -> Result<String, String> {
    let trimmed = code.trim();
    let upper = trimmed.to_ascii_uppercase();
    if let Some(r) = crate::rules::rule(&upper) {
        return Ok(rule_text(r));
    }
    if let Some(r) = crate::data::quality::rule(&upper) {
        return Ok(format!(
            "{} {} ({}, measured by `mopsc check --data`)\n\nWhat it checks\n  {}\n\nWhy\n  {}\n\nMeasured on a declaration such as\n{}",
            r.code,
            r.name,
            r.severity.as_str(),
            r.summary,
            wrap(r.why, 76, "  "),
            indent(r.bad)
        ));
    }
    if let Some(e) = error_code(&upper) {
        return Ok(error_text(e));
    }
    if let Some(r) = RULES.iter().find(|r| r.name == trimmed) {
        return Ok(rule_text(r));
    }
    if let Some(text) = crate::reference::explain_name(trimmed) {
        return Ok(text);
    }
    let looks_like_code = upper.len() >= 4
        && upper.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && upper.chars().last().is_some_and(|c| c.is_ascii_digit());
    let hint = if looks_like_code {
        let all = crate::rules::all_codes().chain(ERROR_CODES.iter().map(|e| e.code));
        crate::schema::did_you_mean(&upper, all)
    } else {
        let names = crate::reference::known_names();
        crate::schema::did_you_mean(trimmed, names.iter().map(String::as_str))
    };
    let hint = hint.unwrap_or_else(|| {
        "`mopsc rules` lists every rule code; docs/reference/ documents every block kind, skill and playbook".into()
    });
    Err(format!("unknown code or name `{trimmed}`: {hint}"))
}

/// `mopsc rules`: one line per rule.
pub fn rules_text() -> String {
    let mut s = String::new();
    for r in RULES {
        let fix = match r.fix {
            Some(crate::diagnostic::Applicability::Safe) => "fix: safe",
            Some(crate::diagnostic::Applicability::Unsafe) => "fix: unsafe",
            None => "",
        };
        s.push_str(&format!("{:<7} {:<32} {:<8} {fix}\n", r.code, r.name, r.severity.as_str()));
    }
    s
}

pub fn rules_json() -> String {
    let v: Vec<_> = RULES
        .iter()
        .map(|r| {
            serde_json::json!({
                "code": r.code,
                "name": r.name,
                "severity": r.severity.as_str(),
                "fixable": r.fix.map(|f| match f { crate::diagnostic::Applicability::Safe => "safe", crate::diagnostic::Applicability::Unsafe => "unsafe" }),
                "summary": r.summary,
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

/// docs/rules.md, generated.
pub fn rules_markdown() -> String {
    let mut s = String::from("# Lint rules\n\n<!-- Generated from the rule registry (src/rules/) by `cargo test --test rules` with MOPS_UPDATE_DOCS=1. Do not edit by hand. -->\n\n`mopsc rules` lists these; `mopsc explain CODE` prints one in full.\n\n| code | name | severity | fix | checks |\n|---|---|---|---|---|\n");
    for r in RULES {
        let fix = match r.fix {
            Some(crate::diagnostic::Applicability::Safe) => "safe",
            Some(crate::diagnostic::Applicability::Unsafe) => "unsafe",
            None => "",
        };
        s.push_str(&format!(
            "| [{}](#{}) | {} | {} | {fix} | {} |\n",
            r.code,
            r.code.to_lowercase(),
            r.name,
            r.severity.as_str(),
            r.summary.replace('|', "\\|")
        ));
    }
    for r in RULES {
        s.push_str(&format!(
            "\n## {}\n\n**{}** · {} · {}\n\n{}\n\n{}\n\nTriggers:\n\n```mops\n{}```\n\nFixed:\n\n```mops\n{}```\n",
            r.code,
            r.name,
            r.severity.as_str(),
            match r.fix {
                Some(crate::diagnostic::Applicability::Safe) => "safe fix",
                Some(crate::diagnostic::Applicability::Unsafe) => "unsafe fix",
                None => "no fix",
            },
            r.summary,
            r.why,
            r.bad,
            r.good
        ));
    }
    s.push_str("\n# Error codes\n\nThe language's errors (E-codes) cannot be suppressed. CFG001 is a warning about `mops.toml`; the DATA codes are errors of a data run and SCR101–SCR103 findings of `mopsc score --review`.\n\n| code | meaning |\n|---|---|\n");
    for e in ERROR_CODES {
        s.push_str(&format!("| [{}](#{}) | {} |\n", e.code, e.code.to_lowercase(), e.title));
    }
    for e in ERROR_CODES {
        s.push_str(&format!("\n## {}\n\n**{}** · {}\n\n{}\n", e.code, e.title, error_kind(e.code), e.explanation));
        if !e.example.is_empty() {
            s.push_str(&format!("\nExample:\n\n```mops\n{}```\n", e.example));
        }
    }
    s.push_str("\n# Data rules\n\nMeasured by `mopsc check --data` on the data the datasets bind (docs/reference/data.md), never by plain `check` or the language server; selected, given severities and options, and suppressed (`# mops: allow(DQ001)` before the declaration measured) like the lint rules.\n\n| code | name | severity | checks |\n|---|---|---|---|\n");
    for r in crate::data::quality::RULES {
        s.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} |\n",
            r.code,
            r.code.to_lowercase(),
            r.name,
            r.severity.as_str(),
            r.summary.replace('|', "\\|")
        ));
    }
    for r in crate::data::quality::RULES {
        s.push_str(&format!(
            "\n## {}\n\n**{}** · {} · measured on data\n\n{}\n\n{}\n\nMeasured on a declaration such as:\n\n```mops\n{}```\n",
            r.code,
            r.name,
            r.severity.as_str(),
            r.summary,
            r.why,
            r.bad
        ));
    }
    s
}
