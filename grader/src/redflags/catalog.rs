//! The red flags the grader knows: a stable id, the weak-answer habit it reveals (our own words),
//! the syntax findings and clippy lints that are evidence for it, and how many findings beyond the
//! reference solution's count it tolerates by default.

use super::syntax::Kind;

/// How a clippy lint bears on a red flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LintRole {
    /// The lint alone raises the flag (it names a real waste or bug: `redundant_clone`).
    Raises,
    /// The lint only adds places to a flag the counts raise (`unwrap_used` is fine in moderation).
    Evidence,
}

/// One red flag.
#[derive(Debug, Clone, Copy)]
pub struct FlagDef {
    pub id: &'static str,
    pub habit: &'static str,
    pub kinds: &'static [Kind],
    pub lints: &'static [(&'static str, LintRole)],
    /// Findings tolerated beyond the reference solution's count.
    pub allowance: usize,
    /// Checked on every exercise, whatever its metadata lists.
    pub universal: bool,
}

use LintRole::{Evidence, Raises};

/// Every red flag, by id.
pub const FLAGS: &[FlagDef] = &[
    FlagDef {
        id: "excess_clones",
        habit: "clones to get past the borrow checker instead of borrowing",
        kinds: &[Kind::Clone],
        lints: &[("clippy::redundant_clone", Raises), ("clippy::implicit_clone", Evidence)],
        allowance: 1,
        universal: false,
    },
    FlagDef {
        id: "owned_strings",
        habit: "takes or builds owned `String`s where a `&str` would do",
        kinds: &[Kind::ToString, Kind::OwnedParam],
        lints: &[("clippy::needless_pass_by_value", Raises), ("clippy::ptr_arg", Raises)],
        allowance: 1,
        universal: false,
    },
    FlagDef {
        id: "unwrap_everywhere",
        habit: "unwraps instead of handling the error or absence",
        kinds: &[Kind::Unwrap],
        lints: &[("clippy::unwrap_used", Evidence), ("clippy::expect_used", Evidence)],
        allowance: 0,
        universal: false,
    },
    FlagDef {
        id: "needless_collect",
        habit: "collects into intermediate collections instead of chaining iterators",
        kinds: &[Kind::Collect],
        lints: &[("clippy::needless_collect", Raises)],
        allowance: 0,
        universal: false,
    },
    FlagDef {
        id: "manual_rewrap",
        habit: "re-wraps errors by hand in nested matches instead of `?` and `From`",
        kinds: &[Kind::ManualRewrap],
        lints: &[("clippy::question_mark", Raises), ("clippy::map_err_ignore", Evidence)],
        allowance: 0,
        universal: false,
    },
    FlagDef {
        id: "wildcard_arm",
        habit: "a `_` arm swallows enum variants the compiler could check",
        kinds: &[Kind::WildcardArm],
        lints: &[("clippy::wildcard_enum_match_arm", Evidence)],
        allowance: 0,
        universal: false,
    },
    FlagDef {
        id: "fixed_array_buffer",
        habit: "a fixed-size array where the data needs to grow",
        kinds: &[Kind::FixedArray],
        lints: &[],
        allowance: 0,
        universal: false,
    },
    FlagDef {
        id: "rc_refcell_soup",
        habit: "rebuilds a garbage-collected object graph out of `Rc<RefCell<…>>`",
        kinds: &[Kind::RcRefCell],
        lints: &[("clippy::rc_mutex", Evidence)],
        allowance: 0,
        universal: false,
    },
    FlagDef {
        id: "refcell_overuse",
        habit: "more `RefCell` instead of restructuring the borrows",
        kinds: &[Kind::RefCell],
        lints: &[],
        allowance: 0,
        universal: false,
    },
    FlagDef {
        id: "unsafe_send_sync",
        habit: "`unsafe impl Send/Sync` to make the compiler accept shared state",
        kinds: &[Kind::UnsafeSendSync],
        lints: &[("clippy::non_send_fields_in_send_ty", Raises), ("clippy::arc_with_non_send_sync", Raises)],
        allowance: 0,
        universal: false,
    },
    FlagDef {
        id: "unsafe_to_silence_borrowck",
        habit: "reaches for `unsafe`, raw pointers or `transmute` instead of restructuring",
        kinds: &[Kind::UnsafeBlock, Kind::RawPointer, Kind::Transmute],
        lints: &[],
        allowance: 0,
        universal: false,
    },
    FlagDef {
        id: "unsafe_without_safety_comment",
        habit: "`unsafe` without a `// SAFETY:` comment stating the invariant it relies on",
        kinds: &[Kind::UnsafeWithoutSafety],
        lints: &[("clippy::undocumented_unsafe_blocks", Evidence)],
        allowance: 0,
        universal: true,
    },
    FlagDef {
        id: "blocking_in_async",
        habit: "blocks the executor inside async code (sleeping, file I/O, a lock held across `.await`)",
        kinds: &[Kind::BlockingInAsync],
        lints: &[("clippy::await_holding_lock", Raises)],
        allowance: 0,
        universal: false,
    },
    FlagDef {
        id: "stringly_errors",
        habit: "one stringly or boxed error type in a library API instead of an error enum",
        kinds: &[Kind::StringError, Kind::BoxedError],
        lints: &[],
        allowance: 0,
        universal: false,
    },
    FlagDef {
        id: "dyn_everywhere",
        habit: "trait objects in parameters where a generic would give static dispatch",
        kinds: &[Kind::DynParam, Kind::BoxDyn],
        lints: &[("clippy::boxed_local", Raises)],
        allowance: 0,
        universal: false,
    },
    FlagDef {
        id: "static_or_leaked",
        habit: "`'static` or `Box::leak` instead of reasoning about lifetimes",
        kinds: &[Kind::StaticLifetime, Kind::BoxLeak],
        lints: &[],
        allowance: 0,
        universal: false,
    },
    FlagDef {
        id: "copied_instead_of_depending",
        habit: "copies code from a local crate instead of declaring the dependency",
        kinds: &[],
        lints: &[],
        allowance: 0,
        universal: false,
    },
    FlagDef {
        id: "lint_silenced",
        habit: "silences the linter with `allow` attributes",
        kinds: &[Kind::LintSilenced],
        lints: &[],
        allowance: 0,
        universal: true,
    },
    FlagDef {
        id: "tests_modified",
        habit: "changed the exercise's own tests instead of the code (the grader used its copy)",
        kinds: &[],
        lints: &[],
        allowance: 0,
        universal: true,
    },
    FlagDef {
        id: "harness_tampering",
        habit:
            "tampers with the test harness (exits the process, replaces the allocator, reads the grader's variables)",
        kinds: &[Kind::HarnessTampering],
        lints: &[],
        allowance: 0,
        universal: true,
    },
];

/// Compiler codes that, when a submission still fails with them, show a concept not yet mastered.
pub const COMPILE_CODE_FLAGS: &[(&str, &str, &str)] = &[
    ("E0499", "borrow_conflict_unresolved", "cannot resolve two mutable borrows of one value"),
    ("E0502", "borrow_conflict_unresolved", "holds a shared and a mutable borrow at once"),
    ("E0382", "use_after_move_unresolved", "uses a value after moving it"),
    ("E0505", "use_after_move_unresolved", "moves a value while it is borrowed"),
    ("E0106", "lifetime_unresolved", "cannot say how long a returned reference lives"),
    ("E0515", "lifetime_unresolved", "returns a reference to a local value"),
    ("E0597", "lifetime_unresolved", "a borrowed value does not live long enough"),
    ("E0373", "closure_capture_unresolved", "a closure borrows what it must own (`move`)"),
    ("E0277", "trait_bound_unresolved", "a required trait (often `Send`/`Sync`) is not satisfied"),
];

/// The flag with this id.
pub fn flag(id: &str) -> Option<&'static FlagDef> {
    FLAGS.iter().find(|flag| flag.id == id)
}

/// Every clippy lint any flag uses, for the lint run.
pub fn all_lints() -> Vec<&'static str> {
    let mut lints: Vec<&'static str> = FLAGS.iter().flat_map(|flag| flag.lints.iter().map(|(lint, _)| *lint)).collect();
    lints.sort_unstable();
    lints.dedup();
    lints
}
