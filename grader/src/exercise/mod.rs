//! The exercise set: what an exercise is (metadata, statement, starter, reference solution,
//! hidden tests, weak solutions), the checks each one scores, and the red-flag vocabulary. Loaded
//! from a folder or from the copy embedded in the binary. The main type is [`ExerciseSet`].

mod chaff;
mod embedded;
mod flags;
mod glob;
mod inventory;
mod meta;
mod set;

pub use chaff::{Chaff, ChaffOrigin};
pub use embedded::DEFAULT_RUBRIC;
pub use flags::{FlagId, COMPILE_CODE_FLAGS};
pub use inventory::{tests_in_file, TestCase, TestKind, WRITTEN_DECISION_CHECK, WRITTEN_LENGTH_CHECK};
pub use meta::{
    Budget, CalibrationKind, CalibrationMeta, CompileFailCheck, Concept, ExerciseMeta, Interview, Level, Planted,
    Probe, ProbeExpectation, Question, RedFlagRule, StarterExpectation, VariantProbe, Workload, Written,
};
pub use set::{exercises_digest, Calibration, Exercise, ExerciseSet};
