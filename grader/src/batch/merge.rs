//! Combines the output folders of `grader batch --shard` runs into one, then summarizes it. The
//! main function is [`merge`].

use std::path::{Path, PathBuf};

use super::summary::{summarize, Summary};
use crate::error::Error;
use crate::exercise::ExerciseSet;

/// in two shards keeps the later copy) and summarizes.
pub fn merge(shards: &[PathBuf], out: &Path, set: &ExerciseSet) -> Result<Summary, Error> {
    for folder in ["reports", "failures", "sources"] {
        let target = out.join(folder);
        std::fs::create_dir_all(&target).map_err(|source| Error::io("create folder", &target, source))?;
        for shard in shards {
            let from = shard.join(folder);
            if !shard.join("reports").is_dir() {
                return Err(Error::Batch(format!("{} is not a batch output folder (no reports/)", shard.display())));
            }
            let Ok(listing) = std::fs::read_dir(&from) else { continue };
            for item in listing.filter_map(Result::ok) {
                let path = item.path();
                if path.extension().is_some_and(|ext| ext == "json") {
                    let destination = target.join(item.file_name());
                    std::fs::copy(&path, &destination).map_err(|source| Error::io("copy", &path, source))?;
                }
            }
        }
    }
    summarize(out, set, None).map(|(summary, _)| summary)
}
