//! Benchmark: grading every reference solution with `grader` against the naive way, a plain
//! `cargo test` in each exercise folder one after another (starter + solution + hidden tests, each
//! with its own cold target folder, as a person would do it). Both run in the same process, cold,
//! alternating, so machine noise hits both alike; it prints both times and the ratio.
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
use grader::rubric::Rubric;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rounds: usize = std::env::var("GRADER_BENCH_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(3);
    let set = ExerciseSet::embedded()?;
    let grader = Grader::new(set.clone(), Rubric::embedded()?, GradeOptions::default())?;
    let exercises: Vec<&Exercise> = set.exercises().iter().collect();
    println!("{} exercises, {} rounds, {}", exercises.len(), rounds, grader.toolchain.version);

    let mut naive_times = Vec::new();
    let mut grader_times = Vec::new();
    for round in 1..=rounds {
        let naive = naive_loop(&exercises)?;
        let start = Instant::now();
        let submission = Submission::from_trees("references", exercises.iter().map(|e| (*e, e.solution.clone())));
        let report = grader.grade(&submission)?;
        let graded = start.elapsed();
        let all_passed = report.exercises.iter().all(|e| e.status == ExerciseStatus::Passed);
        if !all_passed {
            return Err("a reference solution did not pass under the grader".into());
        }
        println!("round {round}: naive cargo test loop {:>6.2} s   grader {:>6.2} s", secs(naive), secs(graded));
        naive_times.push(naive);
        grader_times.push(graded);
    }
    let naive = median(&mut naive_times);
    let graded = median(&mut grader_times);
    println!(
        "median: naive {:.2} s, grader {:.2} s, ratio {:.1}x (target: at least 4x)",
        secs(naive),
        secs(graded),
        secs(naive) / secs(graded)
    );
    Ok(())
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
            tree.insert(format!("tests/{stem}.rs"), source);
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
