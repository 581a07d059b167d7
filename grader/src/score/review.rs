//! What a person decided. The interviewer records, in a review file beside the report (TOML), the
//! habits points they give an exercise and a note, above all for the manual-review items (the
//! written decision record, which the grader only prepares). `grader check --review FILE` and
//! `grader rescore` (a batch's `reviews/<submission>.toml`) fold it in, and every output shows the
//! person's decision beside the grader's. The main type is [`ReviewFile`].
//!
//! ```toml
//! reviewer = "Dana"
//!
//! [exercises."senior-08-right-tool"]
//! habits = 12    # of the exercise's habits points; replaces what the grader gave
//! note = "Weighs hiring against latency; misses the build-time cost."
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{rescore, Rubric};
use crate::error::Error;
use crate::exercise::ExerciseSet;
use crate::report::{HumanReview, Report};

/// A review file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewFile {
    /// Who decided.
    pub reviewer: String,
    /// What they decided, by exercise id.
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseReview>,
}

/// What a person decided for one exercise.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseReview {
    /// The habits points they give (0 to the exercise's habits maximum), in place of the grader's.
    pub habits: Option<u32>,
    pub note: Option<String>,
}

impl ReviewFile {
    /// Reads a review file.
    pub fn load(path: &Path) -> Result<ReviewFile, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::io("read review file", path, source))?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses review TOML; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<ReviewFile, Error> {
        let review: ReviewFile =
            toml::from_str(text).map_err(|source| Error::Toml { path: origin.to_owned(), source })?;
        if review.reviewer.trim().is_empty() {
            return Err(Error::InvalidReview(format!("{origin}: `reviewer` is empty: say who decided")));
        }
        for (id, item) in &review.exercises {
            if item.habits.is_none() && item.note.as_deref().is_none_or(|note| note.trim().is_empty()) {
                return Err(Error::InvalidReview(format!(
                    "{origin}: [exercises.\"{id}\"] records nothing: give `habits` points, a `note`, or both"
                )));
            }
        }
        Ok(review)
    }
}

/// Folds `review` into `report`, then rescores it under `rubric`: each reviewed exercise keeps
/// what the grader gave and shows what the person decided, whose habits points count. An
/// exercise the report does not grade, or more points than the exercise's habits maximum, is an
/// error that names it.
pub fn apply_review(report: &mut Report, review: &ReviewFile, set: &ExerciseSet, rubric: &Rubric) -> Result<(), Error> {
    for (id, item) in &review.exercises {
        let Some(exercise) = report.exercises.iter_mut().find(|exercise| exercise.id == *id) else {
            let graded: Vec<&str> = report.exercises.iter().map(|exercise| exercise.id.as_str()).collect();
            return Err(Error::InvalidReview(format!(
                "the review names `{id}`, which this report does not grade (it grades: {})",
                graded.join(", ")
            )));
        };
        if let Some(points) = item.habits.filter(|points| *points > exercise.habits.max) {
            return Err(Error::InvalidReview(format!(
                "the review gives `{id}` {points} habits points; its maximum is {}",
                exercise.habits.max
            )));
        }
        exercise.review = Some(HumanReview {
            reviewer: review.reviewer.trim().to_owned(),
            habits: item.habits,
            grader_habits: exercise.review.as_ref().map_or(exercise.habits.points, |old| old.grader_habits),
            note: item.note.as_deref().map(str::trim).filter(|note| !note.is_empty()).map(str::to_owned),
        });
    }
    rescore(report, set, rubric);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_must_say_who_decided_and_record_something() {
        let ok = ReviewFile::parse("reviewer = \"Dana\"\n[exercises.\"senior-08-right-tool\"]\nhabits = 3\n", "r.toml");
        assert_eq!(ok.expect("parses").exercises["senior-08-right-tool"].habits, Some(3));
        let nobody = ReviewFile::parse("reviewer = \" \"\n", "r.toml").expect_err("refused");
        assert!(nobody.to_string().contains("reviewer"), "{nobody}");
        let empty =
            ReviewFile::parse("reviewer = \"Dana\"\n[exercises.\"x\"]\nnote = \"\"\n", "r.toml").expect_err("refused");
        assert!(empty.to_string().contains("records nothing"), "{empty}");
        assert!(ReviewFile::parse("reviewer = \"Dana\"\npoints = 3\n", "r.toml").is_err(), "unknown keys are refused");
    }
}
