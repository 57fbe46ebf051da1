//! Hardening, round two (issue 15): what an attacker, a careless root user
//! and a misbehaving editor broke. Each test failed before its fix.

mod common;

use std::path::Path;

use assert_cmd::Command;

fn mopsc(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("mopsc").expect("bin");
    c.current_dir(dir)
        .env("MOPS_TODAY", "2026-11-24")
        .env("NO_COLOR", "1")
        .timeout(std::time::Duration::from_secs(120));
    c
}

/// A workspace made by `mopsc init` (it checks clean and has a campaign).
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    let out = mopsc(dir.path()).arg("init").output().expect("init");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir
}

fn run(c: &mut Command) -> (i32, String, String) {
    let out = c.output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    (out.status.code().expect("exit code"), String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

// 1. Devices and links

#[cfg(unix)]
#[test]
fn output_to_a_device_is_written_into_and_write_errors_exit_2() {
    use std::os::unix::fs::FileTypeExt;
    let ws = workspace();
    let (code, _, err) = run(mopsc(ws.path()).args(["plan", "-o", "/dev/null"]));
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::metadata("/dev/null").expect("meta").file_type().is_char_device());
    if Path::new("/dev/full").exists() {
        for args in [&["plan", "-o", "/dev/full"][..], &["audit", "-o", "/dev/full"]] {
            let (code, _, err) = run(mopsc(ws.path()).args(args));
            assert_eq!(code, 2, "{args:?}: {err}");
            assert!(err.contains("No space left"), "{err}");
        }
        for args in [&["plan"][..], &["audit"], &["check"], &["rules"]] {
            let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("open");
            let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("mopsc"))
                .current_dir(ws.path())
                .env("MOPS_TODAY", "2026-11-24")
                .args(args)
                .stdout(full)
                .output()
                .expect("run");
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?} > /dev/full: {err}");
            assert!(err.contains("cannot write to standard output"), "{err}");
        }
    }
    // -o /dev/stdout reaches the pipe
    let (code, out, _) = run(mopsc(ws.path()).args(["plan", "-o", "/dev/stdout"]));
    assert_eq!(code, 0);
    assert!(out.contains("launch"), "{out}");
    assert!(Path::new("/dev/stdout").symlink_metadata().expect("meta").file_type().is_symlink());
}

#[cfg(unix)]
#[test]
fn a_dangling_output_link_is_refused() {
    let ws = workspace();
    std::os::unix::fs::symlink(ws.path().join("nowhere.md"), ws.path().join("plan.md")).expect("link");
    let (code, _, err) = run(mopsc(ws.path()).args(["plan", "-o", "plan.md"]));
    assert_eq!(code, 2);
    assert!(err.contains("symbolic link to a file that does not exist"), "{err}");
    assert!(ws.path().join("plan.md").symlink_metadata().expect("link").file_type().is_symlink());
    assert!(!ws.path().join("nowhere.md").exists());
}

#[cfg(unix)]
#[test]
fn fmt_refuses_stdin_and_devices() {
    let ws = workspace();
    let (code, _, err) = run(mopsc(ws.path()).args(["fmt", "/dev/null"]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("not a regular file"), "{err}");
    assert!(!std::fs::metadata("/dev/null").expect("meta").is_file());
}

// 3. Modes

#[cfg(unix)]
#[test]
fn created_files_honour_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let ws = workspace();
    let (code, _, err) = run(mopsc(ws.path()).args(["plan", "-o", "plan.md"]));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(mopsc(ws.path()).args(["audit", "-o", "audit.md"]));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) =
        run(mopsc(ws.path()).args(["new", "campaign", "spring", "--playbook", "product-launch", "-o", "spring.mops"]));
    assert_eq!(code, 0, "{err}");
    // SAFETY: umask reads and restores the process's mask
    let mask = unsafe {
        let m = libc::umask(0o022);
        libc::umask(m);
        m
    } as u32;
    for f in ["plan.md", "audit.md", "spring.mops", "mops.toml", "stack.mops"] {
        let mode = std::fs::metadata(ws.path().join(f)).expect(f).permissions().mode() & 0o7777;
        assert_eq!(mode, 0o666 & !mask, "{f}");
    }
}

// 4. Bounded reads

#[cfg(unix)]
fn mkfifo(p: &Path) {
    let c = std::ffi::CString::new(p.to_str().expect("utf-8")).expect("cstr");
    // SAFETY: a valid NUL-terminated path
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

#[cfg(unix)]
#[test]
fn a_fifo_is_e002_not_a_hang() {
    let ws = workspace();
    mkfifo(&ws.path().join("pipe.mops"));
    std::fs::write(ws.path().join("more.mops"), "import \"pipe.mops\"\n").expect("write");
    let (code, out, err) = run(mopsc(ws.path()).args(["check", "--format", "short"]));
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("error[E002]") && out.contains("is a FIFO (named pipe), not a regular file"), "{out}");
    // fmt too
    let (code, _, err) = run(mopsc(ws.path()).args(["fmt", "pipe.mops"]));
    assert_eq!(code, 1);
    assert!(err.contains("not a regular file"), "{err}");
}

#[test]
fn fmt_and_the_config_are_capped() {
    let ws = workspace();
    let (code, _, err) = run(mopsc(ws.path()).args(["--max-file-size", "100", "fmt", "stack.mops"]));
    assert_eq!(code, 1);
    assert!(err.contains("over the limit of 100 bytes"), "{err}");
    let mut toml = std::fs::read_to_string(ws.path().join("mops.toml")).expect("toml");
    while toml.len() <= mopsc::config::MAX_CONFIG_BYTES as usize {
        toml.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    std::fs::write(ws.path().join("mops.toml"), toml).expect("write");
    let (code, _, err) = run(mopsc(ws.path()).arg("check"));
    assert_eq!(code, 2);
    assert!(err.contains("mops.toml") && err.contains("over the limit of 1048576 bytes"), "{err}");
}

// 5. A config outside the root

#[cfg(unix)]
#[test]
fn a_config_linked_from_outside_the_root_is_not_read() {
    let ws = workspace();
    let outside = tempfile::tempdir().expect("tmp");
    let secret = outside.path().join("secret.toml");
    std::fs::write(&secret, "token = \"SECRET-7f3a\"\n[lint\n").expect("write");
    std::fs::remove_file(ws.path().join("mops.toml")).expect("rm");
    std::os::unix::fs::symlink(&secret, ws.path().join("mops.toml")).expect("link");
    for args in [&["check"][..], &["check", "--format", "json"], &["plan"], &["audit"]] {
        let (code, out, err) = run(mopsc(ws.path()).args(args));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(!out.contains("SECRET") && !err.contains("SECRET"), "{out}{err}");
        assert!(err.contains("leads outside the workspace root"), "{err}");
    }
}

// 11. Invalid globs

#[test]
fn one_invalid_glob_is_cfg001_and_the_others_apply() {
    let ws = workspace();
    std::fs::create_dir(ws.path().join("drafts")).expect("dir");
    std::fs::write(ws.path().join("drafts/broken.mops"), "tool {{{\n").expect("write");
    let toml = std::fs::read_to_string(ws.path().join("mops.toml")).expect("toml");
    let toml = if toml.contains("[workspace]") {
        toml.replace("[workspace]", "[workspace]\nexclude = [\"drafts/**\", \"a[b\"]")
    } else {
        format!("[workspace]\nexclude = [\"drafts/**\", \"a[b\"]\n\n{toml}")
    };
    std::fs::write(ws.path().join("mops.toml"), toml).expect("write");
    let (code, out, err) = run(mopsc(ws.path()).args(["check", "--format", "short"]));
    assert!(out.contains("mops.toml:") && out.contains("[CFG001]") && out.contains("not a valid glob"), "{out}");
    assert!(!out.contains("broken.mops"), "the valid pattern still excludes: {out}");
    let cfg = out.lines().find(|l| l.contains("CFG001")).expect("CFG001");
    assert!(cfg.contains(":2:"), "at the pattern's line: {cfg}");
    let _ = (code, err);
}

// 6. Deep recursion

#[test]
fn a_chain_of_10000_imports_is_walked_without_recursion() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("mops.toml"), "").expect("toml");
    let n = 10_000;
    for i in 0..n {
        let import = if i + 1 < n { format!("import \"f{}.mops\"\n", i + 1) } else { String::new() };
        std::fs::write(dir.path().join(format!("f{i}.mops")), format!("{import}tool t{i}: crm {{ owner = \"x\" }}\n"))
            .expect("write");
    }
    // the last file imports the first: one cycle, reported once, at the end of the chain
    let last = dir.path().join(format!("f{}.mops", n - 1));
    let text = std::fs::read_to_string(&last).expect("read");
    std::fs::write(&last, format!("import \"f0.mops\"\n{text}")).expect("write");
    let (code, out, err) = run(mopsc(dir.path()).args(["check", "--format", "short", "f0.mops"]));
    assert_eq!(code, 1, "{err}");
    assert_eq!(out.matches("[E032]").count(), 1, "{out}");
    assert!(out.contains("f9999.mops:1:8: error[E032]"), "{out}");
}

#[test]
fn max_depth_is_bounded_and_the_deepest_allowed_nesting_is_checked() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("mops.toml"), "").expect("toml");
    let nest = |n: usize| format!("tool a: crm {{ owner = \"x\"  tags = {}{} }}\n", "[".repeat(n), "]".repeat(n));
    std::fs::write(dir.path().join("deep.mops"), nest(100_000)).expect("write");
    let (code, _, err) = run(mopsc(dir.path()).args(["--max-depth", "1000000", "check", "deep.mops"]));
    assert_eq!(code, 2);
    assert!(err.contains("--max-depth") && err.contains("1..=1000"), "{err}");
    let (code, out, _) =
        run(mopsc(dir.path()).args(["--max-depth", "1000", "check", "--format", "short", "deep.mops"]));
    assert_eq!(code, 1);
    assert!(out.contains("error[E001] nesting is deeper than 1000 levels"), "{out}");
    // 1,000 levels of lists, and of unclosed blocks, are parsed and checked
    std::fs::write(dir.path().join("deep.mops"), nest(998)).expect("write");
    let (code, out, _) =
        run(mopsc(dir.path()).args(["--max-depth", "1000", "check", "--format", "short", "deep.mops"]));
    assert_eq!(code, 1);
    assert!(out.contains("[E011]") && !out.contains("[E001]"), "{out}");
    std::fs::write(dir.path().join("deep.mops"), format!("tool a: crm {}\n", "{ x = 1 ".repeat(999))).expect("write");
    let (code, out, _) =
        run(mopsc(dir.path()).args(["--max-depth", "1000", "check", "--format", "short", "deep.mops"]));
    assert_eq!(code, 1);
    assert!(out.contains("[E001]"), "{out}");
}

// 12. NAM001 never fixes into a clash

#[test]
fn nam001_offers_no_fix_that_creates_a_clash() {
    let src = "tool a-b: crm { owner = \"x\" }\ntool a_b: crm { owner = \"y\" }\ntool C_D: crm { owner = \"z\" }\ntool c_d: crm { owner = \"w\" }\ntool E_F: crm { owner = \"v\" }\n";
    let report = mopsc::check::check_source("a.mops", src, &common::opts());
    let nam: Vec<_> = report.diagnostics.iter().filter(|d| d.code == "NAM001").collect();
    assert_eq!(nam.len(), 4, "{nam:?}");
    for d in &nam {
        let fixable = d.fix.is_some();
        let name = &src[d.span.start()..d.span.end()];
        assert_eq!(fixable, name == "E_F", "{name}: {d:?}");
        if !fixable {
            assert!(d.help.as_deref().unwrap_or("").contains("already taken"), "{d:?}");
        }
    }
    // end to end: --fix --unsafe-fixes leaves no duplicate
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("mops.toml"), "").expect("toml");
    std::fs::write(dir.path().join("a.mops"), src).expect("write");
    let (_, out, _) = run(mopsc(dir.path()).args(["check", "--fix", "--unsafe-fixes", "--format", "short"]));
    assert!(!out.contains("E020"), "{out}");
    let fixed = std::fs::read_to_string(dir.path().join("a.mops")).expect("read");
    assert!(fixed.contains("tool a_b:") && fixed.contains("tool e-f:"), "{fixed}");
}

// 10. The human renderer on very long lines

#[test]
fn a_diagnostic_past_column_65535_is_windowed_not_a_panic() {
    let pad = " ".repeat(70_000);
    let src = format!("tool a: crm {{{pad}owner = \"x\"  bogus = 1 }}\n");
    let report = mopsc::check::check_source("long.mops", &src, &common::opts());
    assert!(report.diagnostics.iter().any(|d| d.code == "E011"), "{:?}", report.diagnostics);
    let out = common::human(&report);
    let e011 = out.find("E011").map(|i| &out[i..]).unwrap_or(&out);
    assert!(out.contains("long.mops:1:70027"), "{}", &e011[..e011.len().min(1500)]);
    assert!(out.contains("bogus"), "the span is shown");
    assert!(out.len() < 20 * 1024, "{} bytes", out.len());
}

#[test]
fn many_diagnostics_on_one_long_line_give_output_linear_in_their_number() {
    // 2,000 unknown attributes on one 60 KB line
    let attrs: String = (0..2_000).map(|i| format!("x{i:05} = 1 ")).collect();
    let src = format!("tool a: crm {{ owner = \"x\" {attrs}}}\n");
    assert!(src.len() > 20_000);
    let report = mopsc::check::check_source("long.mops", &src, &common::opts());
    let n = report.diagnostics.len();
    assert!(n >= 2_000, "{n}");
    let out = common::human(&report);
    assert!(out.len() < n * 1_500, "{} bytes for {n} diagnostics", out.len());
}

// 9. JSON and SARIF keep a backslash in a file name

#[cfg(unix)]
#[test]
fn json_and_sarif_keep_a_backslash_in_a_file_name() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("mops.toml"), "").expect("toml");
    std::fs::write(dir.path().join("a\\b.mops"), "tool Hub_Spot: crm { owner = \"x\" }\n").expect("write");
    let (_, out, err) = run(mopsc(dir.path()).args(["check", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&out).expect(&err);
    let files: Vec<&str> =
        v["diagnostics"].as_array().expect("list").iter().filter_map(|d| d["file"].as_str()).collect();
    assert!(files.contains(&"a\\b.mops"), "{files:?}");
    let (_, out, _) = run(mopsc(dir.path()).args(["check", "--format", "sarif"]));
    assert!(out.contains("a%5Cb.mops"), "the backslash is percent-encoded in the URI, not a separator");
}

// 8. Injection through names and strings

/// A line GitHub Actions would run as a workflow command: `::` first after
/// white space, or the older `##[` anywhere. The runner reads lines with
/// .NET's `ReadLine`, which ends one at LF, CR and CRLF.
fn workflow_commands(out: &str) -> Vec<&str> {
    out.split(['\n', '\r']).filter(|l| l.trim_start().starts_with("::") || l.contains("##[")).collect()
}

/// Raw characters a terminal or a log would act on.
fn raw_controls(out: &str) -> Vec<char> {
    out.chars().filter(|c| c.is_control() && *c != '\n').collect()
}

/// The `mopsc init` workspace with hostile text: a file whose name holds a
/// line break and a workflow command, one named like a command, an owner
/// with `|`, a line break and terminal escapes, and a UTM value the rules
/// quote back.
#[cfg(unix)]
fn hostile_workspace() -> tempfile::TempDir {
    let ws = workspace();
    let p = ws.path().join("campaign.mops");
    let text = std::fs::read_to_string(&p).expect("read");
    let text = text
        .replace(
            "owner    = \"marketing@example.com\"",
            r#"owner    = "ops|team\n::warning::pwned \u{1b}[2J\u{7}\u{d}\u{0} ##[error]x""#,
        )
        .replace("campaign = \"demo-request-campaign\"", r#"campaign = "Demo\u{1b}[2J\n::error::pwned""#);
    std::fs::write(&p, text).expect("write");
    std::fs::write(ws.path().join("evil\n::error title=pwned::owned.mops"), "tool Hub_Spot: crm { owner = \"x\" }\n")
        .expect("write");
    std::fs::write(ws.path().join("::error::named.mops"), "tool Web_Flow: cms { owner = \"x\" }\n").expect("write");
    ws
}

#[cfg(unix)]
#[test]
fn file_names_and_strings_cannot_inject_workflow_commands_or_terminal_escapes() {
    let ws = hostile_workspace();
    for format in ["human", "short"] {
        let (code, out, err) = run(mopsc(ws.path()).args(["check", "--format", format]));
        assert_eq!(code, 0, "{format}: {err}");
        assert!(out.contains("NAM001") && out.contains("UTM001"), "{format}: {out}");
        assert_eq!(workflow_commands(&out), Vec::<&str>::new(), "{format}:\n{out}");
        assert_eq!(raw_controls(&out), Vec::<char>::new(), "{format}:\n{out}");
        assert!(out.contains("evil\\n::error title=pwned::owned.mops"), "the name is shown escaped: {out}");
    }
    let (_, junit, _) = run(mopsc(ws.path()).args(["check", "--format", "junit"]));
    assert_eq!(workflow_commands(&junit), Vec::<&str>::new(), "junit:\n{junit}");
    assert_eq!(raw_controls(&junit), Vec::<char>::new(), "junit:\n{junit}");
    let (_, short, _) = run(mopsc(ws.path()).args(["check", "--format", "short"]));
    let mut short: Vec<&str> = short.lines().collect();
    short.sort();
    insta::assert_snapshot!("injection_short", short.join("\n"));
    // in --format github only the annotations are commands, one line each
    let (_, out, _) = run(mopsc(ws.path()).args(["check", "--format", "github"]));
    let commands = workflow_commands(&out);
    let (_, json, _) = run(mopsc(ws.path()).args(["check", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(commands.len(), v["diagnostics"].as_array().expect("list").len(), "{out}");
    assert!(
        commands
            .iter()
            .all(|l| ["::error file=", "::warning file=", "::notice file="].iter().any(|c| l.starts_with(c))),
        "{out}"
    );
    assert!(out.contains("file=evil%0A%3A%3Aerror title=pwned%3A%3Aowned.mops,"), "{out}");
    assert_eq!(raw_controls(&out), Vec::<char>::new(), "{out}");
    // fmt names the files it would change, and shows its diff, escaped too
    for flag in ["--check", "--diff"] {
        let (code, out, err) = run(mopsc(ws.path()).args(["fmt", flag]));
        assert_eq!(code, 1, "{flag}: {err}");
        assert!(out.contains("./::error::named.mops"), "{flag}: {out}");
        assert!(out.contains("evil\\n::error title=pwned::owned.mops"), "{flag}: {out}");
        assert_eq!(workflow_commands(&out), Vec::<&str>::new(), "{flag}:\n{out}");
        assert_eq!(raw_controls(&out), Vec::<char>::new(), "{flag}:\n{out}");
    }
}

#[cfg(unix)]
#[test]
fn plan_outputs_escape_hostile_owners_and_values() {
    let ws = hostile_workspace();
    let (code, md, err) = run(mopsc(ws.path()).args(["plan", "--format", "md"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(workflow_commands(&md), Vec::<&str>::new(), "{md}");
    assert_eq!(raw_controls(&md), Vec::<char>::new(), "{md}");
    // every row of a table has as many cells as its header
    let cells = |l: &str| l.replace("\\|", "").matches('|').count();
    let mut header = None;
    for l in md.lines() {
        if !l.starts_with('|') {
            header = None;
            continue;
        }
        let h = *header.get_or_insert(cells(l));
        assert_eq!(cells(l), h, "row `{l}` of\n{md}");
    }
    let owner = md.lines().find(|l| l.starts_with("| Owner |")).expect("owner row");
    insta::assert_snapshot!("injection_plan_md_owner", owner);

    let (_, ics, _) = run(mopsc(ws.path()).args(["plan", "--format", "ics"]));
    assert_eq!(workflow_commands(&ics), Vec::<&str>::new(), "{ics}");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{line:?}");
        assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
    }
    let unfolded = ics.replace("\r\n ", "");
    let desc = unfolded.lines().find(|l| l.starts_with("DESCRIPTION:") && l.contains("Owner")).expect("description");
    insta::assert_snapshot!("injection_plan_ics_description", desc);

    let (_, csv, _) = run(mopsc(ws.path()).args(["plan", "--format", "csv"]));
    assert_eq!(workflow_commands(&csv), Vec::<&str>::new(), "{csv}");
    assert_eq!(raw_controls(&csv), Vec::<char>::new(), "{csv}");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 7, "a header and one row a step, none split: {csv}");
}

#[test]
fn raw_control_characters_in_strings_and_comments_are_e001() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("mops.toml"), "").expect("toml");
    std::fs::write(
        dir.path().join("a.mops"),
        b"# a comment with a bell \x07\ntool hubspot: crm { owner = \"ops\0@acme.io\x1b[2J\" }\n",
    )
    .expect("write");
    let (code, out, _) = run(mopsc(dir.path()).args(["check", "--format", "short"]));
    assert_eq!(code, 1, "{out}");
    assert_eq!(out.matches("error[E001]").count(), 3, "{out}");
    assert!(out.contains("a raw control character (U+0000) in a string"), "{out}");
    assert!(out.contains("a raw control character (U+0007) in a comment"), "{out}");
    assert_eq!(raw_controls(&out), Vec::<char>::new(), "{out}");
    let (code, human, _) = run(mopsc(dir.path()).arg("check"));
    assert_eq!(code, 1);
    assert_eq!(raw_controls(&human), Vec::<char>::new(), "the snippet shows no raw control: {human}");
    insta::assert_snapshot!("injection_raw_nul_human", human);
    // fmt does not write a file with a syntax error
    let (code, _, err) = run(mopsc(dir.path()).args(["fmt", "a.mops"]));
    assert_ne!(code, 0, "{err}");
    // the same characters written as escapes are accepted
    std::fs::write(dir.path().join("a.mops"), "tool hubspot: crm { owner = \"ops\\u{0}@acme.io\\u{1b}[2J\" }\n")
        .expect("write");
    let (_, out, _) = run(mopsc(dir.path()).args(["check", "--format", "short"]));
    assert!(!out.contains("E001"), "{out}");
}
