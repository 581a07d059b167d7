//! The score step: the rubric ([`Rubric`], points per outcome, penalties, verdict thresholds)
//! applied once to each exercise's outcome, then totals per level, verdicts and the estimated
//! level. Stored reports are rescored the same way, without a toolchain. The main type is
//! [`Rubric`].

mod points;
mod review;
mod rubric;

pub use points::{rescore, rescore_exercise, score_exercise, totals, ExerciseOutcome};
pub use review::{apply_review, ExerciseReview, ReviewFile};
pub use rubric::{ExerciseOverride, Points, RedFlagPenalties, Rubric, Verdicts};
