//! The default exercise set and rubric, embedded at build time by `build.rs`. The main items are
//! `EXERCISE_FILES` and [`DEFAULT_RUBRIC`].

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
