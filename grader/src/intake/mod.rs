//! The intake step: reads what a candidate handed in (a folder, a `.zip`, a `.tar.gz`, a git
//! repository's `HEAD`; `handin.rs` tells which and where its exercise folders are), safely (no
//! link followed, archives read into memory within caps, caps on sizes and counts, nothing
//! outside the exercise's editable files), and refuses source that would make the compiler read
//! files outside the crate. The main type is [`Submission`].

pub mod archive;
pub mod git;
mod guard;
pub mod handin;
mod submission;

pub use guard::refusal;
pub use handin::HandIn;
pub use submission::{CandidateFiles, Submission, MANIFEST_FILE};
