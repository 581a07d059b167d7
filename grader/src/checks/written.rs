//! Grades written-answer exercises (a short decision record rather than code): a checklist of
//! concepts from the exercise's metadata, each found by any of its phrases, plus a minimum length.
//! A checklist can only tell that a point is named, not that it is argued well, so every written
//! answer is also marked for the interviewer's manual review, with the points to probe. The main
//! function is [`evaluate`].

use std::collections::BTreeMap;

use crate::exercise::{TestKind, Written, WRITTEN_LENGTH_CHECK};
use crate::run::{TestRun, TestStatus};

/// What the interviewer should read and ask about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualReview {
    /// The document to read.
    pub file: String,
    pub words: usize,
    /// Questions to probe, those for concepts the answer did not name first.
    pub probes: Vec<String>,
}

/// Evaluates the checklist on `text`; results by check name (`written::<concept>`).
pub fn evaluate(written: &Written, text: &str) -> (BTreeMap<String, TestRun>, ManualReview) {
    let mut results = BTreeMap::new();
    let words = text.split_whitespace().count();
    let length = if words >= written.min_words {
        TestRun::new(TestStatus::Passed, None)
    } else {
        TestRun::new(TestStatus::Failed, Some(format!("{words} words; at least {} expected", written.min_words)))
    };
    results.insert(TestKind::Written.check_name(WRITTEN_LENGTH_CHECK), length);
    let lowered: Vec<String> = text.lines().map(str::to_lowercase).collect();
    let mut missing_probes = Vec::new();
    let mut other_probes = Vec::new();
    for concept in &written.concepts {
        let found = concept.any.iter().find_map(|phrase| {
            let phrase = phrase.to_lowercase();
            lowered.iter().position(|line| line.contains(&phrase)).map(|index| (phrase, index + 1))
        });
        let result = match found {
            Some((phrase, line)) => {
                other_probes.push(concept.probe.clone());
                TestRun::new(TestStatus::Passed, Some(format!("names it on line {line} (\"{phrase}\")")))
            }
            None => {
                missing_probes.push(format!("(not named) {}", concept.probe));
                TestRun::new(TestStatus::Failed, Some(format!("names none of: {}", concept.any.join(", "))))
            }
        };
        results.insert(TestKind::Written.check_name(&concept.name), result);
    }
    missing_probes.extend(other_probes);
    let review = ManualReview { file: written.file.clone(), words, probes: missing_probes };
    (results, review)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::Concept;

    fn checklist() -> Written {
        let concept = |name: &str, any: &[&str], probe: &str| Concept {
            name: name.into(),
            any: any.iter().map(|phrase| (*phrase).to_owned()).collect(),
            probe: probe.into(),
        };
        Written {
            file: "DECISION.md".into(),
            min_words: 8,
            concepts: vec![
                concept("names_a_cost", &["learning curve", "compile time"], "Which cost hurts most?"),
                concept("names_an_alternative", &["go ", "python"], "Why not the alternative?"),
            ],
        }
    }

    #[test]
    fn concepts_are_found_case_insensitively_with_their_line() {
        let text = "# Decision\nWe pick Rust.\nThe Learning Curve is real for the team and slows us down.\n";
        let (results, review) = evaluate(&checklist(), text);
        assert_eq!(results["written::long_enough"].status, TestStatus::Passed);
        assert_eq!(results["written::names_a_cost"].status, TestStatus::Passed);
        assert!(results["written::names_a_cost"].message.as_deref().unwrap_or_default().contains("line 3"));
        assert_eq!(results["written::names_an_alternative"].status, TestStatus::Failed);
        assert_eq!(review.probes[0], "(not named) Why not the alternative?");
        assert_eq!(review.probes.len(), 2);
    }

    #[test]
    fn a_short_answer_fails_the_length_check() {
        let (results, review) = evaluate(&checklist(), "Rust is best.");
        assert_eq!(results["written::long_enough"].status, TestStatus::Failed);
        assert_eq!(review.words, 3);
    }
}
