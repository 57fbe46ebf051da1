//! The user's reference (docs/reference/) and `mopsc explain` for names:
//! the generated pages are current and complete, every example checks,
//! every link the tool prints names a file (and heading) of the repository,
//! and nothing in the repository reads a path outside it.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::*;
use mopsc::reference;
use mopsc::schema::{self, TypeRule, KINDS};

fn current(rel: &str, want: &str) {
    let path = manifest_dir().join(rel);
    if std::env::var_os("MOPS_UPDATE_DOCS").is_some() {
        std::fs::write(&path, want).expect("write generated doc");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(have == want, "{rel} is stale: run `MOPS_UPDATE_DOCS=1 cargo test --test reference`");
}

const CLI_BEGIN: &str = "<!-- BEGIN GENERATED: commands -->\n";
const CLI_END: &str = "<!-- END GENERATED: commands -->\n";

#[test]
fn generated_reference_is_current() {
    current("docs/reference/blocks.md", &reference::blocks_markdown());
    current("docs/reference/prelude.md", &reference::prelude_markdown());
    // cli.md is hand-written around one generated section.
    let path = manifest_dir().join("docs/reference/cli.md");
    let text = std::fs::read_to_string(&path).expect("docs/reference/cli.md");
    let (head, rest) = text.split_once(CLI_BEGIN).expect("cli.md has the generated section's start marker");
    let (_, tail) = rest.split_once(CLI_END).expect("cli.md has the generated section's end marker");
    let want = format!("{head}{CLI_BEGIN}{}{CLI_END}{tail}", reference::cli_markdown());
    current("docs/reference/cli.md", &want);
}

#[test]
fn reference_names_every_kind_attribute_skill_playbook_and_category() {
    let blocks = reference::blocks_markdown();
    for k in KINDS {
        assert!(blocks.contains(&format!("\n## {}\n", k.kind)), "blocks.md lacks kind {}", k.kind);
        for a in k.attrs {
            assert!(blocks.contains(&format!("| `{}` |", a.name)), "blocks.md lacks {}.{}", k.kind, a.name);
        }
        if let TypeRule::Enum(vals) = k.ty {
            for v in vals {
                assert!(blocks.contains(&format!("`{v}`")), "blocks.md lacks {} type {v}", k.kind);
            }
        }
    }
    let prelude = reference::prelude_markdown();
    let (m, diags) = mopsc::check::prelude_model();
    assert!(diags.is_empty());
    for s in &m.skills {
        assert!(prelude.contains(&format!("| `{}` |", s.name.value)), "prelude.md lacks skill {}", s.name.value);
    }
    for p in &m.playbooks {
        assert!(prelude.contains(&format!("\n### {}\n", p.name.value)), "prelude.md lacks playbook {}", p.name.value);
    }
    for r in &m.routes {
        assert!(prelude.contains(&format!("| `{}` |", r.name.value)), "prelude.md lacks route {}", r.name.value);
    }
    for c in schema::TOOL_CATEGORIES.iter().chain(schema::SKILL_CATEGORIES) {
        assert!(blocks.contains(&format!("`{c}`")), "blocks.md lacks category {c}");
        assert!(mopsc::explain::explain(c).is_ok(), "explain {c}");
    }
    for (c, _) in reference::TOOL_CATEGORY_DOCS {
        assert!(schema::TOOL_CATEGORIES.contains(c), "documented tool category {c} is not in the schema");
    }
    assert_eq!(reference::TOOL_CATEGORY_DOCS.len(), schema::TOOL_CATEGORIES.len());
    assert_eq!(reference::SKILL_CATEGORY_DOCS.len(), schema::SKILL_CATEGORIES.len());
    let cli = reference::cli_markdown();
    for c in ["check", "fmt", "plan", "graph", "route", "audit", "rules", "explain", "init", "new", "lsp", "mcp"] {
        assert!(cli.contains(&format!("### `mopsc {c}`")), "cli.md lacks {c}");
    }
}

#[test]
fn every_top_level_kind_has_an_example_that_checks_without_errors() {
    for k in schema::top_level_kinds() {
        let ex = reference::EXAMPLES.iter().find(|(kind, _)| *kind == k.kind).map(|(_, e)| *e);
        let ex = ex.unwrap_or_else(|| panic!("no example for `{}` in reference::EXAMPLES", k.kind));
        let report = mopsc::check::check_source(&format!("{}.mops", k.kind), ex, &opts());
        let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.code.starts_with('E')).collect();
        assert!(errors.is_empty(), "the example of {} has errors: {errors:?}", k.kind);
    }
    for (kind, _) in reference::EXAMPLES {
        assert!(schema::kind(kind).is_some_and(|k| k.top_level), "example for unknown kind {kind}");
    }
    for (kind, attr, _) in reference::DEFAULTS {
        assert!(schema::kind(kind).and_then(|k| k.attr(attr)).is_some(), "default for unknown {kind}.{attr}");
    }
}

#[test]
fn explain_answers_one_name_of_each_kind() {
    let cases = [
        ("sequence", "sequence (block kind)"),
        ("paid-ads", "built-in skill, category channel"),
        ("product-launch", "built-in playbook"),
        ("crm", "tool category"),
        ("conversion", "skill category"),
        ("nurture", "a sequence kind"),
        ("paid-search-mediums", "attribute of utm-policy"),
        ("campaign.budget", "attribute of campaign"),
        ("page-copy", "built-in route"),
        ("STK002", "tool-not-connected"),
        ("E040", "missing artifact"),
    ];
    for (name, want) in cases {
        let text = mopsc::explain::explain(name).unwrap_or_else(|e| panic!("explain {name}: {e}"));
        assert!(text.contains(want), "explain {name} lacks {want:?}:\n{text}");
    }
    insta::assert_snapshot!("explain_sequence", mopsc::explain::explain("sequence").expect("kind"));
    insta::assert_snapshot!("explain_paid_ads", mopsc::explain::explain("paid-ads").expect("skill"));
    insta::assert_snapshot!("explain_product_launch", mopsc::explain::explain("product-launch").expect("playbook"));
    insta::assert_snapshot!("explain_crm", mopsc::explain::explain("crm").expect("category"));
    // A name that is several things gets every entry.
    let email = mopsc::explain::explain("email").expect("email");
    assert!(email.contains("email (block kind)") && email.contains("email (tool category)"), "{email}");
}

#[test]
fn explain_suggests_for_unknown_names_and_codes() {
    let err = mopsc::explain::explain("sequnce").expect_err("unknown");
    assert!(err.contains("`sequence`"), "{err}");
    let err = mopsc::explain::explain("paid-adz").expect_err("unknown");
    assert!(err.contains("`paid-ads`"), "{err}");
    let err = mopsc::explain::explain("STK02").expect_err("unknown code");
    assert!(err.contains("STK002"), "{err}");
    insta::assert_snapshot!("explain_unknown", err);

    let out = Command::cargo_bin("mopsc").expect("binary").args(["explain", "sequnce"]).output().expect("run mopsc");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did you mean `sequence`"), "{stderr}");
    let out = Command::cargo_bin("mopsc").expect("binary").args(["explain", "sequence"]).output().expect("run mopsc");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Attributes"));
}

/// GitHub's heading anchors: lower case, spaces to `-`, punctuation dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(md: &str) -> Vec<String> {
    md.lines().filter(|l| l.starts_with('#')).map(|l| slug(l.trim_start_matches('#'))).collect()
}

fn check_link(url: &str) {
    let prefix = format!("{}/blob/main/", reference::REPOSITORY);
    let Some(rest) = url.strip_prefix(&prefix) else {
        assert_eq!(url, reference::REPOSITORY, "a printed link outside the repository: {url}");
        return;
    };
    let (path, anchor) = match rest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (rest, None),
    };
    let file = manifest_dir().join(path);
    assert!(file.is_file(), "{url}: no file {path} in the repository");
    if let Some(a) = anchor {
        let text = std::fs::read_to_string(&file).expect("read linked doc");
        assert!(anchors(&text).iter().any(|h| h == a), "{url}: {path} has no heading #{a}");
    }
}

fn links_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(reference::REPOSITORY) {
        let tail = &rest[i..];
        let end = tail.find(|c: char| c.is_whitespace() || c == '"' || c == ')' || c == '`').unwrap_or(tail.len());
        out.push(tail[..end].trim_end_matches(['.', ',']).to_string());
        rest = &tail[end..];
    }
    out
}

#[test]
fn every_printed_link_names_a_file_of_the_repository() {
    assert!(reference::REPOSITORY.starts_with("https://"), "Cargo.toml's repository");
    let mut links = vec![mopsc::render::sarif::INFORMATION_URI.to_string()];
    for r in mopsc::rules::RULES {
        links.push(mopsc::render::sarif::help_uri(r.code));
    }
    for e in mopsc::explain::ERROR_CODES {
        links.push(mopsc::render::sarif::help_uri(e.code));
    }
    for name in reference::known_names() {
        let text = mopsc::explain::explain(&name).expect("known names explain");
        links.extend(links_in(&text));
    }
    assert!(links.len() > 100);
    for l in &links {
        check_link(l);
    }
}

/// The tracked text files of the repository a build, test or script could run.
fn repo_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if matches!(
            name.as_str(),
            "target" | ".git" | "node_modules" | "corpus" | "artifacts" | "snapshots" | "fixtures"
        ) {
            continue;
        }
        if p.is_dir() {
            repo_files(&p, out);
        } else if matches!(
            p.extension().and_then(|x| x.to_str()),
            Some("rs" | "sh" | "py" | "toml" | "lua" | "js" | "json" | "yml" | "yaml" | "mjs")
        ) || name == "run"
        {
            out.push(p);
        }
    }
}

#[test]
fn nothing_in_the_repository_reads_a_path_outside_it() {
    let root = manifest_dir();
    let mut files = Vec::new();
    for d in ["src", "tests", "benches", "bench", "fuzz", ".ci", "editors", "grammar"] {
        repo_files(&root.join(d), &mut files);
    }
    files.push(root.join("Cargo.toml"));
    assert!(files.iter().any(|f| f.ends_with(".ci/run")), "the walk finds .ci/run");
    // Assembled so that this file does not match itself.
    let banned = [
        ["..", "/shared"].concat(),
        ["shared", "/spec/"].concat(),
        ["shared", "/seed/"].concat(),
        ["/work", "/"].concat(),
        ["manifest_dir().join(\"", ".."].concat(),
        ["CARGO_MANIFEST_DIR\")/", ".."].concat(),
    ];
    let mut hits = Vec::new();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else { continue };
        for (i, line) in text.lines().enumerate() {
            for b in &banned {
                if line.contains(b.as_str()) {
                    hits.push(format!("{}:{}: {}", f.strip_prefix(&root).unwrap_or(f).display(), i + 1, line.trim()));
                }
            }
        }
    }
    assert!(hits.is_empty(), "files that read outside the repository:\n{}", hits.join("\n"));
}
