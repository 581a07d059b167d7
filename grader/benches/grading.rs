//! Benchmark: grading every reference solution with `grader` against the naive way, a plain
//! `cargo test` in each exercise folder one after another (starter + solution + hidden tests, each
//! with its own cold target folder, as a person would do it); the grader with its red-flag
//! analysis (clippy lints inside the build, syntax checks) against the grader without it; and the
//! grader against the same set without its habit probes (compile and variant probes, allocation
//! budgets that raise a flag, and the tests that measure for them). All run in the same process,
//! cold, alternating, so machine noise hits them alike; it prints the times and the three ratios
//! with their goals.
//!
//! Run: `cargo bench -p grader --bench grading` (`GRADER_BENCH_ROUNDS=N` for more rounds).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use grader::exercise::{Exercise, ExerciseSet};
use grader::filetree::FileTree;
use grader::grade::{GradeOptions, Grader};
use grader::intake::Submission;
use grader::report::ExerciseStatus;
use grader::score::Rubric;
use grader::stage::layout::{MEASURE_MODULE, MEASURE_SOURCE};
use grader::stage::{WITNESS_MODULE, WITNESS_SOURCE};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rounds: usize = std::env::var("GRADER_BENCH_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(3);
    let set = ExerciseSet::embedded()?;
    // The CLI's own test runner runs each exercise's tests inside one sandbox, as `grader` does.
    let runner = std::path::PathBuf::from(env!("CARGO_BIN_EXE_grader"));
    let grader = Grader::builder(set.clone(), Rubric::embedded()?).test_runner(runner.clone()).build()?;
    let plain_options = GradeOptions { red_flags: false, ..GradeOptions::default() };
    let plain =
        Grader::builder(set.clone(), Rubric::embedded()?).options(plain_options).test_runner(runner.clone()).build()?;
    let unprobed = Grader::builder(set.without_habit_probes(), Rubric::embedded()?).test_runner(runner).build()?;
    let exercises: Vec<&Exercise> = set.exercises().iter().filter(|e| !e.is_written()).collect();
    println!("{} exercises, {} rounds, {}", exercises.len(), rounds, grader.toolchain().version);

    let submission = Submission::from_trees("references", exercises.iter().map(|e| (*e, e.solution.clone())));
    let (mut naive_times, mut grader_times, mut plain_times, mut unprobed_times) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for round in 1..=rounds {
        let naive = naive_loop(&exercises)?;
        let graded = timed_grade(&grader, &submission)?;
        let without_flags = timed_grade(&plain, &submission)?;
        let without_probes = timed_grade(&unprobed, &submission)?;
        println!(
            "round {round}: naive cargo test loop {:>6.2} s   grader {:>6.2} s   without red flags {:>6.2} s   \
             without habit probes {:>6.2} s",
            secs(naive),
            secs(graded),
            secs(without_flags),
            secs(without_probes)
        );
        naive_times.push(naive);
        grader_times.push(graded);
        plain_times.push(without_flags);
        unprobed_times.push(without_probes);
    }
    let naive = median(&mut naive_times);
    let graded = median(&mut grader_times);
    let without_flags = median(&mut plain_times);
    let without_probes = median(&mut unprobed_times);
    println!(
        "median: naive {:.2} s, grader {:.2} s, without red flags {:.2} s, without habit probes {:.2} s",
        secs(naive),
        secs(graded),
        secs(without_flags),
        secs(without_probes)
    );
    println!("speed-up over the naive loop: {:.1}x (goal: at least 5x)", secs(naive) / secs(graded));
    println!("cost of red-flag analysis: {:.2}x (goal: at most 1.5x)", secs(graded) / secs(without_flags));
    println!("cost of habit probes: {:.2}x (goal: at most 1.3x)", secs(graded) / secs(without_probes));
    Ok(())
}

/// Grades `submission` and checks every exercise passed; returns the wall time.
fn timed_grade(grader: &Grader, submission: &Submission) -> Result<Duration, Box<dyn std::error::Error>> {
    let start = Instant::now();
    let report = grader.grade(submission)?;
    let elapsed = start.elapsed();
    if !report.exercises.iter().all(|e| e.status == ExerciseStatus::Passed) {
        return Err("a reference solution did not pass under the grader".into());
    }
    Ok(elapsed)
}

/// `cargo test` in one exercise folder after another, each a fresh copy with its own target dir.
fn naive_loop(exercises: &[&Exercise]) -> Result<Duration, Box<dyn std::error::Error>> {
    let scratch = tempfile::tempdir()?;
    let mut folders = Vec::new();
    for exercise in exercises {
        let mut tree = FileTree::new();
        for (path, bytes) in exercise.starter.iter().chain(exercise.solution.iter()) {
            tree.insert(path, bytes);
        }
        for (stem, source) in exercise.hidden_test_files() {
            // Budget tests measure through the grader's module, which a person would add too.
            let mut test = Vec::new();
            if String::from_utf8_lossy(source).contains(MEASURE_MODULE) {
                // The measuring module reports through the witness module, which does nothing here.
                for (module, text) in [(MEASURE_MODULE, MEASURE_SOURCE), (WITNESS_MODULE, WITNESS_SOURCE)] {
                    test.extend(format!("#[path = \"support/{module}.rs\"]\nmod {module};\n").bytes());
                    tree.insert(format!("tests/support/{module}.rs"), text);
                }
            }
            test.extend_from_slice(source);
            tree.insert(format!("tests/{stem}.rs"), test);
        }
        let dir = scratch.path().join(&exercise.id);
        tree.write_to(&dir)?;
        folders.push(dir);
    }
    let start = Instant::now();
    for dir in &folders {
        cargo_test(dir)?;
    }
    Ok(start.elapsed())
}

fn cargo_test(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let output = Command::new("cargo")
        .arg("test")
        .arg("--quiet")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()?;
    if !output.status.success() {
        return Err(
            format!("cargo test failed in {}: {}", dir.display(), String::from_utf8_lossy(&output.stderr)).into()
        );
    }
    Ok(())
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn secs(duration: Duration) -> f64 {
    duration.as_secs_f64()
}
