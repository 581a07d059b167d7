//! Benchmark for CI-scale grading, every figure measured side by side in one run:
//! - one submission (every reference solution), cold, against the floor: compiling each exercise's
//!   library and test binary with bare `rustc` (same debuginfo setting), in parallel on the same
//!   cores, and running each binary once;
//! - a batch of 20 submissions against 20 x one submission / cores, with the peak memory of any
//!   child process. "One submission" is graded on one core (the bench pins itself and all it
//!   starts to one core): a single submission already keeps every core busy, so its time on all
//!   cores would count the parallelism twice. Both times are printed. With `GRADER_BENCH_MIX=1`
//!   the batch mixes four kinds of hand-in in turn (references, edited starters that do not
//!   work, half of each, weak solutions), and the ideal is the sum of each kind's time alone on
//!   one core / cores;
//! - re-grading the unchanged batch from the cache, and rescoring it with a new rubric, against
//!   the cold batch.
//!
//! Run: `cargo bench -p grader --bench batch` (`GRADER_BENCH_BATCH=N` for another batch size,
//! `GRADER_BENCH_MIX=1` for the mixed round: `GRADER_BENCH_BATCH=100 GRADER_BENCH_MIX=1`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use grader::batch::{self, Entry, Event, Progress};
use grader::exercise::{Exercise, ExerciseSet};
use grader::grade::{Cache, Grader};
use grader::intake::{CandidateFiles, Submission};
use grader::score::Rubric;
use grader::stage::{self, layout::TEST_TARGET};
use rayon::prelude::*;

type Failure = Box<dyn std::error::Error>;

struct Quiet;

impl Progress for Quiet {
    fn event(&self, _: Event<'_>) {}
}

fn main() -> Result<(), Failure> {
    let size: usize = std::env::var("GRADER_BENCH_BATCH").ok().and_then(|n| n.parse().ok()).unwrap_or(20);
    let set = ExerciseSet::embedded()?;
    // The CLI's own test runner runs each exercise's tests inside one sandbox, as `grader` does.
    let runner = std::path::PathBuf::from(env!("CARGO_BIN_EXE_grader"));
    let grader = Grader::builder(set.clone(), Rubric::embedded()?).test_runner(runner.clone()).build()?;
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    // Exercises the floor can build with bare rustc: code, no local crates, no compile-fail targets.
    let exercises: Vec<&Exercise> = set
        .exercises()
        .iter()
        .filter(|e| !e.is_written() && !e.is_editable("Cargo.toml") && e.meta.compile_fail.is_empty())
        .collect();
    println!(
        "{} exercises, {cores} cores, sandbox {:?}, {}",
        exercises.len(),
        grader.isolation().level,
        grader.toolchain().version
    );

    let submission = Submission::from_trees("references", exercises.iter().map(|e| (*e, e.solution.clone())));
    let floor = floor(&grader, &exercises, &submission)?;
    let start = Instant::now();
    grader.grade(&submission)?;
    let one = start.elapsed();
    // The same submission with one core: what it costs, with no parallelism of its own.
    let one_core = on_one_core(|| {
        let start = Instant::now();
        grader.grade(&submission).map(|_| start.elapsed())
    })??;
    println!(
        "one submission: grader {:.2} s, floor (bare rustc + run) {:.2} s, ratio {:.2}x (goal: at most 1.3x)",
        secs(one),
        secs(floor),
        secs(one) / secs(floor)
    );

    let scratch = tempfile::tempdir()?;
    let mixed = std::env::var_os("GRADER_BENCH_MIX").is_some();
    let kinds: Vec<Submission> =
        if mixed { KINDS.iter().map(|kind| hand_in(&exercises, *kind)).collect() } else { Vec::new() };
    // Each kind alone on one core: the ideal of a mixed batch is their sum, kind by kind.
    let kind_times: Vec<Duration> = kinds
        .iter()
        .map(|submission| {
            on_one_core(|| {
                let start = Instant::now();
                grader.grade(submission).map(|_| start.elapsed())
            })
            .and_then(|timed| timed.map_err(Into::into))
        })
        .collect::<Result<_, Failure>>()?;
    for (kind, time) in KINDS.iter().zip(&kind_times) {
        println!("one {kind:?} hand-in on one core: {:.2} s", secs(*time));
    }
    let entries = write_submissions(scratch.path(), &exercises, size, mixed)?;
    // Cold: no cache (identical candidates would otherwise hit each other's entries).
    let start = Instant::now();
    batch::run(
        &grader,
        &exercises,
        false,
        &entries,
        &scratch.path().join("cold"),
        batch::default_jobs(),
        false,
        &Quiet,
    )?;
    batch::summarize(&scratch.path().join("cold"), &set, None)?;
    let cold = start.elapsed();
    let ideal = if mixed {
        (0..size).map(|index| kind_times[index % KINDS.len()]).sum::<Duration>().div_f64(cores as f64)
    } else {
        one_core.mul_f64(size as f64 / cores as f64)
    };
    println!(
        "one submission on one core: {:.2} s (on {cores} cores: {:.2} s, {:.2}x faster)",
        secs(one_core),
        secs(one),
        secs(one_core) / secs(one)
    );
    println!(
        "batch of {size}: {:.2} s, {size} x one on one core / {cores} cores = {:.2} s, ratio {:.2}x (goal: at most 1.2x); \
         {size} x one on {cores} cores = {:.2} s; peak child memory {} MiB (goal: under 2048)",
        secs(cold),
        secs(ideal),
        secs(cold) / secs(ideal),
        secs(one.mul_f64(size as f64)),
        peak_child_memory_mib()
    );

    let cached = Grader::builder(set.clone(), Rubric::embedded()?)
        .test_runner(runner)
        .cache(Cache::open(&scratch.path().join("cache"))?)
        .build()?;
    batch::run(
        &cached,
        &exercises,
        false,
        &entries,
        &scratch.path().join("primed"),
        batch::default_jobs(),
        false,
        &Quiet,
    )?;
    let start = Instant::now();
    batch::run(
        &cached,
        &exercises,
        false,
        &entries,
        &scratch.path().join("warm"),
        batch::default_jobs(),
        false,
        &Quiet,
    )?;
    batch::summarize(&scratch.path().join("warm"), &set, None)?;
    let warm = start.elapsed();
    let rubric = Rubric::parse(
        "[points]\ncompiles = 5\nvisible_test = 1\nhidden_test = 3\n[verdicts]\nstrong_percent = 90\npass_percent = 50\n",
        "bench rubric",
    )?;
    let start = Instant::now();
    batch::summarize(&scratch.path().join("cold"), &set, Some(&rubric))?;
    let rescore = start.elapsed();
    println!(
        "re-grade from cache {:.3} s ({:.1}% of cold), rescore {:.3} s ({:.1}% of cold) (goal: under 2%)",
        secs(warm),
        100.0 * secs(warm) / secs(cold),
        secs(rescore),
        100.0 * secs(rescore) / secs(cold)
    );
    Ok(())
}

/// Bare rustc: each exercise's library, then its test binary against it, then one run of the
/// binary, exercises in parallel on the available cores.
fn floor(grader: &Grader, exercises: &[&Exercise], submission: &Submission) -> Result<Duration, Failure> {
    let entries: Vec<(&Exercise, &CandidateFiles)> =
        exercises.iter().zip(&submission.exercises).map(|(exercise, (_, files))| (*exercise, files)).collect();
    let staged = stage::stage(&entries, grader.isolation(), 1)?;
    let rustc = grader.toolchain().rustc.clone();
    let start = Instant::now();
    staged.exercises.par_iter().try_for_each(|exercise| -> Result<(), String> {
        let out = exercise.crate_dir.join("floor");
        let package = exercise.id.replace('-', "_");
        let run = |command: &mut Command| -> Result<(), String> {
            let status = command.status().map_err(|err| err.to_string())?;
            if status.success() {
                Ok(())
            } else {
                Err(format!("{command:?} failed"))
            }
        };
        run(Command::new(&rustc)
            .args(["--edition", "2021", "--crate-type", "lib", "-C", "debuginfo=0", "--crate-name", &package])
            .arg(exercise.crate_dir.join("src/lib.rs"))
            .arg("--out-dir")
            .arg(&out))?;
        let library = out.join(format!("lib{package}.rlib"));
        run(Command::new(&rustc)
            .args(["--edition", "2021", "--test", "-C", "debuginfo=0", "--crate-name", TEST_TARGET])
            .arg(exercise.crate_dir.join(format!("{TEST_TARGET}/main.rs")))
            .arg("--extern")
            .arg(format!("{package}={}", library.display()))
            .arg("-o")
            .arg(out.join("tests")))?;
        let output =
            Command::new(out.join("tests")).current_dir(&exercise.crate_dir).output().map_err(|e| e.to_string())?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!("{} tests failed", exercise.id))
        }
    })?;
    Ok(start.elapsed())
}

/// The kinds of hand-in a mixed batch takes in turn.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Reference,
    /// Every starter with a line of its own: attempted, not working.
    EditedStarter,
    /// References for half the exercises, edited starters for the rest.
    Partial,
    /// Each exercise's first weak solution (the reference where it has none).
    Weak,
}

const KINDS: [Kind; 4] = [Kind::Reference, Kind::EditedStarter, Kind::Partial, Kind::Weak];

/// The editable files of `exercise` in a hand-in of `kind` (the `index`th exercise).
fn files(exercise: &Exercise, kind: Kind, index: usize) -> grader::filetree::FileTree {
    let edited = || {
        let mut starter = exercise.editable_starter();
        if let Some(lib) = starter.text("src/lib.rs").map(|text| format!("{text}\n// An attempt.\n")) {
            starter.insert("src/lib.rs", lib);
        }
        starter
    };
    match kind {
        Kind::Reference => exercise.solution.clone(),
        Kind::EditedStarter => edited(),
        Kind::Partial if index % 2 == 0 => exercise.solution.clone(),
        Kind::Partial => edited(),
        Kind::Weak => exercise.flawed.values().next().cloned().unwrap_or_else(|| exercise.solution.clone()),
    }
}

fn hand_in(exercises: &[&Exercise], kind: Kind) -> Submission {
    Submission::from_trees(
        &format!("{kind:?}"),
        exercises.iter().enumerate().map(|(index, exercise)| (*exercise, files(exercise, kind, index))),
    )
}

fn write_submissions(root: &Path, exercises: &[&Exercise], size: usize, mixed: bool) -> Result<Vec<Entry>, Failure> {
    let mut entries = Vec::new();
    for index in 0..size {
        let folder: PathBuf = root.join("submissions").join(format!("candidate-{index:03}"));
        let kind = if mixed { KINDS[index % KINDS.len()] } else { Kind::Reference };
        for (position, exercise) in exercises.iter().enumerate() {
            files(exercise, kind, position).write_to(&folder.join(&exercise.id))?;
        }
        entries.push(Entry { name: format!("candidate-{index:03}"), folder });
    }
    Ok(entries)
}

/// The largest resident set of any finished child (getrusage), in MiB.
fn peak_child_memory_mib() -> i64 {
    // SAFETY: getrusage writes into the zeroed struct we pass and reads nothing else.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    usage.ru_maxrss / 1024
}

/// Runs `work` with this thread, and everything it starts (threads, cargo, rustc, tests), on
/// the first core it may use now; restores the cores after.
fn on_one_core<T>(work: impl FnOnce() -> T) -> Result<T, Failure> {
    // SAFETY: cpu_set_t is plain data; sched_getaffinity and sched_setaffinity read and write
    // exactly one such set, and CPU_ISSET/CPU_ZERO/CPU_SET only touch the set passed to them.
    unsafe {
        let mut all: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut all) != 0 {
            return Err(std::io::Error::last_os_error().into());
        }
        let first = (0..libc::CPU_SETSIZE as usize).find(|&cpu| libc::CPU_ISSET(cpu, &all)).ok_or("no usable core")?;
        let mut one: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_ZERO(&mut one);
        libc::CPU_SET(first, &mut one);
        if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &one) != 0 {
            return Err(std::io::Error::last_os_error().into());
        }
        let result = work();
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &all);
        Ok(result)
    }
}

fn secs(duration: Duration) -> f64 {
    duration.as_secs_f64()
}
