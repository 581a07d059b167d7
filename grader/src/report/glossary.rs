//! Plain words for the terms a report shows: every red-flag id ([`FlagId`]) and the rustc error
//! codes the exercises commonly produce, each as one line a hiring manager can read plus a few
//! lines more. `grader explain <id|code>` prints them; the interview guide quotes the one-line
//! summary next to every id and code it shows. The main type is [`Explanation`].

use crate::exercise::FlagId;

/// One term in plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explanation {
    /// The id or code as reports write it (`excess_clones`, `E0499`).
    pub term: &'static str,
    /// One line, for a reader who does not write Rust.
    pub summary: &'static str,
    /// Two to four lines more: why it matters, what a good answer does instead.
    pub details: &'static [&'static str],
}

/// The explanation of `term`: a flag id, or a rustc code in any letter case (`e0499`).
pub fn explain(term: &str) -> Option<Explanation> {
    let term = term.trim();
    if let Some(flag) = FlagId::parse(term) {
        return Some(flag_explanation(flag));
    }
    RUSTC_CODES.iter().find(|entry| entry.term.eq_ignore_ascii_case(term)).copied()
}

/// Every term [`explain`] knows: the flag ids in catalog order, then the rustc codes in order.
pub fn known_terms() -> Vec<&'static str> {
    FlagId::ALL.iter().map(|flag| flag.as_str()).chain(RUSTC_CODES.iter().map(|entry| entry.term)).collect()
}

/// The one-line summary of `term`, if it is known.
pub fn summary(term: &str) -> Option<&'static str> {
    explain(term).map(|explanation| explanation.summary)
}

/// The explanation of a red flag. A `match`, so a new [`FlagId`] cannot be added without one.
fn flag_explanation(flag: FlagId) -> Explanation {
    let (summary, details): (&'static str, &'static [&'static str]) = match flag {
        FlagId::ExcessClones => (
            "copies data just to get past the compiler's borrowing rules, instead of borrowing it",
            &[
                "Rust checks at compile time who may read or change a value; a beginner's way out of its errors is to copy the value.",
                "Each copy costs memory and time, and hides a design the compiler was pointing at.",
                "A good answer borrows (`&`, `&mut`) or restructures the code so no copy is needed.",
            ],
        ),
        FlagId::OwnedStrings => (
            "asks for or builds its own copy of text where reading the caller's text would do",
            &[
                "`String` owns its text; `&str` borrows someone else's. A function that only reads text should take `&str`.",
                "Taking `String` forces every caller to copy or give up their text.",
            ],
        ),
        FlagId::UnwrapEverywhere => (
            "crashes the program on bad input or a missing value instead of handling it",
            &[
                "`unwrap()` and `expect()` stop the whole program when a value is missing or an operation failed.",
                "Library code should return the error to its caller (`Result`, `Option`, `?`) and let it decide.",
                "A single `expect` whose message states why it cannot fail is fine; the habit is using them everywhere.",
            ],
        ),
        FlagId::NeedlessCollect => (
            "stores intermediate results in throwaway lists instead of processing items one by one",
            &[
                "Rust iterators chain steps (filter, map, sum) without storing anything in between.",
                "Collecting into a new vector after each step allocates memory the next step reads once and drops.",
            ],
        ),
        FlagId::ManualRewrap => (
            "converts every error by hand in nested matches instead of letting `?` do it",
            &[
                "The `?` operator returns an error to the caller and converts it through a `From` implementation.",
                "Re-wrapping by hand is longer, easy to get wrong, and often loses the original cause.",
            ],
        ),
        FlagId::WildcardArm => (
            "a catch-all case hides kinds of value the compiler could otherwise check one by one",
            &[
                "A `match` that names every variant of an enum fails to compile when a new variant is added, pointing at each place to update.",
                "A `_ =>` arm (or an if/else chain) silently sends the new variant down an old path.",
            ],
        ),
        FlagId::FixedArrayBuffer => (
            "keeps growing data in a fixed-size array, so it breaks when the data outgrows a guess",
            &[
                "An array `[T; N]` has a size fixed when the code is compiled; a `Vec<T>` grows as needed.",
                "Arrays fit data whose size is known in advance (the days of a week), not user-driven data.",
            ],
        ),
        FlagId::RcRefcellSoup => (
            "rebuilds a web of shared, mutable objects (as in Java or Python) out of `Rc<RefCell<…>>`",
            &[
                "`Rc<RefCell<T>>` turns the compiler's ownership checks into run-time checks that can panic, and cycles leak memory.",
                "Idiomatic Rust gives data one owner, e.g. all nodes in one vector (an arena) linked by indices.",
            ],
        ),
        FlagId::RefcellOveruse => (
            "adds more run-time-checked mutability (`RefCell`) instead of restructuring who changes what",
            &[
                "`RefCell` moves the borrowing rules from compile time to run time: a conflict becomes a crash.",
                "It has its uses; piling more of it on to silence conflicts is the habit.",
            ],
        ),
        FlagId::UnsafeSendSync => (
            "tells the compiler, with `unsafe`, that a type is safe to share between threads when it is not proven",
            &[
                "`Send` and `Sync` are the compiler's guarantee against data races; `unsafe impl` overrides it by hand.",
                "Used to silence an error, it turns a compile error into rare, hard-to-reproduce corruption.",
                "A good answer uses thread-safe building blocks (`Arc`, `Mutex`, atomics) instead.",
            ],
        ),
        FlagId::UnsafeToSilenceBorrowck => (
            "uses `unsafe` code (raw pointers, `transmute`) to get around the compiler instead of fixing the design",
            &[
                "`unsafe` switches off some of the compiler's checks; correctness then rests on the author alone.",
                "Reaching for it to escape a borrowing error usually means the design needed rethinking.",
            ],
        ),
        FlagId::UnsafeWithoutSafetyComment => (
            "uses `unsafe` without writing down why it is correct",
            &[
                "Every `unsafe` block relies on a promise the compiler cannot check.",
                "Rust convention is a `// SAFETY:` comment stating that promise, so reviewers can check it.",
            ],
        ),
        FlagId::BlockingInAsync => (
            "makes async code wait in a way that freezes every other task running alongside it",
            &[
                "Async tasks share a few threads and must give control back while they wait (`.await`).",
                "Sleeping, blocking file I/O or holding a lock across `.await` stalls all the other tasks.",
            ],
        ),
        FlagId::StringlyErrors => (
            "reports errors as plain text, so callers cannot tell one failure from another",
            &[
                "A library should return an error type (usually an enum) that callers can match on and inspect.",
                "A `String` or a boxed error loses the cause and forces callers to parse messages.",
            ],
        ),
        FlagId::DynEverywhere => (
            "uses run-time dispatch (trait objects) where a compile-time generic would be simpler and faster",
            &[
                "`dyn Trait` picks the method at run time through a pointer; a generic is specialised at compile time.",
                "Both have their place; trait objects in every parameter usually mean the trade-off was not considered.",
            ],
        ),
        FlagId::StaticOrLeaked => (
            "makes data live forever (`'static`, leaked memory) instead of working out how long it must live",
            &[
                "Lifetimes say how long a borrowed value stays valid.",
                "Demanding `'static` or calling `Box::leak` silences the compiler at the cost of memory that is never freed.",
            ],
        ),
        FlagId::CopiedInsteadOfDepending => (
            "pastes another crate's code instead of declaring it as a dependency",
            &[
                "Cargo lets one crate depend on another, with optional features.",
                "A pasted copy stops receiving the other team's fixes and drifts apart from it.",
            ],
        ),
        FlagId::LintSilenced => (
            "switches off the code checker's warnings instead of fixing what they point at",
            &[
                "Clippy, Rust's linter, flags code that is likely wrong or needlessly slow.",
                "An `#[allow(...)]` attribute hides its warning; a justified one says why, the habit is hiding them.",
            ],
        ),
        FlagId::TestsModified => (
            "changed the exercise's own tests instead of the code (the grader used its own copy)",
            &[
                "The task says the tests are not to be changed; the grader always runs its own copy of them.",
                "Worth asking what made the candidate change them.",
            ],
        ),
        FlagId::HarnessTampering => (
            "interferes with how the tests are run (exits the process, replaces the memory allocator, reads the grader's settings)",
            &[
                "Code that works against the test harness cannot be graded on its merits; the exercise is forfeited.",
                "Ask about it directly: it may be a misunderstanding, or an attempt to game the tests.",
            ],
        ),
        FlagId::ConcreteTypes => (
            "ties a function to one specific type where a trait would let it work for every suitable type",
            &[
                "A trait describes a behaviour; a function generic over it works for any type with that behaviour.",
                "Hard-coding one type makes every new type a change to the function.",
            ],
        ),
        FlagId::LeakyApi => (
            "its API lets callers create invalid values, or forces them to clone or unwrap",
            &[
                "Good Rust APIs make misuse a compile error: private fields, constructors that validate, types per state.",
                "An API that trusts callers moves its checks into every caller, where they get forgotten.",
            ],
        ),
        FlagId::AbsoluteClaim => (
            "presents one tool as the answer to every problem, without naming what it costs",
            &[
                "A good decision names the trade-offs for each workload: team skills, delivery time, run-time needs.",
                "Recommending the same tool everywhere, with no downside, suggests the trade-off was not weighed.",
            ],
        ),
        FlagId::BorrowConflictUnresolved => (
            "the code still does not compile: two parts of it want to change (or read and change) one value at once",
            &[
                "Rust allows either one writer or any number of readers of a value at a time, checked at compile time.",
                "The candidate did not find a way to restructure the code around that rule.",
            ],
        ),
        FlagId::UseAfterMoveUnresolved => (
            "the code still does not compile: it uses a value after handing it over to something else",
            &[
                "In Rust, passing a value by value moves it: the old name can no longer be used.",
                "The fix is to borrow instead of moving, or to restructure who owns the value.",
            ],
        ),
        FlagId::LifetimeUnresolved => (
            "the code still does not compile: the compiler cannot tell how long a reference stays valid",
            &[
                "A reference must never outlive the data it points into; lifetimes are how the code says which data that is.",
                "The candidate did not work out which input a returned reference borrows from.",
            ],
        ),
        FlagId::ClosureCaptureUnresolved => (
            "the code still does not compile: a closure borrows something it needs to own (`move`)",
            &[
                "A closure given to a thread may outlive the function that made it, so it must own what it uses.",
                "The `move` keyword makes the closure take ownership.",
            ],
        ),
        FlagId::TraitBoundUnresolved => (
            "the code still does not compile: a type lacks an ability the code needs (often being safe to send between threads)",
            &[
                "Traits describe abilities; the compiler refuses a type that lacks a required one.",
                "With threads it is usually `Send`/`Sync`: e.g. `Rc` cannot cross threads where `Arc` can.",
            ],
        ),
    };
    Explanation { term: flag.as_str(), summary, details }
}

/// The rustc error codes the exercises commonly produce, in plain words.
const RUSTC_CODES: &[Explanation] = &[
    Explanation {
        term: "E0004",
        summary: "a `match` does not handle every possible case",
        details: &[
            "Rust requires a `match` to cover every variant of an enum.",
            "This is the error a good design wants when a new variant is added: it points at every place to update.",
        ],
    },
    Explanation {
        term: "E0106",
        summary: "a returned reference does not say which input it borrows from (a missing lifetime)",
        details: &[
            "When a function returns a reference, the compiler must know which argument it points into.",
            "The fix is a lifetime annotation (`'a`) tying the result to the right input, or returning an owned value.",
        ],
    },
    Explanation {
        term: "E0277",
        summary: "a type lacks an ability the code requires, often the ability to be shared between threads",
        details: &[
            "Traits are abilities such as `Send` (may move to another thread) or `Display` (may be printed).",
            "A classic case is sharing an `Rc` with a thread, which needs `Arc` instead.",
        ],
    },
    Explanation {
        term: "E0308",
        summary: "a value of the wrong type is used (mismatched types)",
        details: &[
            "The compiler expected one type and found another, e.g. a `String` where `&str` was expected.",
            "Usually fixed by borrowing, converting or changing a signature.",
        ],
    },
    Explanation {
        term: "E0310",
        summary: "a generic type may hold short-lived references where something that lives for the whole program is required",
        details: &[
            "Storing a value of a generic type in, say, a `Box<dyn Trait>` needs it to hold no short-lived borrows (`'static`).",
            "The fix is a `T: 'static` bound, or a design that does not store the value.",
        ],
    },
    Explanation {
        term: "E0373",
        summary: "a closure (often one given to a thread) borrows a value that may not live long enough; it should own it (`move`)",
        details: &[
            "A thread may outlive the function that started it, so its closure must own what it uses.",
            "Adding `move` hands ownership to the closure.",
        ],
    },
    Explanation {
        term: "E0382",
        summary: "a value is used after it was moved (handed over) somewhere else",
        details: &[
            "Passing a value by value moves it; the old variable can no longer be used.",
            "The fix is to borrow (`&`) instead, or to restructure; cloning is the weak way out.",
        ],
    },
    Explanation {
        term: "E0384",
        summary: "a variable that was not declared changeable (`mut`) is assigned twice",
        details: &[
            "Variables are read-only unless declared `let mut`.",
            "Usually a small slip, sometimes a sign that the value should be computed once instead.",
        ],
    },
    Explanation {
        term: "E0423",
        summary: "a name is used as a value or constructor in a way its definition does not allow (e.g. building a struct with private fields)",
        details: &[
            "Often seen when code outside a module tries to create a type whose fields are private.",
            "In API design exercises this is the wanted outcome: invalid values cannot be built by hand.",
        ],
    },
    Explanation {
        term: "E0425",
        summary: "a name (a variable or function) is used that does not exist in that place",
        details: &["A typo, a missing import, or an item that the API no longer provides."],
    },
    Explanation {
        term: "E0432",
        summary: "an import (`use`) names something that cannot be found",
        details: &["A missing dependency, a feature that is not switched on, or a wrong path."],
    },
    Explanation {
        term: "E0499",
        summary: "the code tries to change one value through two paths at the same time",
        details: &[
            "Rust allows only one mutable borrow (`&mut`) of a value at a time; this rules out data races and dangling pointers.",
            "The fix is to restructure (e.g. `split_at_mut`, shorter borrows, indices), not to copy or use `unsafe`.",
        ],
    },
    Explanation {
        term: "E0502",
        summary: "the code reads a value while also changing it (a shared and a mutable borrow overlap)",
        details: &[
            "While something reads a value (e.g. a loop over a list), nothing may change it.",
            "The fix is to finish reading first, or use a method such as `retain` that does both safely; copying the list is the weak way out.",
        ],
    },
    Explanation {
        term: "E0505",
        summary: "a value is moved away while something still borrows it",
        details: &[
            "A borrowed value must stay where it is until the borrow ends.",
            "The fix is to end the borrow before the move, or to borrow instead of moving.",
        ],
    },
    Explanation {
        term: "E0507",
        summary: "the code tries to take ownership of a value it only borrows",
        details: &[
            "Through a reference you may read or (with `&mut`) change a value, but not move it out.",
            "The fix is to borrow the inner value, or use `std::mem::take`/`replace`; cloning is the weak way out.",
        ],
    },
    Explanation {
        term: "E0515",
        summary: "a function returns a reference to a value that disappears when the function ends",
        details: &[
            "Local values are dropped at the end of the function, so a reference to them would dangle.",
            "Return the owned value instead, or a reference into an input.",
        ],
    },
    Explanation {
        term: "E0596",
        summary: "the code changes something it only has read access to",
        details: &[
            "Changing a value needs `&mut` (or a `mut` variable); a `&` reference is read-only.",
            "Either the signature should take `&mut`, or the design should not change the value there.",
        ],
    },
    Explanation {
        term: "E0597",
        summary: "a borrowed value does not live long enough: it is dropped while still in use",
        details: &[
            "A reference must not outlive the value it points to.",
            "The fix is to keep the value alive longer, or to own the data instead of borrowing it.",
        ],
    },
    Explanation {
        term: "E0599",
        summary: "a method is called that does not exist for that type (or its requirements are not met)",
        details: &[
            "Often a missing trait implementation or import.",
            "In API design exercises this is the wanted outcome: a misuse such as building an incomplete request has no `build` method.",
        ],
    },
    Explanation {
        term: "E0616",
        summary: "code outside a type reads one of its private fields",
        details: &[
            "Private fields let a type guarantee its own rules; outside code must go through its methods.",
            "In API design exercises this is the wanted outcome: callers cannot tamper with a validated value.",
        ],
    },
    Explanation {
        term: "E0716",
        summary: "a temporary value is dropped while a reference to it is still in use",
        details: &[
            "A value created inside an expression (e.g. a `String` from `format!`) lives only until the end of that statement.",
            "Bind it to a variable first so it lives long enough.",
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flag_and_the_common_codes_have_a_summary_and_two_to_four_more_lines() {
        for flag in FlagId::ALL {
            let explanation = explain(flag.as_str()).unwrap_or_else(|| panic!("{flag}"));
            assert_eq!(explanation.term, flag.as_str());
            assert!(!explanation.summary.is_empty() && !explanation.summary.contains('\n'), "{flag}");
            assert!((2..=4).contains(&explanation.details.len()), "{flag}: {} lines", explanation.details.len());
        }
        for code in [
            "E0499", "E0502", "E0505", "E0382", "E0308", "E0277", "E0106", "E0599", "E0004", "E0596", "E0384", "E0597",
            "E0716", "E0507",
        ] {
            let explanation = explain(code).unwrap_or_else(|| panic!("{code}"));
            assert_eq!(explanation.term, code);
            assert!(!explanation.details.is_empty() && explanation.details.len() <= 4, "{code}");
        }
        // Every code that raises a flag is explained too.
        for (code, _, _) in crate::exercise::COMPILE_CODE_FLAGS {
            assert!(explain(code).is_some(), "{code}");
        }
    }

    #[test]
    fn codes_read_in_any_case_and_unknown_terms_are_none() {
        assert_eq!(explain("e0499").map(|e| e.term), Some("E0499"));
        assert_eq!(explain(" excess_clones ").map(|e| e.term), Some("excess_clones"));
        assert_eq!(explain("E9999"), None);
        assert_eq!(explain("Excess_Clones"), None, "flag ids are exact, as reports write them");
        let known = known_terms();
        assert_eq!(known.len(), FlagId::ALL.len() + RUSTC_CODES.len());
        assert_eq!(known[0], "excess_clones");
        assert!(known.contains(&"E0716"));
    }
}
