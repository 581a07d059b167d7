//! Reading and writing a batch output folder: every write atomic (a temp file renamed into place),
//! every folder's JSON files read in name order. The main function is [`write_json`].

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::Error;

/// Writes JSON atomically (a temp file renamed into place): a reader, or a batch killed midway,
/// never sees half a file.
pub fn write_json(path: &Path, value: &impl Serialize) -> Result<(), Error> {
    let json = serde_json::to_vec_pretty(value).map_err(|err| Error::io("encode", path, err.into()))?;
    write_atomic(path, &json)
}

/// The mode of every file a batch writes.
const OUTPUT_MODE: u32 = 0o644;

/// The summary files at the top of a batch output folder.
pub const SUMMARY_FILES: [&str; 5] = ["summary.json", "summary.csv", "summary.md", "summary.html", "junit.xml"];

/// Writes bytes atomically (a temp file renamed into place): nothing is ever truncated in place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temporary = tempfile::NamedTempFile::new_in(dir).map_err(|source| Error::io("write in", dir, source))?;
    temporary.write_all(bytes).map_err(|source| Error::io("write", path, source))?;
    // Readable by the group and others, as any file the user writes (a temp file starts 0600).
    std::fs::set_permissions(temporary.path(), std::os::unix::fs::PermissionsExt::from_mode(OUTPUT_MODE))
        .map_err(|source| Error::io("set permissions of", path, source))?;
    temporary.persist(path).map_err(|err| Error::io("write", path, err.error))?;
    Ok(())
}

pub fn read_all<T: serde::de::DeserializeOwned>(dir: &Path) -> Result<Vec<T>, Error> {
    let Ok(listing) = std::fs::read_dir(dir) else { return Ok(Vec::new()) };
    let mut paths: Vec<PathBuf> = listing
        .filter_map(Result::ok)
        .map(|item| item.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|source| Error::io("read", path, source))?;
            serde_json::from_slice(&bytes)
                .map_err(|err| Error::Batch(format!("{} is not valid: {err}", path.display())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_written_whole_and_readable_by_the_group() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("summary.json");
        write_atomic(&path, b"{}").expect("writes");
        write_atomic(&path, b"{\"again\": true}").expect("replaces");
        assert_eq!(std::fs::read(&path).expect("read"), b"{\"again\": true}");
        assert_eq!(std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o644);
    }
}
