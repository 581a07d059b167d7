//! The interview guide: for the hiring manager and the interviewer who meets the candidate next,
//! each graded exercise in plain words: the interview question, what a good answer shows, what
//! this candidate's code shows (its red flags with the candidate's own lines, its compiler errors,
//! its tests), two or three follow-up questions built from that evidence (`questions.rs`, one
//! template per flag), a question checking they can explain a clean solution themselves and a
//! five-minute live extension (both from the exercise's `[interview]` metadata). It is computed
//! from a [`Report`] and the exercise set, never stored, so any report (an old one, a rescored
//! one) has one. Every flag id and rustc code it shows comes with its one-line explanation
//! ([`crate::report::glossary`]). The main type is [`Guide`].

mod prose;
mod questions;
mod render;

pub use prose::{Prose, Span};
pub use questions::Place;

use super::glossary;
use super::model::{ExerciseReport, ExerciseStatus, HabitVerdict, Level, Report, TestKind, TestStatus};
use crate::exercise::{ExerciseSet, FlagId};

/// Most follow-up questions per exercise.
pub const MAX_FOLLOW_UPS: usize = 3;
/// Most compiler errors quoted per exercise.
const MAX_ERRORS: usize = 3;

/// The interview guide of one graded submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guide {
    pub submission: String,
    /// One per graded exercise, in the report's order.
    pub exercises: Vec<ExerciseGuide>,
}

/// The guide to one exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseGuide {
    pub id: String,
    pub title: String,
    pub level: Level,
    /// The interview question (`asked`); `None` in a report that predates questions.
    pub asked: Option<Prose>,
    /// What a good answer shows (`good_answer`).
    pub good_answer: Option<Prose>,
    /// Does the code work, in words.
    pub works: String,
    /// What the code shows of the question, in words.
    pub habits: Prose,
    /// Whether the question's own red flag was seen; `None` when the habits were not judged.
    pub red_flag_seen: Option<bool>,
    /// The red flags seen, the question's own first, each with the candidate's lines.
    pub flags: Vec<FlagSeen>,
    /// The first compiler errors of a build that fails.
    pub errors: Vec<ErrorSeen>,
    /// Questions built from the evidence, at most [`MAX_FOLLOW_UPS`].
    pub follow_ups: Vec<Prose>,
    /// For a clean exercise: can they explain it themselves (`[interview] explain`).
    pub explain: Option<Prose>,
    /// For code handed in: a five-minute change to make live (`[interview] extension`).
    pub extension: Option<Prose>,
    /// Flag ids and rustc codes the question's own text names (`E0277`), with their one-line
    /// explanation; those of the flags and errors above are explained where they are shown.
    pub terms: Vec<(String, &'static str)>,
}

/// A red flag as the guide shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagSeen {
    pub id: String,
    /// Its one-line explanation (`grader explain <id>`); `None` for an id this grader lacks.
    pub summary: Option<&'static str>,
    pub of_question: bool,
    /// Every place that shows it, in the candidate's own paths and lines.
    pub places: Vec<Place>,
}

/// A compiler error as the guide shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorSeen {
    pub code: Option<String>,
    /// The code's one-line explanation, when the code is known.
    pub summary: Option<&'static str>,
    /// `file:line`.
    pub place: Option<String>,
    /// The compiler's own first line.
    pub message: String,
}

impl Guide {
    /// The paragraph every rendering of the guide opens with: who it is for and what it holds.
    pub const INTRO: &'static str = render::INTRO;

    /// The guide to `report`; `set` gives each exercise's `[interview]` metadata (an exercise the
    /// set lacks has no explain question nor extension).
    pub fn build(report: &Report, set: &ExerciseSet) -> Guide {
        Guide {
            submission: report.submission.clone(),
            exercises: report.exercises.iter().map(|exercise| exercise_guide(exercise, set)).collect(),
        }
    }

    /// The guide as text for a terminal, after the scorecard.
    pub fn terminal(&self, style: super::Style) -> String {
        render::terminal(self, style)
    }

    /// The guide as a Markdown section (`### Interview guide`), after the Markdown report.
    pub fn markdown(&self) -> String {
        render::markdown(self)
    }
}

fn exercise_guide(exercise: &ExerciseReport, set: &ExerciseSet) -> ExerciseGuide {
    let interview = set.get(&exercise.id).ok().and_then(|known| known.meta.interview.clone()).unwrap_or_default();
    let flags = flags_seen(exercise);
    let red_flag_seen = match exercise.habits.verdict {
        HabitVerdict::NotJudged => None,
        HabitVerdict::Clean | HabitVerdict::RedFlag => Some(flags.iter().any(|flag| flag.of_question)),
    };
    let errors: Vec<ErrorSeen> = exercise
        .compile_errors
        .iter()
        .take(MAX_ERRORS)
        .map(|error| ErrorSeen {
            code: error.code.clone(),
            summary: error.code.as_deref().and_then(glossary::summary),
            place: error.file.as_ref().map(|file| match error.line {
                Some(line) => format!("{file}:{line}"),
                None => file.clone(),
            }),
            message: super::names::first_line(&error.message).to_owned(),
        })
        .collect();
    let clean = exercise.habits.verdict == HabitVerdict::Clean;
    let handed_in = !matches!(exercise.status, ExerciseStatus::Missing | ExerciseStatus::NotAttempted);
    let terms = exercise
        .question
        .as_ref()
        .map(|question| terms_named(&[&question.asked, &question.good_answer], &flags, &errors))
        .unwrap_or_default();
    ExerciseGuide {
        id: exercise.id.clone(),
        title: exercise.title.clone(),
        level: exercise.level,
        asked: exercise.question.as_ref().map(|question| Prose::parse(&question.asked)),
        good_answer: exercise.question.as_ref().map(|question| Prose::parse(&question.good_answer)),
        works: works(exercise),
        habits: habits(exercise, &flags),
        red_flag_seen,
        follow_ups: follow_ups(exercise, &flags),
        flags,
        errors,
        explain: interview.explain.filter(|_| clean).map(|text| Prose::parse(&text)),
        extension: interview.extension.filter(|_| handed_in).map(|text| Prose::parse(&text)),
        terms,
    }
}

/// The flag ids and rustc codes `texts` name, once each in order of appearance, with their
/// one-line explanation; not those already shown with one (`flags`, `errors`).
fn terms_named(texts: &[&str], flags: &[FlagSeen], errors: &[ErrorSeen]) -> Vec<(String, &'static str)> {
    let mut terms: Vec<(String, &'static str)> = Vec::new();
    let words = texts.iter().flat_map(|text| text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')));
    for word in words.filter(|word| !word.is_empty()) {
        let Some(explanation) = glossary::explain(word) else { continue };
        let shown = flags.iter().any(|flag| flag.id == explanation.term)
            || errors.iter().any(|error| error.code.as_deref() == Some(explanation.term))
            || terms.iter().any(|(term, _)| term == explanation.term);
        if !shown {
            terms.push((explanation.term.to_owned(), explanation.summary));
        }
    }
    terms
}

/// The red flags, the question's own first, each with its places (or the flag's own place when
/// it has no evidence).
fn flags_seen(exercise: &ExerciseReport) -> Vec<FlagSeen> {
    let mut flags: Vec<FlagSeen> = exercise
        .red_flags
        .iter()
        .map(|flag| {
            let mut places: Vec<Place> = flag
                .evidence
                .iter()
                .map(|evidence| Place {
                    file: evidence.file.clone(),
                    line: Some(evidence.line),
                    snippet: evidence.snippet.clone(),
                })
                .collect();
            if places.is_empty() {
                if let Some(file) = &flag.file {
                    places.push(Place { file: file.clone(), line: flag.line, snippet: String::new() });
                }
            }
            FlagSeen {
                id: flag.id.clone(),
                summary: glossary::summary(&flag.id),
                of_question: flag.of_question,
                places,
            }
        })
        .collect();
    flags.sort_by_key(|flag| !flag.of_question);
    flags
}

/// Does the code work, in words.
fn works(exercise: &ExerciseReport) -> String {
    let total = exercise.tests.len();
    let passed = exercise.tests.iter().filter(|test| test.status == TestStatus::Passed).count();
    let written = exercise.tests.iter().any(|test| test.kind == TestKind::Written);
    match exercise.status {
        ExerciseStatus::Missing => "not handed in".to_owned(),
        ExerciseStatus::NotAttempted => "not attempted: handed back as it was handed out".to_owned(),
        ExerciseStatus::CompileError => {
            let count = exercise.compile_errors.len();
            format!("does not compile ({count} compiler {})", if count == 1 { "error" } else { "errors" })
        }
        ExerciseStatus::Passed if written => format!("a written answer; passes all {total} checks of it"),
        ExerciseStatus::Passed => format!("compiles and passes all {total} tests and checks"),
        _ if written => format!("a written answer; passes {passed} of its {total} checks"),
        _ => format!("compiles; passes {passed} of {total} tests and checks"),
    }
}

/// What the code shows of its question, in words.
fn habits(exercise: &ExerciseReport, flags: &[FlagSeen]) -> Prose {
    let mut prose = Prose::default();
    match exercise.habits.verdict {
        HabitVerdict::RedFlag if flags.iter().any(|flag| flag.of_question) => {
            prose.plain("shows the question's red flag");
            if let Some(question) = &exercise.question {
                prose.plain(": ").append(&Prose::parse(&question.red_flag));
            }
        }
        HabitVerdict::RedFlag => {
            prose.plain("the question's own red flag is not seen, but other weak habits are (below)");
        }
        HabitVerdict::Clean => {
            prose.plain("clean: no red flag seen, the question's own included");
        }
        HabitVerdict::NotJudged => {
            prose.plain(match exercise.status {
                ExerciseStatus::Missing => "not judged: nothing handed in",
                ExerciseStatus::NotAttempted => "not judged: not attempted",
                ExerciseStatus::CompileError => "not judged: the code does not compile",
                _ => "not judged: no test passes",
            });
        }
    }
    prose
}

/// The follow-up questions, in order: a question per red flag (the question's own first; flags
/// that only restate a compiler error are asked about through the error), the failing build, the
/// tests that did not pass, a written answer's review probes, then a second place of a lone
/// flag; at most [`MAX_FOLLOW_UPS`].
fn follow_ups(exercise: &ExerciseReport, flags: &[FlagSeen]) -> Vec<Prose> {
    match exercise.status {
        ExerciseStatus::Missing => return vec![questions::for_missing()],
        ExerciseStatus::NotAttempted => return vec![questions::for_not_attempted()],
        _ => {}
    }
    let mut asked: Vec<Prose> = Vec::new();
    let from_compiler = |flag: &FlagSeen| {
        FlagId::parse(&flag.id).is_some_and(FlagId::from_compiler) && !exercise.compile_errors.is_empty()
    };
    for flag in flags.iter().filter(|flag| !from_compiler(flag)) {
        if let Some(place) = flag.places.first() {
            asked.push(questions::for_flag(&flag.id, place));
        }
    }
    asked.extend(questions::for_compile_errors(&exercise.compile_errors));
    asked.extend(questions::for_failed_tests(exercise));
    if let Some(review) = &exercise.manual_review {
        asked.extend(review.probes.iter().map(|probe| Prose::parse(probe)));
    }
    if let Some(tests) = &exercise.candidate_tests {
        asked.extend(questions::for_candidate_tests(tests));
    }
    if asked.len() < 2 {
        let lone = flags.iter().find(|flag| !from_compiler(flag) && flag.places.len() > 1);
        if let Some(flag) = lone {
            asked.push(questions::for_another_place(&flag.id, &flag.places[1]));
        }
    }
    asked.truncate(MAX_FOLLOW_UPS);
    asked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::fixture;
    use crate::report::model::{Evidence, Question, RedFlag};

    fn set() -> ExerciseSet {
        ExerciseSet::embedded().expect("the embedded set loads")
    }

    fn exercise<'a>(guide: &'a Guide, id: &str) -> &'a ExerciseGuide {
        guide.exercises.iter().find(|e| e.id == id).unwrap_or_else(|| panic!("no {id} in the guide"))
    }

    /// The fixture's junior-02 as the sample candidate's junior-03: a question's red flag with two
    /// places.
    fn with_question_flag() -> Report {
        let mut report = fixture();
        let exercise = &mut report.exercises[0];
        exercise.id = "junior-03-shared-vs-mut".into();
        exercise.question = Some(Question {
            asked: "How do `&T` and `&mut T` differ?".into(),
            good_answer: "Shared versus exclusive.".into(),
            red_flag: "Clones the collection to iterate over it.".into(),
        });
        exercise.red_flags = vec![RedFlag {
            id: "excess_clones".into(),
            message: "clones to get past the borrow checker".into(),
            file: Some("junior-03-shared-vs-mut/src/lib.rs".into()),
            line: Some(12),
            penalty: 15,
            of_question: true,
            evidence: vec![
                Evidence {
                    file: "junior-03-shared-vs-mut/src/lib.rs".into(),
                    line: 12,
                    end_line: None,
                    snippet: "for player in players.clone() {".into(),
                    seen_by: "usage".into(),
                },
                Evidence {
                    file: "junior-03-shared-vs-mut/src/lib.rs".into(),
                    line: 25,
                    end_line: None,
                    snippet: "let snapshot = players.clone();".into(),
                    seen_by: "usage".into(),
                },
            ],
        }];
        report
    }

    #[test]
    fn a_red_flag_becomes_a_question_naming_the_candidates_line_and_code() {
        let guide = Guide::build(&with_question_flag(), &set());
        let junior = exercise(&guide, "junior-03-shared-vs-mut");
        assert_eq!(junior.red_flag_seen, Some(true));
        assert_eq!(
            junior.habits.to_string(),
            "shows the question's red flag: Clones the collection to iterate over it."
        );
        assert_eq!(junior.asked.as_ref().map(ToString::to_string).as_deref(), Some("How do `&T` and `&mut T` differ?"));
        let flag = &junior.flags[0];
        assert_eq!(flag.summary, glossary::summary("excess_clones"));
        assert_eq!(flag.places.len(), 2);
        let first = junior.follow_ups[0].to_string();
        assert!(
            first.starts_with(
                "At `junior-03-shared-vs-mut/src/lib.rs:12` (`for player in players.clone() {`) you copy the whole collection to loop over it"
            ),
            "{first}"
        );
        // One flag, every test passed: the second question goes to the flag's other place.
        assert_eq!(junior.follow_ups.len(), 2, "{:#?}", junior.follow_ups);
        assert!(junior.follow_ups[1]
            .to_string()
            .contains("`junior-03-shared-vs-mut/src/lib.rs:25` (`let snapshot = players.clone();`)"));
        // Not clean: no explain question; handed in: the extension from the metadata.
        assert_eq!(junior.explain, None);
        let extension = junior.extension.as_ref().expect("an extension").to_string();
        assert!(extension.contains("cap_scores"), "{extension}");
    }

    #[test]
    fn a_clean_exercise_gets_the_explain_question_and_the_extension() {
        let guide = Guide::build(&fixture(), &set());
        let clean = exercise(&guide, "senior-01-send-sync");
        assert_eq!(clean.red_flag_seen, Some(false));
        assert!(clean.flags.is_empty());
        assert_eq!(clean.habits.to_string(), "clean: no red flag seen, the question's own included");
        let meta = set().get("senior-01-send-sync").expect("senior-01").meta.interview.clone().expect("[interview]");
        assert_eq!(clean.explain.as_ref().map(ToString::to_string), meta.explain);
        assert_eq!(clean.extension.as_ref().map(ToString::to_string), meta.extension);
        // Its failing tests are asked about by name, with the message.
        let tests = clean.follow_ups[0].to_string();
        assert!(tests.starts_with("1 hidden test did not pass: “totals match”. Walk me through what your code does in the case “totals match”; it stopped with “assertion `left == right` failed"), "{tests}");
        assert!(
            clean.follow_ups.iter().any(|q| q.to_string().contains("allocation budget “allocations”")),
            "{:#?}",
            clean.follow_ups
        );
    }

    #[test]
    fn a_build_that_fails_is_asked_about_in_plain_words_and_a_missing_one_has_no_extension() {
        let guide = Guide::build(&fixture(), &set());
        let broken = exercise(&guide, "mid-03-shared-ownership");
        assert_eq!(broken.red_flag_seen, None);
        assert_eq!(broken.works, "does not compile (2 compiler errors)");
        assert_eq!(broken.errors[0].code.as_deref(), Some("E0277"));
        assert_eq!(broken.errors[0].summary, glossary::summary("E0277"));
        // `trait_bound_unresolved` restates E0277: asked once, through the error.
        assert_eq!(broken.follow_ups.len(), 1, "{:#?}", broken.follow_ups);
        let question = broken.follow_ups[0].to_string();
        assert!(
            question.contains("at `mid-03-shared-ownership/src/lib.rs:44` rustc reports `E0277` (a type lacks"),
            "{question}"
        );
        assert!(broken.extension.is_some() && broken.explain.is_none());

        let missing = exercise(&guide, "senior-04-api-design");
        assert_eq!(missing.works, "not handed in");
        assert_eq!(missing.extension, None);
        assert_eq!(missing.follow_ups, vec![questions::for_missing()]);

        let written = exercise(&guide, "senior-08-right-tool");
        assert!(
            written.follow_ups.iter().any(|q| q.to_string() == "Why is Python good enough?"),
            "{:#?}",
            written.follow_ups
        );
    }

    #[test]
    fn an_exercise_the_set_lacks_still_has_a_guide_without_metadata() {
        let mut report = fixture();
        report.exercises[2].id = "senior-99-unknown".into();
        report.exercises[2].question = None;
        let guide = Guide::build(&report, &set());
        let unknown = exercise(&guide, "senior-99-unknown");
        assert_eq!((unknown.asked.as_ref(), unknown.explain.as_ref(), unknown.extension.as_ref()), (None, None, None));
        assert!(!unknown.follow_ups.is_empty());
    }

    #[test]
    fn codes_named_by_the_question_are_explained_once_unless_shown_with_an_error() {
        let mut report = fixture();
        report.exercises[2].question = Some(Question {
            asked: "Why E0277, and why E0599?".into(),
            good_answer: "E0277 again, `excess_clones`, and E9999 is no code.".into(),
            red_flag: "E0382".into(),
        });
        report.exercises[1].question = report.exercises[2].question.clone();
        let guide = Guide::build(&report, &set());
        let terms = &exercise(&guide, "senior-01-send-sync").terms;
        let named: Vec<&str> = terms.iter().map(|(term, _)| term.as_str()).collect();
        assert_eq!(named, ["E0277", "E0599", "excess_clones"]);
        assert_eq!(terms[0].1, glossary::summary("E0277").expect("E0277"));
        // mid-03 shows E0277 and E0599 with its compiler errors already.
        let named: Vec<&str> =
            exercise(&guide, "mid-03-shared-ownership").terms.iter().map(|(term, _)| term.as_str()).collect();
        assert_eq!(named, ["excess_clones"]);
    }

    #[test]
    fn follow_ups_are_capped() {
        let mut report = with_question_flag();
        let mut flag = report.exercises[0].red_flags[0].clone();
        for id in ["unwrap_everywhere", "owned_strings", "lint_silenced"] {
            flag.id = id.into();
            flag.of_question = false;
            report.exercises[0].red_flags.push(flag.clone());
        }
        let guide = Guide::build(&report, &set());
        let junior = exercise(&guide, "junior-03-shared-vs-mut");
        assert_eq!(junior.follow_ups.len(), MAX_FOLLOW_UPS);
        assert!(
            junior.follow_ups[0].to_string().contains("you copy the whole collection"),
            "the question's flag first"
        );
    }
}
