//! The stage step: writes a submission into a private temporary Cargo workspace, one crate per
//! exercise from the grader's own manifest and the candidate's editable files, with most
//! exercises' tests in a few combined test crates. [`layout`] is the naming contract the build and
//! run steps read. The main type is [`StagedWorkspace`].

mod candidate;
mod combined;
mod inline;
pub mod layout;
mod manifest;
mod schema;
mod variant;
mod witness;
mod workspace;

pub use candidate::{StagedCandidateTests, StagedChaff};
pub use layout::SourceOrigin;
pub use schema::{schema, Schema, CHAFF_VAR};
pub use variant::{VariantCrate, PROBE_VARIANT};
pub use witness::{WITNESS_MODULE, WITNESS_SOURCE};
pub use workspace::{stage, StagedExercise, StagedWorkspace};
