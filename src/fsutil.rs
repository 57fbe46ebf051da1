//! File-system helpers: bounded reads of regular files, atomic rewrites that
//! notice a save made meanwhile, and outputs (`-o`, standard output) that
//! write into devices instead of replacing them.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// Not a regular file: a FIFO, a device, a socket, a directory.
    NotRegular(&'static str),
    /// More than the limit, counted while reading (a device or a growing
    /// file reports no useful size).
    TooLarge {
        len: u64,
        limit: u64,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotRegular(kind) => write!(f, "it is {kind}, not a regular file"),
            ReadError::TooLarge { len, limit } if *len > *limit => {
                write!(f, "it is {len} bytes, over the limit of {limit} bytes")
            }
            ReadError::TooLarge { limit, .. } => write!(f, "it is over the limit of {limit} bytes"),
        }
    }
}

/// What a file was when it was read: enough to tell, just before it is
/// replaced, that nobody saved over it since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    hash: u64,
}

impl ReadStamp {
    /// A stamp from contents alone (the modification time is not compared).
    pub fn of_contents(bytes: &[u8]) -> ReadStamp {
        ReadStamp { len: bytes.len() as u64, modified: None, hash: hash(bytes) }
    }
}

fn hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    // SipHash with fixed keys: deterministic
    let mut h = std::hash::DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

fn kind(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Read a regular file, at most `limit` bytes.
///
/// Why: the size a file system reports is 0 for FIFOs and devices, so a
/// check of it lets `/dev/zero` be read until memory runs out and a FIFO
/// block forever. The file is opened without blocking (a FIFO with no
/// writer would block in `open`), anything but a regular file is refused,
/// and the read itself stops one byte past the limit.
pub fn read_bounded(path: &Path, limit: u64) -> Result<(Vec<u8>, ReadStamp), ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind(meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { len: meta.len(), limit });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    (&file).take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { len: bytes.len() as u64, limit });
    }
    let stamp = ReadStamp { len: bytes.len() as u64, modified: meta.modified().ok(), hash: hash(&bytes) };
    Ok((bytes, stamp))
}

/// Does the file at `path` still hold what `stamp` describes?
fn unchanged(path: &Path, stamp: &ReadStamp) -> bool {
    let Ok(meta) = std::fs::metadata(path) else { return false };
    if meta.len() != stamp.len || (stamp.modified.is_some() && meta.modified().ok() != stamp.modified) {
        return false;
    }
    match read_bounded(path, stamp.len) {
        Ok((bytes, _)) => hash(&bytes) == stamp.hash,
        Err(_) => false,
    }
}

/// The mode a rewritten file gets: the original's, except that a
/// setuid (setgid) bit is dropped when the new file's owner (group) is not
/// the original's, so that it never grants someone else's rights.
pub fn kept_mode(mode: u32, owner: (u32, u32), new_owner: (u32, u32)) -> u32 {
    let mut mode = mode & 0o7777;
    if owner.0 != new_owner.0 {
        mode &= !0o4000;
    }
    if owner.1 != new_owner.1 {
        mode &= !0o2000;
    }
    mode
}

fn refuse(msg: String) -> io::Error {
    io::Error::other(msg)
}

/// Replace the contents of `path` atomically.
///
/// Why: a formatter or fixer that writes a file in place with
/// `std::fs::write` truncates it first, so an interruption (Ctrl-C, a full
/// disk, a crash, a power cut) can leave the user's file half-written or
/// empty. Instead the new contents go to a temporary file in the same
/// directory (same file system, so the rename below cannot turn into a
/// copy), which is flushed to disk (`fsync`) before it is renamed over the
/// original. A rename within one file system is atomic: readers see the old
/// file or the new one, never a mixture. On any error the temporary file is
/// removed and the original is left untouched.
///
/// A new file gets the mode the umask allows (0644 under umask 022). A
/// rewritten one keeps its owner and group where the user may set them
/// (root may) and its mode, less a setuid or setgid bit whose owner or
/// group could not be kept ([`kept_mode`]).
///
/// A symlink is followed: the file it points to is replaced, the link kept.
/// A dangling symlink and anything that is not a regular file (a device, a
/// FIFO) are refused: replacing them would destroy them.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_replacing(path, contents, None)
}

/// [`write_atomic`], but only if the file still holds what was read
/// (`stamp`): a save made while the command ran is never discarded. Checked
/// just before the rename: length, modification time, then the contents.
pub fn write_replacing(path: &Path, contents: &[u8], stamp: Option<&ReadStamp>) -> io::Result<()> {
    let target: PathBuf = match std::fs::canonicalize(path) {
        Ok(t) => t,
        Err(_) if path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) => {
            return Err(refuse(
                "it is a symbolic link to a file that does not exist; refusing to replace the link (remove it or point it at a file)"
                    .into(),
            ));
        }
        Err(_) => path.to_path_buf(),
    };
    let original = match std::fs::metadata(&target) {
        Ok(m) if !m.is_file() => {
            return Err(refuse(format!("it is {}, not a regular file; refusing to replace it", kind(m.file_type()))));
        }
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".mopsc-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // the umask applies, as for any file the user creates
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir)?;
    tmp.write_all(contents)?;
    tmp.flush()?;
    if let Some(meta) = &original {
        #[cfg(unix)]
        {
            use std::os::unix::fs::{MetadataExt, PermissionsExt};
            // keep the owner where allowed (root); a failure leaves ours
            let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()));
            let now = tmp.as_file().metadata()?;
            let mode = kept_mode(meta.mode(), (meta.uid(), meta.gid()), (now.uid(), now.gid()));
            tmp.as_file().set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        #[cfg(not(unix))]
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.as_file().sync_all()?;
    if let Some(stamp) = stamp {
        if !unchanged(&target, stamp) {
            return Err(refuse(
                "the file changed on disk while mopsc was working on it; it was not written, so the change is kept (run the command again)"
                    .into(),
            ));
        }
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    // Make the rename itself durable. Best effort: not every platform or
    // file system can open and sync a directory.
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Is `path` one of the operating system's names for an open stream or a
/// device (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`, `/dev/null`)?
/// Such a name is written through, never replaced, even when it leads to a
/// regular file (a shell redirection): replacing it would lose the output.
fn is_system_name(path: &Path) -> bool {
    path.starts_with("/dev") || path.starts_with("/proc")
}

/// Write a command's output to `-o FILE`.
///
/// A regular file is replaced atomically ([`write_atomic`]); anything else
/// (a device, a FIFO, a terminal, `/dev/stdout`) is opened and written
/// into, and a write error there (a full disk: `/dev/full`) is returned. A
/// dangling symlink is refused.
pub fn write_output(path: &Path, contents: &[u8]) -> io::Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(refuse("it is a directory".into())),
        Ok(m) if !m.is_file() || is_system_name(path) => {
            let mut f = std::fs::OpenOptions::new().write(true).truncate(m.is_file()).open(path)?;
            f.write_all(contents)?;
            f.flush()?;
            if m.is_file() {
                f.sync_all()?;
            }
            Ok(())
        }
        Ok(_) => write_atomic(path, contents),
        Err(e) if e.kind() == io::ErrorKind::NotFound => write_atomic(path, contents),
        Err(e) => Err(e),
    }
}

/// Write a command's output to standard output. A broken pipe (the reader
/// stopped reading, as `| head` does) is not an error; anything else (a full
/// disk) is returned, for the command to report with exit 2.
pub fn write_stdout(contents: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(contents).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        r => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setuid_bit_survives_only_with_its_owner() {
        assert_eq!(kept_mode(0o104755, (1000, 1000), (1000, 1000)), 0o4755);
        assert_eq!(kept_mode(0o104755, (1000, 1000), (0, 1000)), 0o755);
        assert_eq!(kept_mode(0o102755, (1000, 1000), (1000, 0)), 0o755);
        assert_eq!(kept_mode(0o106755, (1000, 50), (0, 0)), 0o755);
        assert_eq!(kept_mode(0o100644, (1000, 1000), (0, 0)), 0o644);
    }

    #[cfg(unix)]
    #[test]
    fn reads_refuse_fifos_and_devices_and_stop_at_the_limit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("f.mops");
        let c = std::ffi::CString::new(fifo.to_str().expect("utf-8")).expect("cstr");
        // SAFETY: mkfifo with a valid NUL-terminated path
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        // no writer: a blocking open would hang here
        assert!(matches!(read_bounded(&fifo, 100), Err(ReadError::NotRegular("a FIFO (named pipe)"))));
        assert!(matches!(read_bounded(Path::new("/dev/zero"), 100), Err(ReadError::NotRegular(_))));
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'a'; 101]).expect("write");
        let e = read_bounded(&big, 100).expect_err("too large");
        assert_eq!(e.to_string(), "it is 101 bytes, over the limit of 100 bytes");
        assert_eq!(read_bounded(&big, 101).expect("read").0.len(), 101);
    }

    #[test]
    fn a_save_made_meanwhile_is_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("a.mops");
        std::fs::write(&f, "old\n").expect("write");
        let (_, stamp) = read_bounded(&f, 100).expect("read");
        // the user saves (same length, so only the contents tell)
        std::fs::write(&f, "new\n").expect("write");
        let e = write_replacing(&f, b"formatted\n", Some(&stamp)).expect_err("refused");
        assert!(e.to_string().contains("changed on disk"), "{e}");
        assert_eq!(std::fs::read_to_string(&f).expect("read"), "new\n");
        let (_, stamp) = read_bounded(&f, 100).expect("read");
        write_replacing(&f, b"formatted\n", Some(&stamp)).expect("written");
        assert_eq!(std::fs::read_to_string(&f).expect("read"), "formatted\n");
        let leftovers = std::fs::read_dir(dir.path()).expect("dir").count();
        assert_eq!(leftovers, 1, "no temporary file is left");
    }

    #[cfg(unix)]
    #[test]
    fn dangling_links_and_devices_are_never_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let link = dir.path().join("out.md");
        std::os::unix::fs::symlink(dir.path().join("missing"), &link).expect("symlink");
        let e = write_output(&link, b"plan").expect_err("refused");
        assert!(e.to_string().contains("symbolic link to a file that does not exist"), "{e}");
        assert!(link.symlink_metadata().expect("still there").file_type().is_symlink());
        assert!(!dir.path().join("missing").exists());
        // a device is written into, not replaced
        write_output(Path::new("/dev/null"), b"plan").expect("written");
        assert!(!std::fs::metadata("/dev/null").expect("meta").is_file());
        assert!(write_atomic(Path::new("/dev/null"), b"x").is_err());
        // a full device reports its error
        if Path::new("/dev/full").exists() {
            assert!(write_output(Path::new("/dev/full"), b"plan").is_err());
        }
    }

    #[cfg(unix)]
    #[test]
    fn new_files_honour_the_umask_and_rewrites_keep_the_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("new.md");
        write_output(&f, b"x").expect("write");
        // SAFETY: umask only reads and sets the process's mask; restored at once
        let mask = unsafe {
            let m = libc::umask(0o022);
            libc::umask(m);
            m
        } as u32;
        let mode = std::fs::metadata(&f).expect("meta").permissions().mode() & 0o7777;
        assert_eq!(mode, 0o666 & !mask);
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomic(&f, b"y").expect("rewrite");
        assert_eq!(std::fs::metadata(&f).expect("meta").permissions().mode() & 0o7777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn root_rewriting_another_users_setuid_file_keeps_its_owner() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        // SAFETY: geteuid has no preconditions
        if unsafe { libc::geteuid() } != 0 {
            return; // only root can give a file to someone else
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("a.mops");
        std::fs::write(&f, "x").expect("write");
        std::os::unix::fs::chown(&f, Some(1234), Some(1234)).expect("chown");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o4755)).expect("chmod");
        write_atomic(&f, b"y").expect("rewrite");
        let m = std::fs::metadata(&f).expect("meta");
        assert_eq!((m.uid(), m.gid()), (1234, 1234));
        assert!(m.uid() != 0 || m.mode() & 0o6000 == 0, "never setuid root");
    }
}
