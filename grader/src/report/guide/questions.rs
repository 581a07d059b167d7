//! The follow-up questions of the interview guide, as templates filled with what the report holds
//! about the candidate's own code: one template per red flag ([`for_flag`], filled with the file,
//! line and source line that show it), one for a build that still fails, one per group of tests
//! that did not pass (named after the tests), one for an exercise not handed in. A new flag gets
//! its template here. The main function is [`for_flag`].

use super::prose::{Fill, Prose};
use crate::exercise::FlagId;
use crate::report::glossary;
use crate::report::model::{CompileError, ExerciseReport, TestKind, TestReport, TestStatus};
use crate::report::names::informative_line;

/// Most test names quoted in one question.
const MAX_TESTS_NAMED: usize = 3;

/// A place in the candidate's code: `file:line` and the source line there (may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: Option<u32>,
    pub snippet: String,
}

impl Place {
    /// `file:line`, or the file alone.
    pub fn label(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.file),
            None => self.file.clone(),
        }
    }

    /// `` `file:line` (`snippet`) ``, the way every flag question names its place.
    fn at(&self) -> Prose {
        let mut prose = Prose::default();
        prose.code(&self.label());
        if !self.snippet.trim().is_empty() {
            prose.plain(" (").code(self.snippet.trim()).plain(")");
        }
        prose
    }
}

/// The question for red flag `id` seen at `place`; a generic one for an id this grader does not
/// know (a report from a newer grader).
pub fn for_flag(id: &str, place: &Place) -> Prose {
    let template = FlagId::parse(id).map_or(
        "At {at} the grader saw {id}: walk me through why you wrote it this way, and what you would change in review.",
        |flag| template(flag, &place.snippet),
    );
    Prose::fill(template, &[("at", Fill::Spans(&place.at())), ("id", Fill::Code(id))])
}

/// The question for another place that shows the same flag, when one flag is all there is.
pub fn for_another_place(id: &str, place: &Place) -> Prose {
    Prose::fill(
        "The same habit ({id}) shows again at {at}: is the reason the same there, and how would you rewrite that line?",
        &[("at", Fill::Spans(&place.at())), ("id", Fill::Code(id))],
    )
}

/// One template per flag. `{at}` is the place (`file:line` and the source line).
fn template(flag: FlagId, snippet: &str) -> &'static str {
    match flag {
        FlagId::ExcessClones if copies_to_loop(snippet) => {
            "At {at} you copy the whole collection to loop over it: what did the compiler say before you added the copy, and how would you loop over the original instead?"
        }
        FlagId::ExcessClones => {
            "At {at} you make a copy that is then only read: what did the compiler say before you added it, and could a borrow (`&`) do instead?"
        }
        FlagId::OwnedStrings => {
            "At {at} the code takes or builds its own `String` where it only reads the text: what would change for callers if it took `&str`?"
        }
        FlagId::UnwrapEverywhere => {
            "At {at} the code can panic: which input makes it panic, and what should the caller get instead?"
        }
        FlagId::NeedlessCollect => {
            "At {at} you collect into a new collection that the next step reads once: what does that cost on a large input, and how would you chain the iterator instead?"
        }
        FlagId::ManualRewrap => {
            "At {at} you wrap the error by hand: what does `?` do with an error, and what would you add so that it could do this for you?"
        }
        FlagId::WildcardArm => {
            "At {at} a catch-all arm handles the remaining cases: if a variant is added tomorrow, what happens here, and how would you make the compiler tell you?"
        }
        FlagId::FixedArrayBuffer => {
            "At {at} the data lives in a fixed-size array: what happens when a user needs one more slot than that, and what would you use instead?"
        }
        FlagId::RcRefcellSoup => {
            "At {at} you share data through `Rc<RefCell<…>>`: who owns what in this design, and what happens to memory when two items point at each other?"
        }
        FlagId::RefcellOveruse => {
            "At {at} you reach for a `RefCell`: when exactly could this borrow panic at run time, and how could you restructure to need fewer of them?"
        }
        FlagId::UnsafeSendSync => {
            "At {at} you promise the compiler that this type is safe to share between threads: what guarantees it, and what would go wrong if two threads used it at once?"
        }
        FlagId::UnsafeToSilenceBorrowck => {
            "At {at} you use `unsafe` where safe code could work: what was the compiler refusing, and what must now hold that nobody checks?"
        }
        FlagId::UnsafeWithoutSafetyComment => {
            "At {at} there is `unsafe` code without a `// SAFETY:` comment: say out loud what must be true for it to be sound."
        }
        FlagId::BlockingInAsync => {
            "At {at} the async code blocks: what happens to every other task on the executor while this line runs, and what would you write instead?"
        }
        FlagId::StringlyErrors => {
            "At {at} the error is text or a boxed error: how would a caller tell one failure from another and react differently to each?"
        }
        FlagId::DynEverywhere => {
            "At {at} a parameter is a trait object: what does each call cost compared with a generic, and why did you choose it here?"
        }
        FlagId::StaticOrLeaked => {
            "At {at} you make data live for the whole program: which value should the reference borrow from instead, and for how long?"
        }
        FlagId::CopiedInsteadOfDepending => {
            "At {at} the code is a copy of another crate's: what happens when that team fixes a bug, and how would you depend on their crate instead?"
        }
        FlagId::LintSilenced => {
            "At {at} you silence a lint: what was it warning about, and why is the warning wrong here?"
        }
        FlagId::TestsModified => {
            "The exercise's tests were changed ({at}): what made you change the tests rather than the code?"
        }
        FlagId::HarnessTampering => {
            "At {at} the code interferes with how the tests run: what were you trying to achieve there?"
        }
        FlagId::ConcreteTypes => {
            "At {at} the function takes one concrete type: how would another team use it with their own type, and which trait bound would let them?"
        }
        FlagId::LeakyApi => {
            "At {at} a caller can build an invalid value, or has to clone or unwrap: how could the types make that mistake impossible to compile?"
        }
        FlagId::AbsoluteClaim => {
            "At {at} the answer presents one tool as right for everything: what would make you choose differently for the other workload?"
        }
        FlagId::BorrowConflictUnresolved => {
            "At {at} the compiler still sees two borrows of one value that overlap: what is borrowed where, and how would you restructure so they do not?"
        }
        FlagId::UseAfterMoveUnresolved => {
            "At {at} a value is used after it was moved: who owns it after the move, and how would you fix that without copying it?"
        }
        FlagId::LifetimeUnresolved => {
            "At {at} the compiler cannot tell how long a reference lives: which input does it point into, and how would you say so?"
        }
        FlagId::ClosureCaptureUnresolved => {
            "At {at} a closure borrows what it must own: what does `move` change, and why does it matter here?"
        }
        FlagId::TraitBoundUnresolved => {
            "At {at} a type lacks a trait the code needs (often `Send`): why does the compiler ask for it here, and which type would have it?"
        }
    }
}

/// Whether `snippet` loops over a copy of a collection (`for x in xs.clone()`).
fn copies_to_loop(snippet: &str) -> bool {
    let snippet = snippet.trim_start();
    snippet.starts_with("for ") && [".clone()", ".to_vec()", ".to_owned()"].iter().any(|copy| snippet.contains(copy))
}

/// The question for a build that still fails, from its first error (one with a rustc code first).
pub fn for_compile_errors(errors: &[CompileError]) -> Option<Prose> {
    let error = errors.iter().find(|error| error.code.is_some()).or_else(|| errors.first())?;
    let place = match (&error.file, error.line) {
        (Some(file), line) => Place { file: file.clone(), line, snippet: String::new() }.label(),
        (None, _) => "its first error".to_owned(),
    };
    let message = informative_line(&error.message).unwrap_or("").to_owned();
    let mut what = Prose::default();
    match error.code.as_deref() {
        Some(code) => {
            what.plain("rustc reports ").code(code);
            if let Some(summary) = glossary::summary(code) {
                what.plain(" (").plain(summary).plain(")");
            }
        }
        None => {
            what.plain("rustc reports “").plain(&message).plain("”");
        }
    }
    Some(Prose::fill(
        "The code still does not compile: at {place} {what}. Read the compiler's message with me: what is it telling you, and what would you change?",
        &[("place", Fill::Code(&place)), ("what", Fill::Spans(&what))],
    ))
}

/// The questions for tests and checks that did not pass: one for the tests (named, with the first
/// one's message), one for allocation budgets, one for misuses that compiled. Tests that never ran
/// (the code does not compile) and written-answer checks (the manual review has its own prompts)
/// ask nothing.
pub fn for_failed_tests(exercise: &ExerciseReport) -> Vec<Prose> {
    let failed = |kind: TestKind| -> Vec<&TestReport> {
        exercise
            .tests
            .iter()
            .filter(|test| test.kind == kind && !matches!(test.status, TestStatus::Passed | TestStatus::NotRun))
            .collect()
    };
    let mut questions = Vec::new();
    let tests = failed(TestKind::Test);
    if let Some(first) = tests.first() {
        let hidden = tests.iter().filter(|test| test.hidden).count();
        let visible = tests.len() - hidden;
        let count = match (hidden, visible) {
            (hidden, 0) => format!("{hidden} hidden {} did not pass", plural(hidden, "test", "tests")),
            (0, visible) => {
                format!(
                    "{visible} visible {} did not pass (the candidate could run them)",
                    plural(visible, "test", "tests")
                )
            }
            (hidden, visible) => {
                format!("{} tests did not pass ({visible} visible, {hidden} hidden)", hidden + visible)
            }
        };
        let mut names: Vec<String> =
            tests.iter().take(MAX_TESTS_NAMED).map(|test| format!("“{}”", readable_name(&test.name))).collect();
        if tests.len() > MAX_TESTS_NAMED {
            names.push(format!("{} more", tests.len() - MAX_TESTS_NAMED));
        }
        let outcome = match first.status {
            TestStatus::TimedOut => "it ran out of time: is there a loop that may never end?".to_owned(),
            TestStatus::Crashed => "it crashed the whole process.".to_owned(),
            _ => match first.message.as_deref().and_then(informative_line) {
                Some(message) => format!("it stopped with “{message}”."),
                None => "it failed.".to_owned(),
            },
        };
        let case = readable_name(&first.name);
        questions.push(Prose::fill(
            "{count}: {names}. Walk me through what your code does in the case “{case}”; {outcome}",
            &[
                ("count", Fill::Plain(&count)),
                ("names", Fill::Plain(&join_names(&names))),
                ("case", Fill::Plain(&case)),
                ("outcome", Fill::Plain(&outcome)),
            ],
        ));
    }
    if let Some(budget) = failed(TestKind::Budget).first() {
        questions.push(Prose::fill(
            "Your code went over the allocation budget “{name}”: where does it allocate, and which of those allocations could go?",
            &[("name", Fill::Plain(&readable_name(&budget.name)))],
        ));
    }
    if let Some(check) = failed(TestKind::CompileFail).first() {
        questions.push(Prose::fill(
            "A misuse that must not compile compiled against your API (“{name}”): how would you make the compiler reject it?",
            &[("name", Fill::Plain(&readable_name(&check.name)))],
        ));
    }
    questions
}

/// The question for an exercise that was not handed in.
pub fn for_missing() -> Prose {
    Prose::parse("You did not hand this one in: how far did you get, and what stopped you?")
}

/// The question for an exercise handed back as it was handed out.
pub fn for_not_attempted() -> Prose {
    Prose::parse("You left this one as it was handed out: how would you start on it, and what held you back?")
}

/// A test's name in words: `hidden::goes_back_all_the_way` → `goes back all the way`.
pub fn readable_name(name: &str) -> String {
    name.rsplit("::").next().unwrap_or(name).replace('_', " ")
}

/// `a`, `a and b`, `a, b and c`.
fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 {
        one
    } else {
        many
    }
}

/// The candidate's own tests: a test that fails on a correct solution, and the first bug their
/// tests let through.
pub(super) fn for_candidate_tests(tests: &crate::report::CandidateTests) -> Vec<Prose> {
    let mut asked = Vec::new();
    if let Some(wrong) = tests.wrong_tests().next() {
        asked.push(Prose::parse(&if wrong.reference == crate::report::TestStatus::TimedOut {
            format!(
                "Your test `{}` does not finish in time on a correct solution. What input does it use, and what running time does the statement lead you to expect?",
                wrong.name
            )
        } else {
            format!(
                "Your test `{}` fails on a correct solution. What does the statement promise there, and how did you decide what to assert?",
                wrong.name
            )
        }));
    }
    if let Some(missed) = tests.missed().next() {
        asked.push(Prose::parse(&format!(
            "Your tests would not notice this bug: {} How would you test for it?",
            missed.bug.trim_end_matches('.').to_owned() + "."
        )));
    }
    asked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(snippet: &str) -> Place {
        Place { file: "junior-03-shared-vs-mut/src/lib.rs".into(), line: Some(12), snippet: snippet.into() }
    }

    #[test]
    fn every_flag_has_a_question_that_names_the_place_and_the_line() {
        for flag in FlagId::ALL {
            let question = for_flag(flag.as_str(), &place("let x = thing();")).to_string();
            assert!(
                question.contains("`junior-03-shared-vs-mut/src/lib.rs:12` (`let x = thing();`)"),
                "{flag}: {question}"
            );
            assert!(question.ends_with('?') || question.ends_with('.'), "{flag}: {question}");
            assert!(!question.contains('{'), "{flag}: an unfilled placeholder in {question}");
        }
    }

    #[test]
    fn only_tests_that_ran_on_the_reference_are_asked_about() {
        use crate::report::{CandidateTest, CandidateTests, ChaffReport, Score, TestStatus};
        let suite = |reference: TestStatus, caught: bool| CandidateTests {
            files: vec!["ex/tests/mine.rs".into()],
            tests: vec![
                CandidateTest {
                    name: "tests/mine.rs::a".into(),
                    own_code: TestStatus::Passed,
                    reference,
                    message: None,
                },
                CandidateTest {
                    name: "tests/mine.rs::b".into(),
                    own_code: TestStatus::Passed,
                    reference: if reference == TestStatus::NotRun { TestStatus::NotRun } else { TestStatus::Passed },
                    message: None,
                },
            ],
            problems: Vec::new(),
            chaff: vec![ChaffReport { name: "c".into(), bug: "It adds one.".into(), caught, caught_by: Vec::new() }],
            testing: Score::new(u32::from(caught), 1),
            bonus: 0,
        };
        let asked =
            |tests: &CandidateTests| for_candidate_tests(tests).iter().map(ToString::to_string).collect::<Vec<_>>();
        let failed = asked(&suite(TestStatus::Failed, false));
        assert_eq!(failed.len(), 2, "{failed:?}");
        assert!(failed[0].contains("`tests/mine.rs::a` fails on a correct solution"), "{failed:?}");
        assert!(failed[1].contains("would not notice this bug: It adds one."), "{failed:?}");
        let slow = asked(&suite(TestStatus::TimedOut, true));
        assert_eq!(slow.len(), 1, "{slow:?}");
        assert!(slow[0].contains("does not finish in time on a correct solution"), "{slow:?}");
        // Never run on the reference (test code the chaff may not meet): nothing to ask.
        assert!(asked(&suite(TestStatus::NotRun, false)).is_empty());
    }

    #[test]
    fn a_loop_over_a_copy_is_asked_about_as_such() {
        let question = for_flag("excess_clones", &place("for player in players.clone() {")).to_string();
        assert!(question.starts_with("At `junior-03-shared-vs-mut/src/lib.rs:12` (`for player in players.clone() {`) you copy the whole collection to loop over it: what did the compiler say before you added the copy"), "{question}");
        let other = for_flag("excess_clones", &place("let snapshot = players.clone();")).to_string();
        assert!(other.contains("you make a copy that is then only read"), "{other}");
        let unknown = for_flag("a_future_flag", &place("x")).to_string();
        assert!(unknown.contains("the grader saw `a_future_flag`"), "{unknown}");
        let no_snippet = for_flag("lint_silenced", &place("")).to_string();
        assert!(no_snippet.starts_with("At `junior-03-shared-vs-mut/src/lib.rs:12` you silence"), "{no_snippet}");
    }

    #[test]
    fn test_names_read_as_words() {
        assert_eq!(readable_name("hidden::goes_back_all_the_way"), "goes back all the way");
        assert_eq!(readable_name("compile_fail::cannot_open_twice"), "cannot open twice");
        assert_eq!(join_names(&["a".into(), "b".into(), "c".into()]), "a, b and c");
    }
}
