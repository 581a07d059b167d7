//! How the inspect step detects each red flag: the syntax findings ([`Kind`]) and judged sites
//! ([`SiteKind`]) that are evidence for it, and the clippy lints that raise it or add places. The
//! vocabulary itself ([`FlagId`], the habit in words) is the exercise set's; probes of behaviour
//! (allocation budgets, compile probes, exhaustiveness probes) name their flag in the exercise's
//! metadata. The main function is [`detection`].

use super::flow::SiteKind;
use super::syntax::Kind;
use crate::exercise::FlagId;

/// How a clippy lint bears on a red flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LintRole {
    /// The lint alone raises the flag (it names a real waste or bug: `redundant_clone`).
    Raises,
    /// The lint only adds places to a flag raised otherwise.
    Evidence,
}

/// What shows one red flag.
#[derive(Debug, Clone, Copy)]
pub struct Detection {
    /// Syntax findings that each show the flag (unless the reference solution has the same one).
    pub kinds: &'static [Kind],
    /// Judged sites that show the flag when judged needless.
    pub sites: &'static [SiteKind],
    pub lints: &'static [(&'static str, LintRole)],
    /// The findings show the flag only beyond the reference solution's number of them (the
    /// `RefCell`s a design needs are the reference's; more are the habit).
    pub beyond_reference: bool,
}

use LintRole::{Evidence, Raises};

const NONE: Detection = Detection { kinds: &[], sites: &[], lints: &[], beyond_reference: false };

/// How `flag` is detected. Flags raised only from compiler codes, probes or special rules have an
/// empty detection.
pub fn detection(flag: FlagId) -> Detection {
    match flag {
        FlagId::ExcessClones => Detection {
            sites: &[SiteKind::Copy, SiteKind::StringCopy],
            lints: &[
                ("clippy::redundant_clone", Raises),
                ("clippy::clone_on_copy", Raises),
                ("clippy::implicit_clone", Evidence),
            ],
            ..NONE
        },
        FlagId::OwnedStrings => Detection {
            sites: &[SiteKind::StringCopy, SiteKind::OwnedParam, SiteKind::Alloc],
            lints: &[("clippy::needless_pass_by_value", Evidence), ("clippy::ptr_arg", Evidence)],
            ..NONE
        },
        FlagId::UnwrapEverywhere => Detection {
            kinds: &[Kind::Panic],
            lints: &[("clippy::unwrap_used", Evidence), ("clippy::expect_used", Evidence)],
            ..NONE
        },
        FlagId::NeedlessCollect => {
            Detection { sites: &[SiteKind::Collect], lints: &[("clippy::needless_collect", Evidence)], ..NONE }
        }
        FlagId::ManualRewrap => Detection {
            kinds: &[
                Kind::ManualRewrap,
                Kind::ManualMapErr,
                Kind::IdentityMatch,
                Kind::MessageDispatch,
                Kind::NestedOkOr,
            ],
            lints: &[
                ("clippy::question_mark", Raises),
                ("clippy::map_err_ignore", Evidence),
                ("clippy::needless_match", Evidence),
            ],
            ..NONE
        },
        FlagId::WildcardArm => Detection {
            kinds: &[Kind::WildcardArm, Kind::CatchAllBinding, Kind::FallbackChain],
            lints: &[("clippy::wildcard_enum_match_arm", Evidence)],
            ..NONE
        },
        FlagId::FixedArrayBuffer => Detection { kinds: &[Kind::FixedArray, Kind::PresizedVec], ..NONE },
        FlagId::RcRefcellSoup => {
            Detection { kinds: &[Kind::RcRefCell], lints: &[("clippy::rc_mutex", Evidence)], ..NONE }
        }
        FlagId::RefcellOveruse => {
            Detection { kinds: &[Kind::RefCell, Kind::NeedlessCell, Kind::TryBorrow], beyond_reference: true, ..NONE }
        }
        FlagId::UnsafeSendSync => Detection {
            kinds: &[Kind::UnsafeSendSync],
            lints: &[("clippy::non_send_fields_in_send_ty", Raises), ("clippy::arc_with_non_send_sync", Raises)],
            ..NONE
        },
        FlagId::UnsafeToSilenceBorrowck => {
            Detection { kinds: &[Kind::PointerCast, Kind::Transmute, Kind::UnboundLifetime], ..NONE }
        }
        FlagId::UnsafeWithoutSafetyComment => Detection {
            kinds: &[Kind::UnsafeWithoutSafety],
            lints: &[("clippy::undocumented_unsafe_blocks", Evidence)],
            ..NONE
        },
        FlagId::BlockingInAsync => {
            Detection { kinds: &[Kind::BlockingInAsync], lints: &[("clippy::await_holding_lock", Raises)], ..NONE }
        }
        FlagId::StringlyErrors => Detection { kinds: &[Kind::StringError, Kind::BoxedError], ..NONE },
        FlagId::DynEverywhere => Detection {
            kinds: &[Kind::DynParam, Kind::BoxDyn, Kind::ErasedGeneric],
            lints: &[("clippy::boxed_local", Raises)],
            ..NONE
        },
        FlagId::StaticOrLeaked => Detection { kinds: &[Kind::StaticLifetime, Kind::BoxLeak], ..NONE },
        FlagId::LintSilenced => Detection { kinds: &[Kind::LintSilenced], ..NONE },
        FlagId::HarnessTampering => Detection { kinds: &[Kind::HarnessTampering], ..NONE },
        FlagId::CopiedInsteadOfDepending
        | FlagId::TestsModified
        | FlagId::ConcreteTypes
        | FlagId::LeakyApi
        | FlagId::AbsoluteClaim
        | FlagId::BorrowConflictUnresolved
        | FlagId::UseAfterMoveUnresolved
        | FlagId::LifetimeUnresolved
        | FlagId::ClosureCaptureUnresolved
        | FlagId::TraitBoundUnresolved => NONE,
    }
}

/// Every clippy lint any flag uses, for the lint run.
pub fn all_lints() -> Vec<&'static str> {
    let mut lints: Vec<&'static str> =
        FlagId::ALL.iter().flat_map(|flag| detection(*flag).lints.iter().map(|(lint, _)| *lint)).collect();
    lints.sort_unstable();
    lints.dedup();
    lints
}
