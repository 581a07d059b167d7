//! The inspect step: the habits of weak answers a submission shows (red flags), each with every
//! place that shows it. Syntax checks ([`syntax`]) and clippy lints (run inside the build) are
//! mapped to flags by [`catalog`]; findings carry no penalty, the score step applies the rubric.
//! A new red flag goes in `exercise::FlagId` (its name and habit) and here (how it is detected).
//! The main function is [`inspect`].

pub mod catalog;
mod flags;
pub mod flow;
pub mod syntax;

pub use flags::{inspect, Evidence, Inspection, RaisedFlag, Scan};
