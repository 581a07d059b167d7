//! Combines the output folders of `grader batch --shard` runs into one, then summarizes it. Shards
//! must belong together: the same run apart from the shard (their [`Provenance`]), every shard of
//! the matrix once, no submission in two of them; the output folder is none of them. Reports are
//! copied with atomic writes, so no input is ever truncated. The main function is [`merge`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::output::write_atomic;
use super::provenance::{Provenance, Reuse, OUTPUT_FOLDERS};
use super::shard::Shard;
use super::summary::{summarize, Summary};
use crate::error::{Error, Expected, PathArg};
use crate::exercise::ExerciseSet;
use crate::score::Rubric;

/// Merges `shards` into `out` and summarizes it; with `rubric`, every report is scored with it.
pub fn merge(shards: &[PathBuf], out: &Path, set: &ExerciseSet, rubric: Option<&Rubric>) -> Result<Summary, Error> {
    let out_canonical = out.canonicalize().ok();
    let mut provenances = Vec::new();
    for shard in shards {
        PathArg {
            what: "shard output folder",
            expected: Expected::Folder,
            hint: "pass the --out folders of `grader batch --shard K/N` runs",
        }
        .existing(shard)?;
        if out_canonical.is_some() && shard.canonicalize().ok() == out_canonical {
            return Err(Error::Batch(format!(
                "the output folder {} is one of the shards being merged; choose a new --out",
                out.display()
            )));
        }
        let provenance = Provenance::read(shard)?.ok_or_else(|| {
            Error::Batch(format!(
                "{} is not a batch output folder this grader can merge (no provenance.json); grade it again with this grader",
                shard.display()
            ))
        })?;
        provenances.push((shard, provenance));
    }
    let Some((first_path, first)) = provenances.first() else {
        return Err(Error::Batch("no shard to merge".into()));
    };
    let whole = Provenance { shard: None, ..first.clone() };
    for (path, provenance) in &provenances[1..] {
        let differ = whole.differences(&Provenance { shard: None, ..provenance.clone() });
        if !differ.is_empty() {
            return Err(Error::Batch(format!(
                "{} and {} are not shards of one run: they differ in {}",
                first_path.display(),
                path.display(),
                differ.join(", ")
            )));
        }
    }
    check_coverage(&provenances)?;
    check_overlap(shards)?;
    // A merged output of the same run may be merged again (all shards, afresh); nothing else.
    let reuse =
        if Provenance::read(out)?.is_some_and(|earlier| earlier == whole) { Reuse::Force } else { Reuse::Fresh };
    whole.prepare(out, reuse)?;
    for folder in OUTPUT_FOLDERS {
        for shard in shards {
            for (name, path) in json_files(&shard.join(folder)) {
                let bytes = std::fs::read(&path).map_err(|source| Error::io("read", &path, source))?;
                write_atomic(&out.join(folder).join(name), &bytes)?;
            }
        }
    }
    let rescore = rubric.filter(|rubric| rubric.digest() != whole.rubric);
    let (summary, _) = summarize(out, set, rescore)?;
    if let Some(rubric) = rescore {
        Provenance { rubric: rubric.digest(), ..whole }.write(out)?;
    }
    Ok(summary)
}

/// Sharded outputs must cover their matrix exactly: every `K/N` once, the same `N`.
fn check_coverage(provenances: &[(&PathBuf, Provenance)]) -> Result<(), Error> {
    let shards: Vec<Option<Shard>> = provenances
        .iter()
        .map(|(_, provenance)| provenance.shard.as_deref().and_then(|text| text.parse().ok()))
        .collect();
    if shards.iter().all(Option::is_none) {
        return Ok(());
    }
    let Some(count) = shards.iter().flatten().map(|shard| shard.count).next() else { return Ok(()) };
    let mut seen: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for ((path, _), shard) in provenances.iter().zip(&shards) {
        match shard {
            Some(shard) if shard.count == count => {
                seen.entry(shard.index).or_default().push(path.display().to_string())
            }
            _ => {
                return Err(Error::Batch(format!(
                    "{} is not one of the {count} shards of this run (it records {})",
                    path.display(),
                    shard.map_or_else(|| "no shard".to_owned(), |shard| format!("shard {shard}"))
                )))
            }
        }
    }
    if let Some((index, paths)) = seen.iter().find(|(_, paths)| paths.len() > 1) {
        return Err(Error::Batch(format!("shard {index}/{count} is given twice: {}", paths.join(", "))));
    }
    let missing: Vec<String> =
        (1..=count).filter(|index| !seen.contains_key(index)).map(|index| format!("{index}/{count}")).collect();
    if !missing.is_empty() {
        return Err(Error::Batch(format!(
            "shard {} of this run {} missing: merge all {count} shards",
            missing.join(", "),
            if missing.len() == 1 { "is" } else { "are" }
        )));
    }
    Ok(())
}

/// No submission may come from two shards: the merge would keep one copy silently.
fn check_overlap(shards: &[PathBuf]) -> Result<(), Error> {
    let mut owners: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for shard in shards {
        for folder in ["reports", "failures"] {
            for (name, _) in json_files(&shard.join(folder)) {
                let submission = name.trim_end_matches(".json").to_owned();
                let owner = shard.display().to_string();
                let list = owners.entry(submission).or_default();
                if !list.contains(&owner) {
                    list.push(owner);
                }
            }
        }
    }
    let overlapping: Vec<String> = owners
        .iter()
        .filter(|(_, shards)| shards.len() > 1)
        .map(|(submission, shards)| format!("{submission} (in {})", shards.join(" and ")))
        .collect();
    if overlapping.is_empty() {
        Ok(())
    } else {
        Err(Error::Batch(format!("submissions graded in more than one shard: {}", overlapping.join(", "))))
    }
}

/// `(file name, path)` of the JSON files in `dir`, in name order.
fn json_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let Ok(listing) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<(String, PathBuf)> = listing
        .filter_map(Result::ok)
        .map(|item| (item.file_name().to_string_lossy().into_owned(), item.path()))
        .filter(|(name, _)| name.ends_with(".json"))
        .collect();
    files.sort();
    files
}
