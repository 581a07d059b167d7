//! Reads a hand-in sent as an archive (`.zip`, `.tar.gz`/`.tgz`, `.tar`) into memory, never onto
//! disk: every entry's path is checked (one that would land outside the hand-in, `..` or
//! absolute, refuses the whole archive), links and devices are never followed (listed as
//! ignored), and caps bound what is read: entries, bytes per file, bytes in all, and the
//! decompression ratio (a zip bomb is refused before it is inflated). The main type is
//! [`Unpacked`], made by [`read_zip`] and [`read_tar`] within [`ArchiveLimits`].

use std::cell::Cell;
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use crate::error::Error;
use crate::filetree::{FileTree, Ignored};

/// Caps on what an archive may hold. Each exercise folder inside is then read with the same
/// caps as a folder on disk ([`crate::filetree::ReadLimits::SUBMISSION`]).
#[derive(Debug, Clone, Copy)]
pub struct ArchiveLimits {
    /// Size of the archive file itself.
    pub max_archive_bytes: u64,
    /// Entries (files, folders, links) in the archive; past it the archive is refused.
    pub max_entries: usize,
    /// A file larger than this is listed as ignored and never decompressed.
    pub max_file_bytes: u64,
    /// Bytes of the files kept in memory, in all; past it the archive is refused.
    pub max_total_bytes: u64,
    /// Bytes a compressed stream may inflate to, in all, files skipped included.
    pub max_inflated_bytes: u64,
    /// The most a large entry (or a whole gzip stream) may inflate, as a multiple of its
    /// compressed size. Source code compresses about 4:1; zeros about 1000:1.
    pub max_ratio: u64,
    /// Below this many inflated bytes the ratio is not judged (tiny files compress oddly).
    pub ratio_floor_bytes: u64,
}

impl ArchiveLimits {
    /// Caps for a candidate's hand-in.
    pub const HANDIN: ArchiveLimits = ArchiveLimits {
        max_archive_bytes: 64 * 1024 * 1024,
        max_entries: 10_000,
        max_file_bytes: 512 * 1024,
        max_total_bytes: 64 * 1024 * 1024,
        max_inflated_bytes: 512 * 1024 * 1024,
        max_ratio: 100,
        ratio_floor_bytes: 4 * 1024 * 1024,
    };
}

/// What an archive held: its regular files by normalized path, and every entry left out with
/// the reason.
#[derive(Debug, Clone, Default)]
pub struct Unpacked {
    pub tree: FileTree,
    pub ignored: Vec<Ignored>,
}

/// Folders never read from an archive: build output, tool metadata, macOS resource forks.
const SKIPPED_DIRS: &[&str] = &["target", ".git", "__MACOSX"];

/// Most entries kept in the ignored list; past it, one summary entry counts the rest.
const MAX_IGNORED_LISTED: usize = 100;

/// What an entry's path says once checked.
enum EntryPath {
    /// A normalized relative path (`a/b/c.rs`).
    Inside(String),
    /// The archive's root itself (`./`): nothing to read.
    Root,
}

/// Normalizes an archive entry's name: `/` and `\` separate folders, `.` and empty parts are
/// dropped; `..`, an absolute path or a drive letter would land outside the hand-in, and refuse
/// the whole archive (whoever built it meant harm or made a mistake worth asking about).
fn entry_path(archive: &Path, raw: &[u8]) -> Result<EntryPath, Error> {
    let name = String::from_utf8_lossy(raw);
    let refuse = |why: &str| Error::HandInRefused {
        path: archive.to_path_buf(),
        reason: format!("entry `{}` {why}; nothing was extracted", name.escape_debug()),
    };
    if name.starts_with('/') || name.starts_with('\\') {
        return Err(refuse("has an absolute path"));
    }
    let mut parts = Vec::new();
    for (index, part) in name.split(['/', '\\']).enumerate() {
        match part {
            "" | "." => {}
            ".." => return Err(refuse("would land outside the hand-in (`..`)")),
            _ if index == 0 && part.len() == 2 && part.ends_with(':') => {
                return Err(refuse("has an absolute (drive) path"));
            }
            _ if part.contains('\0') => return Err(refuse("has a NUL byte in its name")),
            _ => parts.push(part),
        }
    }
    Ok(if parts.is_empty() { EntryPath::Root } else { EntryPath::Inside(parts.join("/")) })
}

/// Collects entries into an [`Unpacked`] within the caps.
struct Collector<'a> {
    archive: &'a Path,
    limits: ArchiveLimits,
    out: Unpacked,
    total_bytes: u64,
    entries: usize,
    unlisted: usize,
    skipped_dirs: BTreeSet<String>,
}

/// What the collector wants done with a regular file.
enum Verdict {
    Read,
    Skip,
}

impl<'a> Collector<'a> {
    fn new(archive: &'a Path, limits: ArchiveLimits) -> Self {
        Collector {
            archive,
            limits,
            out: Unpacked::default(),
            total_bytes: 0,
            entries: 0,
            unlisted: 0,
            skipped_dirs: BTreeSet::new(),
        }
    }

    fn refuse(&self, reason: String) -> Error {
        Error::HandInRefused { path: self.archive.to_path_buf(), reason }
    }

    fn ignore(&mut self, path: &str, reason: impl Into<String>) {
        if self.out.ignored.len() < MAX_IGNORED_LISTED {
            self.out.ignored.push(Ignored { path: path.to_owned(), reason: reason.into() });
        } else {
            self.unlisted += 1;
        }
    }

    /// Counts one entry; too many refuse the archive.
    fn count(&mut self) -> Result<(), Error> {
        self.entries += 1;
        if self.entries > self.limits.max_entries {
            let max = self.limits.max_entries;
            return Err(
                self.refuse(format!("more than {max} entries; a hand-in needs far fewer (build output left in?)"))
            );
        }
        Ok(())
    }

    /// Whether `path` lies in a folder never read; the folder is listed once.
    fn in_skipped_dir(&mut self, path: &str) -> bool {
        let parts: Vec<&str> = path.split('/').collect();
        let Some(index) = parts.iter().position(|part| SKIPPED_DIRS.contains(part)) else { return false };
        let dir = format!("{}/", parts[..=index].join("/"));
        if self.skipped_dirs.insert(dir.clone()) {
            self.ignore(&dir, "build output or tool metadata");
        }
        true
    }

    /// Decides on a regular file of `size` bytes (as its header says).
    fn file(&mut self, path: &str, size: u64) -> Verdict {
        if self.in_skipped_dir(path) {
            Verdict::Skip
        } else if size > self.limits.max_file_bytes {
            let reason = format!("{size} bytes, over the {}-byte cap per file", self.limits.max_file_bytes);
            self.ignore(path, reason);
            Verdict::Skip
        } else {
            Verdict::Read
        }
    }

    /// Reads a file's bytes from `reader`, never more than the per-file cap (whatever the
    /// header said), and keeps it.
    fn keep(&mut self, path: String, reader: &mut dyn Read) -> Result<(), Error> {
        let mut bytes = Vec::new();
        let cap = self.limits.max_file_bytes;
        reader.take(cap + 1).read_to_end(&mut bytes).map_err(|err| self.read_error(&err))?;
        if bytes.len() as u64 > cap {
            self.ignore(&path, format!("larger than its header says, over the {cap}-byte cap per file"));
            return Ok(());
        }
        self.total_bytes += bytes.len() as u64;
        if self.total_bytes > self.limits.max_total_bytes {
            let max = self.limits.max_total_bytes;
            return Err(self.refuse(format!("its files add up to more than {max} bytes")));
        }
        self.out.tree.insert(path, bytes);
        Ok(())
    }

    fn link(&mut self, path: &str, what: &str) {
        if !self.in_skipped_dir(path) {
            self.ignore(path, format!("{what} (never followed)"));
        }
    }

    fn other(&mut self, path: &str) {
        if !self.in_skipped_dir(path) {
            self.ignore(path, "not a regular file");
        }
    }

    fn read_error(&self, err: &io::Error) -> Error {
        Error::HandInRefused { path: self.archive.to_path_buf(), reason: format!("reading it failed: {err}") }
    }

    fn finish(mut self) -> Unpacked {
        if self.unlisted > 0 {
            let reason = format!("{} more entries were left out (not listed)", self.unlisted);
            self.out.ignored.push(Ignored { path: "…".into(), reason });
        }
        self.out
    }
}

/// Opens an archive file, refusing one larger than any hand-in needs.
fn open(path: &Path, limits: ArchiveLimits) -> Result<File, Error> {
    let file = File::open(path).map_err(|source| Error::io("open", path, source))?;
    let len = file.metadata().map_err(|source| Error::io("inspect", path, source))?.len();
    if len > limits.max_archive_bytes {
        return Err(Error::HandInRefused {
            path: path.to_path_buf(),
            reason: format!("{len} bytes, over the {}-byte cap for an archive", limits.max_archive_bytes),
        });
    }
    Ok(file)
}

/// The Unix file type bits of a mode.
const S_IFMT: u32 = 0o170_000;
const S_IFREG: u32 = 0o100_000;
const S_IFLNK: u32 = 0o120_000;

/// Reads a `.zip` hand-in. Entry sizes come from the central directory, so a file over the cap or
/// a bomb is known before anything is inflated.
pub fn read_zip(path: &Path, limits: ArchiveLimits) -> Result<Unpacked, Error> {
    let file = open(path, limits)?;
    let bad = |detail: String| Error::BadArchive { path: path.to_path_buf(), kind: "zip", detail };
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|err| bad(err.to_string()))?;
    let mut collector = Collector::new(path, limits);
    if archive.len() > limits.max_entries {
        let (count, max) = (archive.len(), limits.max_entries);
        return Err(collector.refuse(format!("{count} entries, over the cap of {max}")));
    }
    let mut declared: u64 = 0;
    for index in 0..archive.len() {
        collector.count()?;
        // Metadata only: `by_index_raw` inflates nothing.
        let (name, size, compressed, is_dir, mode, encrypted) = {
            let entry = archive.by_index_raw(index).map_err(|err| bad(err.to_string()))?;
            let mode = entry.unix_mode();
            let is_dir = entry.is_dir();
            (entry.name_raw().to_vec(), entry.size(), entry.compressed_size(), is_dir, mode, entry.encrypted())
        };
        let relative = match entry_path(path, &name)? {
            EntryPath::Root => continue,
            EntryPath::Inside(relative) => relative,
        };
        declared = declared.saturating_add(size);
        if declared > limits.max_inflated_bytes {
            let max = limits.max_inflated_bytes;
            return Err(collector.refuse(format!("its entries would inflate to more than {max} bytes (a zip bomb?)")));
        }
        if size > limits.ratio_floor_bytes && size / compressed.max(1) > limits.max_ratio {
            return Err(collector.refuse(format!(
                "entry `{relative}` would inflate {}× ({size} bytes from {compressed}; the cap is {}×): a zip bomb?",
                size / compressed.max(1),
                limits.max_ratio
            )));
        }
        let kind = mode.map(|mode| mode & S_IFMT).filter(|kind| *kind != 0);
        if is_dir {
            continue;
        }
        match kind {
            Some(S_IFLNK) => collector.link(&relative, "symbolic link"),
            Some(kind) if kind != S_IFREG => collector.other(&relative),
            _ if encrypted => collector.ignore(&relative, "encrypted (cannot be read)"),
            _ => {
                if let Verdict::Read = collector.file(&relative, size) {
                    match archive.by_index(index) {
                        Ok(mut entry) => collector.keep(relative, &mut entry)?,
                        Err(zip::result::ZipError::UnsupportedArchive(what)) => {
                            collector.ignore(&relative, format!("cannot be read: {what}; zip it again with deflate"));
                        }
                        Err(err) => return Err(bad(err.to_string())),
                    }
                }
            }
        }
    }
    Ok(collector.finish())
}

/// A reader that counts the bytes through it into a shared counter.
struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.count.set(self.count.get() + read as u64);
        Ok(read)
    }
}

/// The inflated side of a gzip stream, stopped with an error (and the reason kept in `tripped`)
/// once it passes `max_inflated_bytes` or inflates more than `max_ratio` times its input.
struct Guarded<R> {
    inner: R,
    inflated: u64,
    compressed: Rc<Cell<u64>>,
    limits: ArchiveLimits,
    tripped: Rc<Cell<Option<String>>>,
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.inflated += read as u64;
        let ratio = self.inflated / self.compressed.get().max(1);
        let reason = if self.inflated > self.limits.max_inflated_bytes {
            Some(format!("it inflates to more than {} bytes (a decompression bomb?)", self.limits.max_inflated_bytes))
        } else if self.inflated > self.limits.ratio_floor_bytes && ratio > self.limits.max_ratio {
            Some(format!(
                "it inflates more than {}× its compressed size ({} bytes from {}): a decompression bomb?",
                self.limits.max_ratio,
                self.inflated,
                self.compressed.get()
            ))
        } else {
            None
        };
        if let Some(reason) = reason {
            self.tripped.set(Some(reason.clone()));
            return Err(io::Error::other(reason));
        }
        Ok(read)
    }
}

/// Reads a `.tar.gz`/`.tgz` (`gzip` true) or `.tar` hand-in, streaming: nothing is written to
/// disk, and the gzip stream is watched for bombs as it inflates.
pub fn read_tar(path: &Path, limits: ArchiveLimits, gzip: bool) -> Result<Unpacked, Error> {
    let file = open(path, limits)?;
    let compressed = Rc::new(Cell::new(0));
    let tripped = Rc::new(Cell::new(None));
    let counted = Counting { inner: BufReader::new(file), count: Rc::clone(&compressed) };
    let stream: Box<dyn Read> =
        if gzip { Box::new(flate2::read::MultiGzDecoder::new(counted)) } else { Box::new(counted) };
    let guarded = Guarded { inner: stream, inflated: 0, compressed, limits, tripped: Rc::clone(&tripped) };
    let kind = if gzip { "tar.gz" } else { "tar" };
    let result = read_tar_entries(path, limits, tar::Archive::new(guarded), kind);
    match tripped.take() {
        Some(reason) => Err(Error::HandInRefused { path: path.to_path_buf(), reason }),
        None => result,
    }
}

fn read_tar_entries<R: Read>(
    path: &Path,
    limits: ArchiveLimits,
    mut archive: tar::Archive<R>,
    kind: &'static str,
) -> Result<Unpacked, Error> {
    let bad = |err: io::Error| Error::BadArchive { path: path.to_path_buf(), kind, detail: err.to_string() };
    let mut collector = Collector::new(path, limits);
    let mut any = false;
    for entry in archive.entries().map_err(bad)? {
        let mut entry = entry.map_err(bad)?;
        any = true;
        collector.count()?;
        let relative = match entry_path(path, &entry.path_bytes())? {
            EntryPath::Root => continue,
            EntryPath::Inside(relative) => relative,
        };
        let size = entry.header().size().map_err(bad)?;
        match entry.header().entry_type() {
            tar::EntryType::Regular | tar::EntryType::Continuous => {
                if let Verdict::Read = collector.file(&relative, size) {
                    collector.keep(relative, &mut entry)?;
                }
            }
            tar::EntryType::Directory | tar::EntryType::XGlobalHeader => {}
            tar::EntryType::Symlink => collector.link(&relative, "symbolic link"),
            tar::EntryType::Link => collector.link(&relative, "hard link"),
            _ => collector.other(&relative),
        }
    }
    if !any {
        return Err(bad(io::Error::other("no entry in it")));
    }
    Ok(collector.finish())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().expect("temp file");
        let mut writer = zip::ZipWriter::new(file.reopen().expect("reopen"));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            writer.start_file(*name, options).expect("start");
            writer.write_all(bytes).expect("write");
        }
        writer.finish().expect("finish");
        file
    }

    #[test]
    fn a_zip_reads_into_memory_with_normalized_paths() {
        let file = zip_of(&[("./dave/junior-02-borrowing/src/lib.rs", b"pub fn f() {}"), ("dave/notes.txt", b"hi")]);
        let unpacked = read_zip(file.path(), ArchiveLimits::HANDIN).expect("reads");
        let paths: Vec<&str> = unpacked.tree.iter().map(|(path, _)| path).collect();
        assert_eq!(paths, ["dave/junior-02-borrowing/src/lib.rs", "dave/notes.txt"]);
        assert!(unpacked.ignored.is_empty(), "{:?}", unpacked.ignored);
    }

    #[test]
    fn an_entry_outside_the_root_refuses_the_archive() {
        for name in ["../evil.rs", "a/../../evil.rs", "/etc/evil", "C:/evil", "..\\evil"] {
            let file = zip_of(&[("ok.rs", b"x"), (name, b"x")]);
            let err = read_zip(file.path(), ArchiveLimits::HANDIN).expect_err(name);
            assert!(matches!(err, Error::HandInRefused { .. }), "{name}: {err}");
            assert!(err.to_string().contains("nothing was extracted"), "{err}");
        }
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_inflates() {
        let file = tempfile::NamedTempFile::new().expect("temp file");
        let mut writer = zip::ZipWriter::new(file.reopen().expect("reopen"));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(false);
        writer.start_file("zeros.rs", options).expect("start");
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..32 {
            writer.write_all(&chunk).expect("write");
        }
        writer.finish().expect("finish");
        let err = read_zip(file.path(), ArchiveLimits::HANDIN).expect_err("a bomb");
        assert!(err.to_string().contains("bomb"), "{err}");
    }

    #[test]
    fn floods_of_entries_refuse_the_archive() {
        let names: Vec<String> = (0..=ArchiveLimits::HANDIN.max_entries).map(|i| format!("f{i}.rs")).collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|name| (name.as_str(), &b""[..])).collect();
        let file = zip_of(&entries);
        let err = read_zip(file.path(), ArchiveLimits::HANDIN).expect_err("too many");
        assert!(err.to_string().contains("entries"), "{err}");
    }

    #[test]
    fn garbage_is_a_bad_archive() {
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        file.write_all(b"this is not a zip file at all").expect("write");
        let err = read_zip(file.path(), ArchiveLimits::HANDIN).expect_err("garbage");
        assert!(matches!(err, Error::BadArchive { kind: "zip", .. }), "{err}");
        let err = read_tar(file.path(), ArchiveLimits::HANDIN, true).expect_err("garbage");
        assert!(matches!(err, Error::BadArchive { kind: "tar.gz", .. }), "{err}");
    }

    fn tar_gz(build: impl FnOnce(&mut tar::Builder<flate2::write::GzEncoder<File>>)) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().expect("temp file");
        let encoder = flate2::write::GzEncoder::new(file.reopen().expect("reopen"), flate2::Compression::fast());
        let mut builder = tar::Builder::new(encoder);
        build(&mut builder);
        builder.into_inner().expect("tar").finish().expect("gzip");
        file
    }

    fn header(kind: tar::EntryType, size: u64) -> tar::Header {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(kind);
        header.set_size(size);
        header.set_mode(0o644);
        header
    }

    #[test]
    fn a_tarball_lists_links_devices_and_build_output_as_ignored() {
        let file = tar_gz(|builder| {
            let mut lib = header(tar::EntryType::Regular, 3);
            builder.append_data(&mut lib, "x/src/lib.rs", &b"abc"[..]).expect("lib");
            let mut link = header(tar::EntryType::Symlink, 0);
            builder.append_link(&mut link, "x/src/secret.rs", "/etc/passwd").expect("symlink");
            let mut hard = header(tar::EntryType::Link, 0);
            builder.append_link(&mut hard, "x/src/hard.rs", "/etc/shadow").expect("hard link");
            let mut fifo = header(tar::EntryType::Fifo, 0);
            builder.append_data(&mut fifo, "x/pipe", &b""[..]).expect("fifo");
            let mut built = header(tar::EntryType::Regular, 1);
            builder.append_data(&mut built, "x/target/debug/out", &b"x"[..]).expect("target");
        });
        let unpacked = read_tar(file.path(), ArchiveLimits::HANDIN, true).expect("reads");
        assert_eq!(unpacked.tree.iter().map(|(path, _)| path).collect::<Vec<_>>(), ["x/src/lib.rs"]);
        let ignored: Vec<(&str, &str)> =
            unpacked.ignored.iter().map(|item| (item.path.as_str(), item.reason.as_str())).collect();
        assert_eq!(
            ignored,
            [
                ("x/src/secret.rs", "symbolic link (never followed)"),
                ("x/src/hard.rs", "hard link (never followed)"),
                ("x/pipe", "not a regular file"),
                ("x/target/", "build output or tool metadata"),
            ]
        );
    }

    #[test]
    fn a_gzip_bomb_is_stopped_while_it_inflates() {
        let file = tar_gz(|builder| {
            let size = 64 * 1024 * 1024;
            let mut zeros = header(tar::EntryType::Regular, size);
            builder.append_data(&mut zeros, "zeros.bin", io::repeat(0).take(size)).expect("zeros");
        });
        let err = read_tar(file.path(), ArchiveLimits::HANDIN, true).expect_err("a bomb");
        assert!(matches!(err, Error::HandInRefused { .. }) && err.to_string().contains("bomb"), "{err}");
    }

    #[test]
    fn a_tar_path_escape_refuses_the_archive() {
        let file = tar_gz(|builder| {
            let mut evil = header(tar::EntryType::Regular, 1);
            // `append_data` refuses `..`; the raw header does not.
            evil.as_old_mut().name[..9].copy_from_slice(b"../evil.r");
            evil.set_cksum();
            builder.append(&evil, &b"x"[..]).expect("evil");
        });
        let err = read_tar(file.path(), ArchiveLimits::HANDIN, true).expect_err("escape");
        assert!(err.to_string().contains("outside the hand-in"), "{err}");
    }
}
