//! The red-flag vocabulary: every habit of a weak answer the grader can name, as one typed id
//! ([`FlagId`]) shared by exercise metadata, rubrics, the inspect step and reports. How each flag
//! is detected lives with the inspect step (`inspect::catalog`); what it costs, in the rubric.
//! The main type is [`FlagId`].

use std::fmt;

use serde::{Deserialize, Serialize};

/// One red flag. The snake_case name (`excess_clones`) is what metadata, rubrics and reports use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagId {
    ExcessClones,
    OwnedStrings,
    UnwrapEverywhere,
    NeedlessCollect,
    ManualRewrap,
    WildcardArm,
    FixedArrayBuffer,
    RcRefcellSoup,
    RefcellOveruse,
    UnsafeSendSync,
    UnsafeToSilenceBorrowck,
    UnsafeWithoutSafetyComment,
    BlockingInAsync,
    StringlyErrors,
    DynEverywhere,
    StaticOrLeaked,
    CopiedInsteadOfDepending,
    LintSilenced,
    TestsModified,
    HarnessTampering,
    ConcreteTypes,
    LeakyApi,
    AbsoluteClaim,
    BorrowConflictUnresolved,
    UseAfterMoveUnresolved,
    LifetimeUnresolved,
    ClosureCaptureUnresolved,
    TraitBoundUnresolved,
}

impl FlagId {
    /// Every flag, in catalog order.
    pub const ALL: [FlagId; 28] = [
        FlagId::ExcessClones,
        FlagId::OwnedStrings,
        FlagId::UnwrapEverywhere,
        FlagId::NeedlessCollect,
        FlagId::ManualRewrap,
        FlagId::WildcardArm,
        FlagId::FixedArrayBuffer,
        FlagId::RcRefcellSoup,
        FlagId::RefcellOveruse,
        FlagId::UnsafeSendSync,
        FlagId::UnsafeToSilenceBorrowck,
        FlagId::UnsafeWithoutSafetyComment,
        FlagId::BlockingInAsync,
        FlagId::StringlyErrors,
        FlagId::DynEverywhere,
        FlagId::StaticOrLeaked,
        FlagId::CopiedInsteadOfDepending,
        FlagId::LintSilenced,
        FlagId::TestsModified,
        FlagId::HarnessTampering,
        FlagId::ConcreteTypes,
        FlagId::LeakyApi,
        FlagId::AbsoluteClaim,
        FlagId::BorrowConflictUnresolved,
        FlagId::UseAfterMoveUnresolved,
        FlagId::LifetimeUnresolved,
        FlagId::ClosureCaptureUnresolved,
        FlagId::TraitBoundUnresolved,
    ];

    /// The id as metadata, rubrics and reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            FlagId::ExcessClones => "excess_clones",
            FlagId::OwnedStrings => "owned_strings",
            FlagId::UnwrapEverywhere => "unwrap_everywhere",
            FlagId::NeedlessCollect => "needless_collect",
            FlagId::ManualRewrap => "manual_rewrap",
            FlagId::WildcardArm => "wildcard_arm",
            FlagId::FixedArrayBuffer => "fixed_array_buffer",
            FlagId::RcRefcellSoup => "rc_refcell_soup",
            FlagId::RefcellOveruse => "refcell_overuse",
            FlagId::UnsafeSendSync => "unsafe_send_sync",
            FlagId::UnsafeToSilenceBorrowck => "unsafe_to_silence_borrowck",
            FlagId::UnsafeWithoutSafetyComment => "unsafe_without_safety_comment",
            FlagId::BlockingInAsync => "blocking_in_async",
            FlagId::StringlyErrors => "stringly_errors",
            FlagId::DynEverywhere => "dyn_everywhere",
            FlagId::StaticOrLeaked => "static_or_leaked",
            FlagId::CopiedInsteadOfDepending => "copied_instead_of_depending",
            FlagId::LintSilenced => "lint_silenced",
            FlagId::TestsModified => "tests_modified",
            FlagId::HarnessTampering => "harness_tampering",
            FlagId::ConcreteTypes => "concrete_types",
            FlagId::LeakyApi => "leaky_api",
            FlagId::AbsoluteClaim => "absolute_claim",
            FlagId::BorrowConflictUnresolved => "borrow_conflict_unresolved",
            FlagId::UseAfterMoveUnresolved => "use_after_move_unresolved",
            FlagId::LifetimeUnresolved => "lifetime_unresolved",
            FlagId::ClosureCaptureUnresolved => "closure_capture_unresolved",
            FlagId::TraitBoundUnresolved => "trait_bound_unresolved",
        }
    }

    /// The flag named `id`, if the grader knows it.
    pub fn parse(id: &str) -> Option<FlagId> {
        FlagId::ALL.into_iter().find(|flag| flag.as_str() == id)
    }

    /// The habit of a weak answer this flag names, in plain words.
    pub fn habit(self) -> &'static str {
        match self {
            FlagId::ExcessClones => "clones to get past the borrow checker instead of borrowing",
            FlagId::OwnedStrings => "takes or builds owned `String`s where a `&str` would do",
            FlagId::UnwrapEverywhere => "unwraps instead of handling the error or absence",
            FlagId::NeedlessCollect => "collects into intermediate collections instead of chaining iterators",
            FlagId::ManualRewrap => "re-wraps errors by hand in nested matches instead of `?` and `From`",
            FlagId::WildcardArm => "a `_` arm swallows enum variants the compiler could check",
            FlagId::FixedArrayBuffer => "a fixed-size array where the data needs to grow",
            FlagId::RcRefcellSoup => "rebuilds a garbage-collected object graph out of `Rc<RefCell<…>>`",
            FlagId::RefcellOveruse => "more `RefCell` instead of restructuring the borrows",
            FlagId::UnsafeSendSync => "`unsafe impl Send/Sync` to make the compiler accept shared state",
            FlagId::UnsafeToSilenceBorrowck => {
                "reaches for `unsafe`, raw pointers or `transmute` instead of restructuring"
            }
            FlagId::UnsafeWithoutSafetyComment => {
                "`unsafe` without a `// SAFETY:` comment stating the invariant it relies on"
            }
            FlagId::BlockingInAsync => {
                "blocks the executor inside async code (sleeping, file I/O, a lock held across `.await`)"
            }
            FlagId::StringlyErrors => "one stringly or boxed error type in a library API instead of an error enum",
            FlagId::DynEverywhere => "trait objects in parameters where a generic would give static dispatch",
            FlagId::StaticOrLeaked => "`'static` or `Box::leak` instead of reasoning about lifetimes",
            FlagId::CopiedInsteadOfDepending => "copies code from a local crate instead of declaring the dependency",
            FlagId::LintSilenced => "silences the linter with `allow` attributes",
            FlagId::TestsModified => {
                "changed the exercise's own tests instead of the code (the grader used its copy)"
            }
            FlagId::HarnessTampering => {
                "tampers with the test harness (exits the process, replaces the allocator, reads the grader's variables)"
            }
            FlagId::ConcreteTypes => "ties its functions to concrete types where a trait bound would abstract the behaviour",
            FlagId::LeakyApi => {
                "a leaky API: callers can build invalid values through public fields, or must clone or unwrap"
            }
            FlagId::AbsoluteClaim => {
                "presents one tool as the answer to every workload, with no real cost (an absolute claim)"
            }
            FlagId::BorrowConflictUnresolved => "cannot resolve two conflicting borrows of one value",
            FlagId::UseAfterMoveUnresolved => "uses a value after moving it",
            FlagId::LifetimeUnresolved => "cannot say how long a reference lives",
            FlagId::ClosureCaptureUnresolved => "a closure borrows what it must own (`move`)",
            FlagId::TraitBoundUnresolved => "a required trait (often `Send`/`Sync`) is not satisfied",
        }
    }

    /// Whether the flag is checked on every exercise, whatever its metadata lists: the habits any
    /// reviewer objects to (needless copies and collections, panics on the caller's input,
    /// undocumented `unsafe`, silenced lints, tampering). `unsafe_to_silence_borrowck` is also
    /// checked on every exercise whose reference solution needs no `unsafe` at all.
    pub fn universal(self) -> bool {
        matches!(
            self,
            FlagId::ExcessClones
                | FlagId::OwnedStrings
                | FlagId::NeedlessCollect
                | FlagId::UnwrapEverywhere
                | FlagId::UnsafeWithoutSafetyComment
                | FlagId::LintSilenced
                | FlagId::TestsModified
                | FlagId::HarnessTampering
        )
    }

    /// Whether the flag explains a build that still fails (raised from rustc's error codes).
    pub fn from_compiler(self) -> bool {
        COMPILE_CODE_FLAGS.iter().any(|(_, flag, _)| *flag == self)
    }
}

impl fmt::Display for FlagId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// rustc error codes that, when a submission still fails with them, show a concept not yet
/// mastered: `(code, flag, what it means)`.
pub const COMPILE_CODE_FLAGS: &[(&str, FlagId, &str)] = &[
    ("E0499", FlagId::BorrowConflictUnresolved, "cannot resolve two mutable borrows of one value"),
    ("E0502", FlagId::BorrowConflictUnresolved, "holds a shared and a mutable borrow at once"),
    ("E0382", FlagId::UseAfterMoveUnresolved, "uses a value after moving it"),
    ("E0505", FlagId::UseAfterMoveUnresolved, "moves a value while it is borrowed"),
    ("E0106", FlagId::LifetimeUnresolved, "cannot say how long a returned reference lives"),
    ("E0515", FlagId::LifetimeUnresolved, "returns a reference to a local value"),
    ("E0597", FlagId::LifetimeUnresolved, "a borrowed value does not live long enough"),
    ("E0373", FlagId::ClosureCaptureUnresolved, "a closure borrows what it must own (`move`)"),
    ("E0277", FlagId::TraitBoundUnresolved, "a required trait (often `Send`/`Sync`) is not satisfied"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_round_trips_through_its_name_and_serde() {
        for flag in FlagId::ALL {
            assert_eq!(FlagId::parse(flag.as_str()), Some(flag));
            let json = serde_json::to_string(&flag).expect("serializes");
            assert_eq!(json, format!("\"{}\"", flag.as_str()));
            assert!(!flag.habit().is_empty());
        }
        assert_eq!(FlagId::parse("no_such_flag"), None);
    }
}
