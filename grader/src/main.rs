//! The `grader` command line: a thin layer over the `grader` library that parses arguments,
//! loads the exercise set and rubric, runs one command and maps the outcome to an exit code
//! (0 success, 1 a grade or check below the bar, 2 usage or infrastructure error).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use std::time::Duration;

use grader::compile::BuildLimits;
use grader::exercise::{Exercise, ExerciseSet, Level};
use grader::grade::{GradeOptions, Grader};
use grader::intake::Submission;
use grader::isolation::Choice;
use grader::render::{self, Style};
use grader::rubric::Rubric;
use grader::{formats, takehome, verify};

#[derive(Parser)]
#[command(name = "grader", version, about = "Hand out Rust take-home exercises and grade what comes back")]
struct Cli {
    /// Exercise set folder (default: the set embedded in this binary).
    #[arg(long, global = true, value_name = "DIR")]
    exercises: Option<PathBuf>,
    /// Rubric file (default: the rubric embedded in this binary).
    #[arg(long, global = true, value_name = "FILE")]
    rubric: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// A scorecard for people.
    Terminal,
    /// The JSON report (docs/report.md).
    Json,
    /// JUnit XML: one testsuite per exercise (docs/formats.md).
    Junit,
    /// Markdown, for $GITHUB_STEP_SUMMARY or a pull-request comment.
    Markdown,
    /// CSV: one header row, one row per submission.
    Csv,
}

#[derive(clap::Args)]
struct Selection {
    /// Only exercises of this level (repeatable).
    #[arg(long = "level", value_name = "LEVEL")]
    levels: Vec<Level>,
    /// Only this exercise (repeatable).
    #[arg(long = "exercise", value_name = "ID")]
    ids: Vec<String>,
}

#[derive(clap::Args)]
struct Limits {
    /// Isolation of candidate code: auto (bubblewrap when it works here), bwrap, or process.
    #[arg(long, default_value = "auto", value_name = "LEVEL")]
    sandbox: Choice,
    /// Seconds the whole build of a submission may take.
    #[arg(long, default_value_t = 600, value_name = "SECS")]
    build_timeout: u64,
}

#[derive(Subcommand)]
enum Command {
    /// Grade one submission folder.
    Check {
        /// The folder the candidate handed back.
        submission: PathBuf,
        #[command(flatten)]
        selection: Selection,
        #[arg(long, value_enum, default_value = "terminal")]
        format: Format,
        /// Exit 1 when the overall score is below this percentage.
        #[arg(long, value_name = "PERCENT")]
        min_score: Option<f64>,
        /// Tests run at once (default: one per core).
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// Seconds each test may run, overriding the exercises' own timeouts.
        #[arg(long, value_name = "SECS")]
        test_timeout: Option<u64>,
        /// Skip the red-flag checks (clippy lints, syntax checks, compiler codes).
        #[arg(long)]
        no_red_flags: bool,
        #[command(flatten)]
        limits: Limits,
    },
    /// Check every exercise: starters fail, reference solutions score full marks, weak solutions pass.
    Verify {
        #[command(flatten)]
        selection: Selection,
        #[command(flatten)]
        limits: Limits,
    },
    /// List the exercises.
    List,
    /// Write a take-home folder for a candidate.
    Init {
        /// Folder to create (must not exist, or be empty).
        dir: PathBuf,
        #[command(flatten)]
        selection: Selection,
    },
}

/// An error for the user: what failed, and the library's reason.
struct Failure(String);

impl<E: std::error::Error> From<E> for Failure {
    fn from(err: E) -> Self {
        let mut message = err.to_string();
        let mut source = err.source();
        while let Some(cause) = source {
            message.push_str(&format!(": {cause}"));
            source = cause.source();
        }
        Failure(message)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(err) = grader::interrupt::install() {
        eprintln!("grader: warning: {err}; an interrupted run may leave temporary folders behind");
    }
    match run(cli) {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("grader: error: {message}");
            ExitCode::from(2)
        }
    }
}

fn load_set(cli: &Cli) -> Result<ExerciseSet, Failure> {
    match &cli.exercises {
        Some(dir) => ExerciseSet::load_dir(dir).map_err(|err| {
            Failure(format!("cannot load the exercise set in {}: {}", dir.display(), Failure::from(err).0))
        }),
        None => Ok(ExerciseSet::embedded()?),
    }
}

fn load_rubric(cli: &Cli) -> Result<Rubric, Failure> {
    match &cli.rubric {
        Some(path) => Ok(Rubric::load(path)?),
        None => Ok(Rubric::embedded()?),
    }
}

fn select<'a>(set: &'a ExerciseSet, selection: &Selection) -> Result<Vec<&'a Exercise>, Failure> {
    let chosen = set.select(&selection.levels, &selection.ids)?;
    if chosen.is_empty() {
        return Err(Failure("no exercise matches the given --level/--exercise; see `grader list`".into()));
    }
    Ok(chosen)
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let set = load_set(&cli)?;
    match &cli.command {
        Command::List => {
            let width = set.exercises().iter().map(|e| e.id.len()).max().unwrap_or(0);
            for exercise in set.exercises() {
                println!(
                    "{:<width$}  {:<6}  {:<20}  {}",
                    exercise.id, exercise.meta.level, exercise.meta.topic, exercise.meta.title
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir, selection } => {
            let chosen = select(&set, selection)?;
            takehome::init(dir, &chosen)?;
            println!("Wrote a take-home with {} exercises to {}.", chosen.len(), dir.display());
            println!("Send the folder to the candidate; grade what comes back with `grader check <folder>`.");
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { submission, selection, format, min_score, jobs, test_timeout, no_red_flags, limits } => {
            let chosen = select(&set, selection)?;
            let submission = Submission::read_dir(submission, &chosen)?;
            let options = GradeOptions {
                jobs: *jobs,
                test_timeout: test_timeout.map(Duration::from_secs),
                red_flags: !no_red_flags,
                sandbox: limits.sandbox,
                build: BuildLimits { timeout: Duration::from_secs(limits.build_timeout), ..BuildLimits::default() },
            };
            let grader = Grader::new(set.clone(), load_rubric(&cli)?, options)?;
            let report = grader.grade(&submission)?;
            match format {
                Format::Terminal => print!("{}", render::scorecard(&report, Style::for_stdout())),
                Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
                Format::Junit => print!("{}", formats::junit(&report)?),
                Format::Markdown => print!("{}", formats::markdown(&report)),
                Format::Csv => print!("{}", formats::csv(std::slice::from_ref(&report))),
            }
            match min_score {
                Some(min) if report.score.percent < *min => {
                    eprintln!("grader: score {:.1}% is below --min-score {min}", report.score.percent);
                    Ok(ExitCode::from(1))
                }
                _ => Ok(ExitCode::SUCCESS),
            }
        }
        Command::Verify { selection, limits } => {
            let chosen = select(&set, selection)?;
            let options = GradeOptions {
                sandbox: limits.sandbox,
                build: BuildLimits { timeout: Duration::from_secs(limits.build_timeout), ..BuildLimits::default() },
                ..GradeOptions::default()
            };
            let grader = Grader::new(set.clone(), load_rubric(&cli)?, options)?;
            let rows = verify::verify(&grader, &chosen)?;
            print!("{}", verify::table(&rows));
            let broken = rows.iter().filter(|row| !row.ok()).count();
            if broken > 0 {
                eprintln!("grader: {broken} of {} exercises are broken", rows.len());
                return Ok(ExitCode::from(1));
            }
            println!("all {} exercises verified", rows.len());
            Ok(ExitCode::SUCCESS)
        }
    }
}
