//! File-system helpers shared by the commands that rewrite files (`fmt`,
//! and `check --fix`).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replace the contents of `path` atomically.
///
/// Why: a formatter or fixer that writes a file in place with
/// `std::fs::write` truncates it first, so an interruption (Ctrl-C, a full
/// disk, a crash, a power cut) can leave the user's file half-written or
/// empty. Instead the new contents go to a temporary file in the same
/// directory (same file system, so the rename below cannot turn into a
/// copy), which gets the original's permissions and is flushed to disk
/// (`fsync`) before it is renamed over the original. A rename within one
/// file system is atomic: readers see the old file or the new one, never a
/// mixture. On any error the temporary file is removed and the original is
/// left untouched.
///
/// A symlink is followed: the file it points to is replaced, the link kept.
/// The owner and group of the original are not copied (the new file belongs
/// to the user who runs the command).
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let target: PathBuf = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)?;
    tmp.write_all(contents)?;
    tmp.flush()?;
    if let Ok(meta) = std::fs::metadata(&target) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    // Make the rename itself durable. Best effort: not every platform or
    // file system can open and sync a directory.
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
