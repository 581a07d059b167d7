//! Conversions from the pipeline's own types into the report model: the only place where a
//! stage's type meets the schema. The main functions are the `From` impls.

use super::model::{
    CompileError, Evidence, FolderHistory, GitHistory, Ignored, Level, ManualReview, Quote, ReviewPrompt, SandboxLevel,
    SandboxSummary, TestKind, TestStatus,
};
use crate::{build, checks, exercise, filetree, inspect, intake, process, run};

impl From<exercise::Level> for Level {
    fn from(level: exercise::Level) -> Level {
        match level {
            exercise::Level::Junior => Level::Junior,
            exercise::Level::Mid => Level::Mid,
            exercise::Level::Senior => Level::Senior,
        }
    }
}

impl From<Level> for exercise::Level {
    fn from(level: Level) -> exercise::Level {
        match level {
            Level::Junior => exercise::Level::Junior,
            Level::Mid => exercise::Level::Mid,
            Level::Senior => exercise::Level::Senior,
        }
    }
}

impl From<exercise::TestKind> for TestKind {
    fn from(kind: exercise::TestKind) -> TestKind {
        match kind {
            exercise::TestKind::Test => TestKind::Test,
            exercise::TestKind::CompileFail => TestKind::CompileFail,
            exercise::TestKind::Budget => TestKind::Budget,
            exercise::TestKind::Written => TestKind::Written,
        }
    }
}

impl From<run::TestStatus> for TestStatus {
    fn from(status: run::TestStatus) -> TestStatus {
        match status {
            run::TestStatus::Passed => TestStatus::Passed,
            run::TestStatus::Failed => TestStatus::Failed,
            run::TestStatus::TimedOut => TestStatus::TimedOut,
            run::TestStatus::Crashed => TestStatus::Crashed,
            run::TestStatus::NotRun => TestStatus::NotRun,
        }
    }
}

impl From<&build::CompileError> for CompileError {
    fn from(error: &build::CompileError) -> CompileError {
        CompileError {
            code: error.code.clone(),
            message: error.message.clone(),
            file: error.file.clone(),
            line: error.line,
            rendered: error.rendered.clone(),
        }
    }
}

impl From<&inspect::Evidence> for Evidence {
    fn from(evidence: &inspect::Evidence) -> Evidence {
        Evidence {
            file: evidence.file.clone(),
            line: evidence.line,
            end_line: evidence.end_line,
            snippet: evidence.snippet.clone(),
            seen_by: evidence.seen_by.clone(),
        }
    }
}

impl From<&filetree::Ignored> for Ignored {
    fn from(ignored: &filetree::Ignored) -> Ignored {
        Ignored { path: ignored.path.clone(), reason: ignored.reason.clone() }
    }
}

impl From<&checks::ManualReview> for ManualReview {
    fn from(review: &checks::ManualReview) -> ManualReview {
        ManualReview {
            file: review.file.clone(),
            words: review.words,
            probes: review.probes.clone(),
            prompts: review
                .prompts
                .iter()
                .map(|prompt| ReviewPrompt {
                    concept: prompt.concept.clone(),
                    probe: prompt.probe.clone(),
                    quotes: prompt
                        .quotes
                        .iter()
                        .map(|(line, text)| Quote { line: *line, text: text.clone() })
                        .collect(),
                })
                .collect(),
        }
    }
}

impl From<&process::SandboxSummary> for SandboxSummary {
    fn from(summary: &process::SandboxSummary) -> SandboxSummary {
        SandboxSummary {
            level: match summary.level {
                process::Level::Bwrap => SandboxLevel::Bwrap,
                process::Level::Process => SandboxLevel::Process,
            },
            network: summary.network.clone(),
            filesystem: summary.filesystem.clone(),
            test_user: summary.test_user.clone(),
            notes: summary.notes.clone(),
        }
    }
}

impl From<&intake::git::History> for GitHistory {
    fn from(history: &intake::git::History) -> GitHistory {
        GitHistory {
            head: history.head.clone(),
            commits: history.commits,
            exercises: history
                .exercises
                .iter()
                .map(|folder| FolderHistory {
                    id: folder.id.clone(),
                    commits: folder.commits,
                    first_commit: intake::git::utc(folder.first_commit),
                    last_commit: intake::git::utc(folder.last_commit),
                    lines_added: folder.lines_added,
                })
                .collect(),
            notes: history.notes.clone(),
        }
    }
}
