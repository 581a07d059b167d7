//! The `grader` command line: a thin layer over the `grader` library that parses arguments,
//! loads the exercise set and rubric, runs one command and maps the outcome to an exit code
//! (0 success, 1 a grade or check below the bar, 2 usage or infrastructure error).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use std::time::Duration;

use grader::batch::{self, Shard};
use grader::cache::Cache;
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
    #[arg(long, default_value_t = 300, value_name = "SECS")]
    build_timeout: u64,
}

impl Limits {
    /// Grading options with these limits and everything else at its default.
    fn options(&self) -> GradeOptions {
        GradeOptions {
            sandbox: self.sandbox,
            build: BuildLimits { timeout: Duration::from_secs(self.build_timeout), ..BuildLimits::default() },
            ..GradeOptions::default()
        }
    }
}

/// Settings shared by `check` and `batch`.
#[derive(clap::Args)]
struct Grading {
    /// Seconds each test may run, overriding the exercises' own timeouts.
    #[arg(long, value_name = "SECS")]
    test_timeout: Option<u64>,
    /// Skip the red-flag checks (clippy lints, syntax checks, compiler codes).
    #[arg(long)]
    no_red_flags: bool,
    #[command(flatten)]
    limits: Limits,
}

impl Grading {
    fn options(&self, test_jobs: Option<usize>) -> GradeOptions {
        GradeOptions {
            jobs: test_jobs,
            test_timeout: self.test_timeout.map(Duration::from_secs),
            red_flags: !self.no_red_flags,
            ..self.limits.options()
        }
    }
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
        /// Cache graded exercises in this folder (off by default for `check`).
        #[arg(long, value_name = "DIR")]
        cache_dir: Option<PathBuf>,
        #[command(flatten)]
        grading: Grading,
    },
    /// Check every exercise: starters fail, reference solutions score full marks, weak solutions pass.
    Verify {
        #[command(flatten)]
        selection: Selection,
        #[command(flatten)]
        limits: Limits,
    },
    /// Grade many submissions (a folder of submission folders, or several), in parallel, into an
    /// output folder: one JSON report per submission as it finishes, then a summary.
    Batch {
        /// Submission folders, or folders holding one submission folder each.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output folder (reports/, failures/, sources/, summary.json, summary.csv, summary.md, junit.xml).
        #[arg(long, default_value = "grader-out", value_name = "DIR")]
        out: PathBuf,
        #[command(flatten)]
        selection: Selection,
        /// What to print when done: a summary table, or the summary as json, markdown, csv or junit.
        #[arg(long, value_enum, default_value = "terminal")]
        format: Format,
        /// Exit 1 when any submission scores below this percentage.
        #[arg(long, value_name = "PERCENT")]
        min_score: Option<f64>,
        /// Submissions graded at once (default: one per core, fewer when memory is short).
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// Skip submissions that already have a report in the output folder.
        #[arg(long)]
        resume: bool,
        /// Grade only shard K of N (a deterministic split by submission name), for CI matrices.
        #[arg(long, value_name = "K/N")]
        shard: Option<Shard>,
        /// Cache folder (default: $XDG_CACHE_HOME/grader or ~/.cache/grader).
        #[arg(long, value_name = "DIR")]
        cache_dir: Option<PathBuf>,
        /// Grade everything afresh, reading and writing no cache.
        #[arg(long)]
        no_cache: bool,
        #[command(flatten)]
        grading: Grading,
    },
    /// Re-apply a rubric to a batch output folder: new points, verdicts and summary, no compiling.
    Rescore {
        /// A `grader batch` output folder.
        out: PathBuf,
        #[arg(long, value_enum, default_value = "terminal")]
        format: Format,
    },
    /// Combine the output folders of `grader batch --shard` runs into one, with one summary.
    Merge {
        /// Shard output folders.
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// The combined output folder.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long, value_enum, default_value = "terminal")]
        format: Format,
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
    // Started by the grader itself inside a sandbox, to run one exercise's tests (not for people).
    let mut args = std::env::args_os().skip(1);
    if args.next().is_some_and(|first| first == grader::runner::RUNNER_SUBCOMMAND) {
        let Some(plan) = args.next() else { return ExitCode::from(2) };
        return match grader::runner::serve(std::path::Path::new(&plan), &mut std::io::stdout().lock()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("grader test runner: {err}");
                ExitCode::from(2)
            }
        };
    }
    let cli = Cli::parse();
    grader::interrupt::become_subreaper();
    grader::interrupt::protect_self();
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

/// A grader whose tests run through this executable's test runner.
fn new_grader(cli: &Cli, set: &ExerciseSet, options: GradeOptions) -> Result<Grader, Failure> {
    let mut grader = Grader::new(set.clone(), load_rubric(cli)?, options)?;
    grader.test_runner = std::env::current_exe().ok();
    Ok(grader)
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

/// Progress of a batch: a bar on a terminal, plain lines otherwise (CI logs).
struct Reporter {
    bar: Option<indicatif::ProgressBar>,
    total: usize,
    done: std::sync::atomic::AtomicUsize,
}

impl Reporter {
    fn new(total: usize) -> Reporter {
        use std::io::IsTerminal;
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed} {msg}") {
                bar.set_style(style);
            }
            bar
        });
        Reporter { bar, total, done: std::sync::atomic::AtomicUsize::new(0) }
    }

    fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl batch::Progress for Reporter {
    fn finished(&self, name: &str, report: Option<&grader::report::Report>, error: Option<&str>) {
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let line = match (report, error) {
            (Some(report), _) => {
                let level = report.estimated_level.map_or_else(|| "none".to_owned(), |level| level.to_string());
                format!("[{done}/{}] {name}: {:.1}%, estimated level {level}", self.total, report.score.percent)
            }
            (None, error) => {
                format!("[{done}/{}] {name}: not graded: {}", self.total, error.unwrap_or("unknown error"))
            }
        };
        match &self.bar {
            Some(bar) => {
                bar.println(line);
                bar.inc(1);
            }
            None => eprintln!("{line}"),
        }
    }
}

fn print_summary(summary: &batch::Summary, reports: &[grader::report::Report], format: Format) -> Result<(), Failure> {
    match format {
        Format::Terminal => {
            let width = summary.submissions.iter().map(|s| s.submission.len()).max().unwrap_or(10).max(10);
            println!("{:<width$}  {:>7}  {:<8}  red flags", "submission", "score", "level");
            for line in &summary.submissions {
                let level = line.estimated_level.map_or_else(|| "none".to_owned(), |level| level.to_string());
                println!("{:<width$}  {:>6.1}%  {:<8}  {}", line.submission, line.score.percent, level, line.red_flags);
            }
            for failure in &summary.failures {
                println!("{:<width$}  not graded: {}", failure.submission, failure.error);
            }
            for pair in &summary.similar_pairs {
                println!(
                    "similar: {} and {} on {} (score {:.2}; a person should compare them)",
                    pair.a, pair.b, pair.exercise, pair.score
                );
            }
            for hit in &summary.reference_matches {
                println!("matches the reference: {} on {} (score {:.2})", hit.submission, hit.exercise, hit.score);
            }
        }
        Format::Json => println!("{}", serde_json::to_string_pretty(summary)?),
        Format::Junit => print!("{}", formats::junit_batch(reports)?),
        Format::Markdown => print!("{}", formats::markdown_batch(reports)),
        Format::Csv => print!("{}", formats::csv(reports)),
    }
    Ok(())
}

/// 2 when a submission could not be graded, 1 when one scored below `min_score`, else 0.
fn batch_exit(summary: &batch::Summary, min_score: Option<f64>, out: &std::path::Path) -> Result<ExitCode, Failure> {
    eprintln!("grader: reports and summary in {}", out.display());
    if !summary.failures.is_empty() {
        eprintln!("grader: {} submissions could not be graded (see failures/)", summary.failures.len());
        return Ok(ExitCode::from(2));
    }
    if let Some(min) = min_score {
        let below: Vec<&str> =
            summary.submissions.iter().filter(|s| s.score.percent < min).map(|s| s.submission.as_str()).collect();
        if !below.is_empty() {
            eprintln!("grader: below --min-score {min}: {}", below.join(", "));
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
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
        Command::Check { submission, selection, format, min_score, jobs, cache_dir, grading } => {
            let chosen = select(&set, selection)?;
            let submission = Submission::read_dir(submission, &chosen)?;
            let mut grader = new_grader(&cli, &set, grading.options(*jobs))?;
            if let Some(dir) = cache_dir {
                grader.cache = Some(Cache::open(dir)?);
            }
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
        Command::Batch {
            paths,
            out,
            selection,
            format,
            min_score,
            jobs,
            resume,
            shard,
            cache_dir,
            no_cache,
            grading,
        } => {
            let chosen = select(&set, selection)?;
            let mut entries = batch::discover(paths, &chosen)?;
            if let Some(shard) = shard {
                entries.retain(|entry| shard.contains(&entry.name));
            }
            let mut grader = new_grader(&cli, &set, grading.options(None))?;
            if !no_cache {
                let dir = cache_dir.clone().or_else(Cache::default_dir).ok_or_else(|| {
                    Failure("no cache folder: set XDG_CACHE_HOME or HOME, pass --cache-dir, or use --no-cache".into())
                })?;
                grader.cache = Some(Cache::open(&dir)?);
            }
            let jobs = jobs.unwrap_or_else(batch::default_jobs);
            let reporter = Reporter::new(entries.len());
            batch::run(&grader, &chosen, &entries, out, jobs, *resume, &reporter)?;
            reporter.done();
            let (summary, reports) = batch::summarize(out, &set, None)?;
            print_summary(&summary, &reports, *format)?;
            batch_exit(&summary, *min_score, out)
        }
        Command::Rescore { out, format } => {
            let rubric = load_rubric(&cli)?;
            rubric.check_against(&set)?;
            let (summary, reports) = batch::summarize(out, &set, Some(&rubric))?;
            print_summary(&summary, &reports, *format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Merge { shards, out, format } => {
            let summary = batch::merge(shards, out, &set)?;
            let (_, reports) = batch::summarize(out, &set, None)?;
            print_summary(&summary, &reports, *format)?;
            batch_exit(&summary, None, out)
        }
        Command::Verify { selection, limits } => {
            let chosen = select(&set, selection)?;
            let grader = new_grader(&cli, &set, limits.options())?;
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
