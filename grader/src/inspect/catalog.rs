//! How the inspect step detects each red flag: the syntax findings and clippy lints that are
//! evidence for it, and how many findings beyond the reference solution's count it tolerates by
//! default. The vocabulary itself ([`FlagId`], the habit in words) is the exercise set's. The main
//! function is [`detection`].

use super::syntax::Kind;
use crate::exercise::FlagId;

/// How a clippy lint bears on a red flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LintRole {
    /// The lint alone raises the flag (it names a real waste or bug: `redundant_clone`).
    Raises,
    /// The lint only adds places to a flag the counts raise (`unwrap_used` is fine in moderation).
    Evidence,
}

/// What shows one red flag.
#[derive(Debug, Clone, Copy)]
pub struct Detection {
    pub kinds: &'static [Kind],
    pub lints: &'static [(&'static str, LintRole)],
    /// Findings tolerated beyond the reference solution's count.
    pub allowance: usize,
}

use LintRole::{Evidence, Raises};

/// How `flag` is detected. Flags raised from the compiler's codes have no detection of their own.
pub fn detection(flag: FlagId) -> Detection {
    match flag {
        FlagId::ExcessClones => Detection {
            kinds: &[Kind::Clone],
            lints: &[("clippy::redundant_clone", Raises), ("clippy::implicit_clone", Evidence)],
            allowance: 1,
        },
        FlagId::OwnedStrings => Detection {
            kinds: &[Kind::ToString, Kind::OwnedParam],
            lints: &[("clippy::needless_pass_by_value", Raises), ("clippy::ptr_arg", Raises)],
            allowance: 1,
        },
        FlagId::UnwrapEverywhere => Detection {
            kinds: &[Kind::Unwrap],
            lints: &[("clippy::unwrap_used", Evidence), ("clippy::expect_used", Evidence)],
            allowance: 0,
        },
        FlagId::NeedlessCollect => {
            Detection { kinds: &[Kind::Collect], lints: &[("clippy::needless_collect", Raises)], allowance: 0 }
        }
        FlagId::ManualRewrap => Detection {
            kinds: &[Kind::ManualRewrap],
            lints: &[("clippy::question_mark", Raises), ("clippy::map_err_ignore", Evidence)],
            allowance: 0,
        },
        FlagId::WildcardArm => Detection {
            kinds: &[Kind::WildcardArm],
            lints: &[("clippy::wildcard_enum_match_arm", Evidence)],
            allowance: 0,
        },
        FlagId::FixedArrayBuffer => Detection { kinds: &[Kind::FixedArray], lints: &[], allowance: 0 },
        FlagId::RcRefcellSoup => {
            Detection { kinds: &[Kind::RcRefCell], lints: &[("clippy::rc_mutex", Evidence)], allowance: 0 }
        }
        FlagId::RefcellOveruse => Detection { kinds: &[Kind::RefCell], lints: &[], allowance: 0 },
        FlagId::UnsafeSendSync => Detection {
            kinds: &[Kind::UnsafeSendSync],
            lints: &[("clippy::non_send_fields_in_send_ty", Raises), ("clippy::arc_with_non_send_sync", Raises)],
            allowance: 0,
        },
        FlagId::UnsafeToSilenceBorrowck => {
            Detection { kinds: &[Kind::UnsafeBlock, Kind::RawPointer, Kind::Transmute], lints: &[], allowance: 0 }
        }
        FlagId::UnsafeWithoutSafetyComment => Detection {
            kinds: &[Kind::UnsafeWithoutSafety],
            lints: &[("clippy::undocumented_unsafe_blocks", Evidence)],
            allowance: 0,
        },
        FlagId::BlockingInAsync => Detection {
            kinds: &[Kind::BlockingInAsync],
            lints: &[("clippy::await_holding_lock", Raises)],
            allowance: 0,
        },
        FlagId::StringlyErrors => Detection { kinds: &[Kind::StringError, Kind::BoxedError], lints: &[], allowance: 0 },
        FlagId::DynEverywhere => Detection {
            kinds: &[Kind::DynParam, Kind::BoxDyn],
            lints: &[("clippy::boxed_local", Raises)],
            allowance: 0,
        },
        FlagId::StaticOrLeaked => Detection { kinds: &[Kind::StaticLifetime, Kind::BoxLeak], lints: &[], allowance: 0 },
        FlagId::CopiedInsteadOfDepending => Detection { kinds: &[], lints: &[], allowance: 0 },
        FlagId::LintSilenced => Detection { kinds: &[Kind::LintSilenced], lints: &[], allowance: 0 },
        FlagId::TestsModified => Detection { kinds: &[], lints: &[], allowance: 0 },
        FlagId::HarnessTampering => Detection { kinds: &[Kind::HarnessTampering], lints: &[], allowance: 0 },
        FlagId::BorrowConflictUnresolved
        | FlagId::UseAfterMoveUnresolved
        | FlagId::LifetimeUnresolved
        | FlagId::ClosureCaptureUnresolved
        | FlagId::TraitBoundUnresolved => Detection { kinds: &[], lints: &[], allowance: 0 },
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
