//! Hostile input (issue 9): each case gives a clear diagnostic and exit 1 or
//! 2 (or 0 when the input is valid), never a panic, a hang or a stack overflow.

mod common;

use assert_cmd::Command;
use common::*;

fn run_on(name: &str, content: &[u8], extra: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("mops.toml"), "").expect("toml");
    let p = dir.path().join(name);
    std::fs::write(&p, content).expect("write");
    let out = Command::cargo_bin("mopsc")
        .expect("bin")
        .env("MOPS_TODAY", "2026-11-24")
        .args(extra)
        .args(["check", "--format", "short"])
        .arg(&p)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    (out.status.code().expect("exit code, not a signal"), stdout, stderr)
}

#[test]
fn random_bytes_and_invalid_utf8_are_e002() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let (code, out, _) = run_on("random.mops", &bytes, &[]);
    assert_eq!(code, 1);
    assert!(out.contains("error[E002]") && out.contains("offset"), "{out}");
}

#[test]
fn nul_bytes_are_a_syntax_error() {
    let (code, out, _) = run_on("nul.mops", b"tool a: crm {\0 owner = \"x\" }\n\0\0\0\n", &[]);
    assert_eq!(code, 1);
    assert!(out.contains("error[E001]"), "{out}");
}

#[test]
fn a_twenty_megabyte_line_is_handled() {
    let mut line = b"tool a: crm { owner = \"".to_vec();
    line.extend(std::iter::repeat_n(b'x', 20 * 1024 * 1024));
    line.extend(b"\" }\n");
    let (code, out, _) = run_on("long.mops", &line, &[]);
    assert!(code == 0 || code == 1, "{code}");
    assert!(!out.contains("error["), "a long valid string is not an error: {}", &out[..out.len().min(500)]);
}

#[test]
fn integers_and_durations_past_64_bits_are_e003() {
    let src = "campaign c: lead-generation {\n  start = 2026-03-02\n  given = [context]\n  goals { mql = 99999999999999999999999 }\n  step a: landing-page-generator { duration = 99999999999999999999d }\n  step b: campaign-analytics { duration = 9223372036854775807w }\n}\n";
    let (code, out, _) = run_on("big.mops", src.as_bytes(), &[]);
    assert_eq!(code, 1);
    assert_eq!(out.matches("error[E003]").count(), 3, "{out}");
}

#[test]
fn unterminated_text_block_is_reported() {
    let (code, out, _) = run_on(
        "text.mops",
        b"context acme {\n  product = \"A\"\n  positioning = \"\"\"never closed\n  icp { titles = [\"x\"] }\n}\n",
        &[],
    );
    assert_eq!(code, 1);
    assert!(out.contains("error[E001]") || out.contains("error[E0"), "{out}");
}

#[test]
fn twenty_thousand_steps_and_thousands_of_after_edges() {
    let mut src = String::from("campaign big: lead-generation {\n  start = 2026-03-02\n  given = [context]\n");
    for i in 0..20_000 {
        src.push_str(&format!("  step s{i}: landing-page-generator {{ duration = 1h }}\n"));
    }
    let afters: Vec<String> = (0..5_000).map(|i| format!("s{i}")).collect();
    src.push_str(&format!(
        "  step last: campaign-analytics {{ after = [{}]  duration = 1d }}\n}}\n",
        afters.join(", ")
    ));
    let (code, out, _) = run_on("steps.mops", src.as_bytes(), &[]);
    assert!(!out.contains("error["), "{}", &out[..out.len().min(2000)]);
    assert!(code == 0 || code == 1);
}

#[test]
fn limits_are_configurable_with_clear_errors() {
    let src = b"tool a: crm { owner = \"x\" }\ntool b: crm { owner = \"y\" }\ntool c: crm { owner = [[[[1]]]] }\n";
    let (code, out, _) = run_on("lim.mops", src, &["--max-file-size", "10"]);
    assert_eq!(code, 1);
    assert!(out.contains("error[E002]") && out.contains("over the limit of 10 bytes"), "{out}");
    let (code, out, _) = run_on("lim.mops", src, &["--max-depth", "3"]);
    assert_eq!(code, 1);
    assert!(out.contains("error[E001]") && out.contains("deeper than 3"), "{out}");
    let (code, out, _) = run_on("lim.mops", src, &["--max-declarations", "2"]);
    assert_eq!(code, 1);
    assert!(out.contains("over the limit of 2"), "{out}");
}

#[test]
fn importing_a_directory_is_e031() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("mops.toml"), "").expect("toml");
    std::fs::create_dir(dir.path().join("sub.mops")).expect("mkdir");
    std::fs::write(dir.path().join("a.mops"), "import \"sub.mops\"\n").expect("write");
    let out = Command::cargo_bin("mopsc")
        .expect("bin")
        .args(["check", "--format", "short"])
        .arg(dir.path().join("a.mops"))
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[E031]") && text.contains("is a directory"), "{text}");
}

#[test]
fn a_failed_fix_write_leaves_the_file_untouched() {
    // --fix on a file in a directory that cannot take a temporary file
    // (a full tmpfs as root, a read-only directory otherwise)
    let dir = tempfile::tempdir().expect("tmp");
    let sub = dir.path().join("ws");
    std::fs::create_dir(&sub).expect("mkdir");
    let src = "campaign launch: conversion-optimization {\n  start = 2026-03-02\n  given = [context]\n  utm { source = LinkedIn }\n  step levers: marketing-psychology { duration = 2d }\n}\n";
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let root = std::fs::write(sub.join("probe"), "").is_ok();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let _ = std::fs::remove_file(sub.join("probe"));
    if root {
        let ok =
            std::process::Command::new("mount").args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"]).arg(&sub).status();
        assert!(ok.is_ok_and(|s| s.success()), "as root the test fills a small tmpfs");
    }
    std::fs::write(sub.join("mops.toml"), "").expect("toml");
    std::fs::write(sub.join("c.mops"), src).expect("write");
    if root {
        let mut filler = std::fs::File::create(sub.join("filler")).expect("filler");
        while std::io::Write::write_all(&mut filler, &[b'x'; 1024]).is_ok() {}
    } else {
        std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    }
    let out = Command::cargo_bin("mopsc")
        .expect("bin")
        .env("MOPS_TODAY", "2026-11-24")
        .args(["check", "--fix", "--format", "short"])
        .arg(&sub)
        .output()
        .expect("run");
    let after = std::fs::read_to_string(sub.join("c.mops")).expect("read");
    let names: Vec<String> = std::fs::read_dir(&sub)
        .expect("ls")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if root {
        let _ = std::process::Command::new("umount").arg(&sub).status();
    } else {
        std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    assert_eq!(after, src, "the original must be untouched");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not written"), "{stderr}");
    assert!(names.iter().all(|n| ["c.mops", "mops.toml", "filler"].contains(&n.as_str())), "{names:?}");
    let _ = manifest_dir();
}
