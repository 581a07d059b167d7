//! The intake step: reads what a candidate handed in, safely (no link followed, caps on sizes and
//! counts, nothing outside the exercise's editable files), and refuses source that would make the
//! compiler read files outside the crate. The main type is [`Submission`].

mod guard;
mod submission;

pub use guard::refusal;
pub use submission::{CandidateFiles, Submission, MANIFEST_FILE};
