//! Grades written-answer exercises (a short decision record rather than code). Only what can be
//! judged reliably is scored: the length, and a choice stated for each workload of the scenario.
//! Whether the answer weighs the right concepts is for a person to judge: each concept becomes a
//! prompt for the reviewer that quotes the sentences that seem to cover it (or says none seem
//! to), with the question to probe. The red flag of the question (an absolute claim, or the same
//! tool for every workload) is reported with the lines that show it. The main function is
//! [`evaluate`].

use std::collections::BTreeMap;

use super::ProbeOutcome;
use crate::exercise::{FlagId, TestKind, Written, WRITTEN_DECISION_CHECK, WRITTEN_LENGTH_CHECK};
use crate::run::{TestRun, TestStatus};

/// Most sentences quoted for one concept.
const MAX_QUOTES: usize = 3;
/// Longest quote, in characters.
const MAX_QUOTE_CHARS: usize = 240;

/// What the interviewer should read and ask about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualReview {
    /// The document to read.
    pub file: String,
    pub words: usize,
    /// The questions to probe, those whose concept no sentence seems to cover first.
    pub probes: Vec<String>,
    /// One prompt per concept, with the sentences that seem to cover it.
    pub prompts: Vec<ReviewPrompt>,
}

/// A concept for the reviewer to judge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewPrompt {
    pub concept: String,
    pub probe: String,
    /// `(line, sentence)` of the sentences that seem to cover it; empty when none seems to.
    pub quotes: Vec<(u32, String)>,
}

/// One sentence of the document, lowercased for matching, with its first and last line.
struct Sentence {
    line: u32,
    last_line: u32,
    text: String,
    lower: String,
}

/// Splits `text` into sentences (at `.`, `!`, `?` followed by a space or line end, at blank lines
/// and at list items and headings), keeping each one's first line.
fn sentences(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut current = String::new();
    let mut start = 1_u32;
    let mut last = 1_u32;
    let flush = |current: &mut String, start: u32, last: u32, sentences: &mut Vec<Sentence>| {
        let trimmed = current.trim();
        if !trimmed.is_empty() {
            let text = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
            sentences.push(Sentence { line: start, last_line: last.max(start), lower: text.to_lowercase(), text });
        }
        current.clear();
    };
    for (index, line) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let trimmed = line.trim();
        let starts_block = trimmed.is_empty()
            || trimmed.starts_with('#')
            || trimmed.starts_with("- ")
            || trimmed.starts_with("* ")
            || trimmed.chars().next().is_some_and(|c| c.is_ascii_digit()) && trimmed.contains(". ");
        if starts_block {
            flush(&mut current, start, last, &mut sentences);
        }
        last = number;
        if current.is_empty() {
            start = number;
        }
        let mut rest = trimmed;
        while let Some(end) =
            rest.find(['.', '!', '?']).filter(|&at| rest[at + 1..].is_empty() || rest[at + 1..].starts_with(' '))
        {
            current.push_str(&rest[..=end]);
            flush(&mut current, start, last, &mut sentences);
            start = number;
            rest = rest[end + 1..].trim_start();
        }
        if !rest.is_empty() {
            current.push_str(rest);
            current.push(' ');
        }
        if trimmed.starts_with('#') {
            flush(&mut current, start, last, &mut sentences);
        }
    }
    flush(&mut current, start, last, &mut sentences);
    sentences
}

/// Whether `sentence` names `word` as a word (not inside another: `go` is not in `good`).
fn names(sentence: &str, word: &str) -> bool {
    sentence.match_indices(word).any(|(at, _)| {
        let before = sentence[..at].chars().next_back();
        let after = sentence[at + word.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        boundary(before) && boundary(after)
    })
}

fn quote(text: &str) -> String {
    match text.char_indices().nth(MAX_QUOTE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Evaluates a written answer: the scored checks by name (`written::<check>`), the manual review,
/// and the red flags it shows.
pub fn evaluate(written: &Written, text: &str) -> (BTreeMap<String, TestRun>, ManualReview, Vec<ProbeOutcome>) {
    let mut results = BTreeMap::new();
    let words = text.split_whitespace().count();
    let length = if words >= written.min_words {
        TestRun::new(TestStatus::Passed, None)
    } else {
        TestRun::new(TestStatus::Failed, Some(format!("{words} words; at least {} expected", written.min_words)))
    };
    results.insert(TestKind::Written.check_name(WRITTEN_LENGTH_CHECK), length);
    let sentences = sentences(text);
    let subject = written.subject.to_lowercase();
    let tools: Vec<&str> = std::iter::once(subject.as_str())
        .filter(|s| !s.is_empty())
        .chain(written.alternatives.iter().map(String::as_str))
        .collect();

    // A choice for each workload: a sentence naming the workload and a tool, or a heading naming
    // the workload followed by a sentence naming a tool.
    let mut choices: BTreeMap<&str, Vec<&Sentence>> = BTreeMap::new();
    let mut undecided = Vec::new();
    for workload in &written.workloads {
        let mut chosen = Vec::new();
        for (index, sentence) in sentences.iter().enumerate() {
            let about = workload.any.iter().any(|word| names(&sentence.lower, &word.to_lowercase()));
            if !about {
                continue;
            }
            // A heading or a "not X" sentence names its choice in the next sentence.
            let next = sentences.get(index + 1).filter(|next| next.line <= sentence.line + 2);
            let names_tool = |candidate: &&Sentence| tools.iter().any(|tool| names(&candidate.lower, tool));
            chosen.extend(std::iter::once(sentence).filter(names_tool));
            if chosen.last().is_none_or(|last| !std::ptr::eq(*last, sentence))
                || sentence.lower.contains(&format!("not {subject}"))
            {
                chosen.extend(next.filter(names_tool));
            }
        }
        if chosen.is_empty() {
            undecided.push(workload.name.clone());
        }
        choices.insert(&workload.name, chosen);
    }
    if !written.workloads.is_empty() {
        let result = if undecided.is_empty() {
            TestRun::new(TestStatus::Passed, None)
        } else {
            TestRun::new(TestStatus::Failed, Some(format!("states no choice of tool for: {}", undecided.join(", "))))
        };
        results.insert(TestKind::Written.check_name(WRITTEN_DECISION_CHECK), result);
    }

    // The red flag: absolute claims, and the subject chosen for every workload with no other tool.
    let negated = |sentence: &Sentence| {
        ["not ", "no ", "never ", "instead of ", "rather than ", "than ", "without ", "no to ", "not in ", "over "]
            .iter()
            .any(|before| sentence.lower.contains(&format!("{before}{subject}")))
    };
    let mut outcomes = Vec::new();
    let claims: Vec<&Sentence> = sentences
        .iter()
        .filter(|sentence| written.absolute.iter().any(|phrase| sentence.lower.contains(&phrase.to_lowercase())))
        .collect();
    let names_alternative = |sentence: &Sentence| written.alternatives.iter().any(|tool| names(&sentence.lower, tool));
    let subject_everywhere = !subject.is_empty()
        && written.workloads.len() > 1
        && choices.values().all(|chosen| {
            !chosen.is_empty()
                && chosen.iter().all(|sentence| {
                    names(&sentence.lower, &subject) && !negated(sentence) && !names_alternative(sentence)
                })
        })
        && !sentences.iter().any(|sentence| {
            names_alternative(sentence)
                && written.workloads.iter().any(|w| w.any.iter().any(|word| names(&sentence.lower, word)))
        });
    if !claims.is_empty() || subject_everywhere {
        let mut places: Vec<(String, u32, u32)> =
            claims.iter().map(|sentence| (written.file.clone(), sentence.line, sentence.last_line)).collect();
        let mut reasons = Vec::new();
        if !claims.is_empty() {
            reasons.push(format!("{} absolute claim(s)", claims.len()));
        }
        if subject_everywhere {
            reasons.push(format!("{} for every workload, no other tool considered", written.subject));
            places.extend(
                choices.values().flatten().map(|sentence| (written.file.clone(), sentence.line, sentence.last_line)),
            );
        }
        places.sort();
        places.dedup();
        outcomes.push(ProbeOutcome::Document { flag: FlagId::AbsoluteClaim, message: reasons.join("; "), places });
    }

    // Prompts for the reviewer: what seems to cover each concept, quoted.
    let mut prompts = Vec::new();
    for concept in &written.concepts {
        let quotes: Vec<(u32, String)> = sentences
            .iter()
            .filter(|sentence| concept.any.iter().any(|phrase| sentence.lower.contains(&phrase.to_lowercase())))
            .take(MAX_QUOTES)
            .map(|sentence| (sentence.line, quote(&sentence.text)))
            .collect();
        prompts.push(ReviewPrompt { concept: concept.name.replace('_', " "), probe: concept.probe.clone(), quotes });
    }
    let mut probes: Vec<String> = prompts
        .iter()
        .filter(|prompt| prompt.quotes.is_empty())
        .map(|prompt| format!("(no sentence seems to cover it) {}", prompt.probe))
        .collect();
    probes.extend(prompts.iter().filter(|prompt| !prompt.quotes.is_empty()).map(|prompt| prompt.probe.clone()));
    let review = ManualReview { file: written.file.clone(), words, probes, prompts };
    (results, review, outcomes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::{Concept, Workload};

    fn record() -> Written {
        Written {
            file: "DECISION.md".into(),
            min_words: 8,
            workloads: vec![
                Workload { name: "dashboard".into(), any: vec!["dashboard".into()] },
                Workload { name: "agent".into(), any: vec!["agent".into()] },
            ],
            subject: "rust".into(),
            alternatives: vec!["python".into(), "django".into(), "go".into()],
            absolute: vec!["best choice for any".into(), "no downside".into()],
            concepts: vec![Concept {
                name: "names_what_rust_costs".into(),
                any: vec!["learning".into(), "compile time".into()],
                probe: "Which cost hurts most?".into(),
            }],
        }
    }

    #[test]
    fn a_choice_per_workload_is_found_in_a_sentence_or_under_its_heading() {
        let text = "# Decision\n\nDashboard: not Rust.\nPython with Django, which the team knows.\n\n## Agent\n\nThe agent in Rust, because of memory.\nRust takes learning time for this team.\n";
        let (results, review, flags) = evaluate(&record(), text);
        assert_eq!(results["written::long_enough"].status, TestStatus::Passed);
        assert_eq!(results["written::decides_per_workload"].status, TestStatus::Passed, "{results:?}");
        assert!(flags.is_empty(), "{flags:?}");
        let prompt = &review.prompts[0];
        assert_eq!(prompt.quotes.len(), 1, "{prompt:?}");
        assert!(prompt.quotes[0].1.contains("learning time"));
    }

    #[test]
    fn absolute_claims_and_one_tool_for_everything_are_the_red_flag() {
        let text = "We write the dashboard in Rust. The agent in Rust too. Rust is the best choice for any project.\nThere is no downside at all.\n";
        let (results, review, flags) = evaluate(&record(), text);
        assert_eq!(results["written::decides_per_workload"].status, TestStatus::Passed);
        let Some(ProbeOutcome::Document { flag, places, message }) = flags.first() else { panic!("{flags:?}") };
        assert_eq!(*flag, FlagId::AbsoluteClaim);
        assert!(places.iter().any(|(_, line, _)| *line == 2), "{places:?}");
        assert!(message.contains("every workload"), "{message}");
        assert!(review.probes[0].starts_with("(no sentence seems to cover it)"), "{:?}", review.probes);
    }

    #[test]
    fn a_record_that_decides_nothing_for_a_workload_fails_that_check() {
        let (results, _, _) = evaluate(&record(), "The agent should be written in Go, small and simple enough.");
        assert_eq!(results["written::decides_per_workload"].status, TestStatus::Failed);
        assert!(results["written::decides_per_workload"].message.as_deref().unwrap_or_default().contains("dashboard"));
        assert!(!names("good", "go"));
        assert!(names("use go.", "go"));
    }
}
