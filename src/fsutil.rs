//! Writing files without ever leaving one half-written.

use std::io::Write;
use std::path::Path;

/// Write `contents` to `path` atomically: into a temporary file in the same
/// directory, with the original's permissions, flushed to disk, then renamed
/// over the original. On any error the original is untouched and the
/// temporary file is removed.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
