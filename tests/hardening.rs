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
