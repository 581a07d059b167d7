//! Benchmark: the cost of the testing measure. Grades every reference solution three ways, cold,
//! alternating in one process so machine noise hits them alike: with no tests of the candidate's
//! own; with the exercise's visible tests handed in again as the candidate's own
//! (`tests/mine.rs`: a small suite, run against the reference and every chaff); and with the
//! hidden tests handed in as the candidate's own (a thorough suite: every chaff caught, as
//! `grader verify` runs them). Prints the times and the ratios against the first.
//!
//! Run: `cargo bench -p grader --bench candidate_tests` (`GRADER_BENCH_ROUNDS=N` for more rounds).

use std::time::{Duration, Instant};

use grader::exercise::{Exercise, ExerciseSet};
use grader::grade::Grader;
use grader::intake::{CandidateFiles, Submission};
use grader::report::ExerciseStatus;
use grader::score::Rubric;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rounds: usize = std::env::var("GRADER_BENCH_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(3);
    let set = ExerciseSet::embedded()?;
    let runner = std::path::PathBuf::from(env!("CARGO_BIN_EXE_grader"));
    let grader = Grader::builder(set.clone(), Rubric::embedded()?).test_runner(runner).build()?;
    let exercises: Vec<&Exercise> = set.exercises().iter().filter(|e| !e.is_written()).collect();
    let chaff: usize = exercises.iter().map(|e| e.chaff.len()).sum();
    println!("{} exercises, {chaff} chaff, {rounds} rounds, {}", exercises.len(), grader.toolchain().version);

    let none = Submission::from_trees("references", exercises.iter().map(|e| (*e, e.solution.clone())));
    let visible = with_tests(&none, &exercises, |exercise| {
        exercise
            .visible_test_files()
            .into_iter()
            .map(|(_, source)| ("tests/mine.rs".to_owned(), source.to_vec()))
            .collect()
    });
    let hidden = with_tests(&none, &exercises, |exercise| {
        exercise
            .hidden_test_files()
            .into_iter()
            .map(|(stem, source)| (format!("tests/{stem}.rs"), source.to_vec()))
            .collect()
    });
    let (mut plain, mut small, mut thorough) = (Vec::new(), Vec::new(), Vec::new());
    for round in 1..=rounds {
        let a = timed(&grader, &none, false)?;
        let b = timed(&grader, &visible, true)?;
        let c = timed(&grader, &hidden, true)?;
        println!(
            "round {round}: no tests of their own {:>6.2} s   visible tests as theirs {:>6.2} s   \
             hidden tests as theirs {:>6.2} s",
            secs(a),
            secs(b),
            secs(c)
        );
        plain.push(a);
        small.push(b);
        thorough.push(c);
    }
    let (a, b, c) = (median(&mut plain), median(&mut small), median(&mut thorough));
    println!("median: none {:.2} s, small suites {:.2} s, thorough suites {:.2} s", secs(a), secs(b), secs(c));
    println!("cost with a small suite in every exercise: {:.2}x (goal: at most 1.5x)", secs(b) / secs(a));
    println!("cost with a thorough suite in every exercise: {:.2}x (goal: at most 1.5x)", secs(c) / secs(a));
    Ok(())
}

/// `submission` with the files `tests_of(exercise)` as the candidate's own tests.
fn with_tests(
    submission: &Submission,
    exercises: &[&Exercise],
    tests_of: impl Fn(&Exercise) -> Vec<(String, Vec<u8>)>,
) -> Submission {
    let mut submission = submission.clone();
    for ((_, candidate), exercise) in submission.exercises.iter_mut().zip(exercises) {
        if let CandidateFiles::Present { tests, .. } = candidate {
            for (path, source) in tests_of(exercise) {
                tests.insert(&path, source);
            }
        }
    }
    submission
}

/// Grades `submission`, checks every exercise passed (and, `tested`, that the candidate's tests
/// ran against the chaff); returns the wall time.
fn timed(grader: &Grader, submission: &Submission, tested: bool) -> Result<Duration, Box<dyn std::error::Error>> {
    let start = Instant::now();
    let report = grader.grade(submission)?;
    let elapsed = start.elapsed();
    if !report.exercises.iter().all(|e| e.status == ExerciseStatus::Passed) {
        return Err("a reference solution did not pass under the grader".into());
    }
    if tested != report.testing.is_some() {
        return Err("the testing measure is not what the benchmark asked for".into());
    }
    if let Some(problem) =
        report.exercises.iter().filter_map(|e| e.candidate_tests.as_ref()).find_map(|t| t.problems.first())
    {
        return Err(format!("the candidate tests could not run: {problem}").into());
    }
    Ok(elapsed)
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn secs(duration: Duration) -> f64 {
    duration.as_secs_f64()
}
