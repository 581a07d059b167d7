//! The command line's shape: every subcommand and flag, parsed by clap. Flags that several
//! commands share are one `clap::Args` struct each, flattened into exactly the commands that use
//! them: a command is never offered a flag it would ignore. The main type is [`Cli`].

use std::num::{IntErrorKind, NonZeroUsize};
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};

use grader::batch::ShardChoice;
use grader::build::BuildLimits;
use grader::exercise::Level;
use grader::grade::GradeOptions;
use grader::process::Choice;

use super::output::Verbosity;

#[derive(Parser)]
#[command(
    name = "grader",
    version,
    propagate_version = true,
    about = "Hand out Rust take-home exercises and grade what comes back",
    after_long_help = super::exit::help()
)]
pub struct Cli {
    #[command(flatten)]
    pub output: Output,
    #[command(subcommand)]
    pub command: Command,
}

/// How output looks, for every command (cargo's and nextest's global flags).
#[derive(clap::Args)]
pub struct Output {
    /// When to colour the terminal scorecard and interview guide: auto (on a terminal, unless
    /// NO_COLOR is set; CLICOLOR_FORCE forces it), always or never. GRADER_COLOR sets the default.
    #[arg(long, value_enum, global = true, env = "GRADER_COLOR", default_value = "auto", value_name = "WHEN")]
    pub color: ColorWhen,
    /// Print only the result: no progress, notes or warnings on stderr. Errors, and why the exit
    /// code is not 0, are still printed.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more on stderr: the exercise set, rubric and settings in use, and where the time
    /// goes (each cargo run, test runner and grading step with its duration, as GRADER_TRACE=1).
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

impl Output {
    /// What `-q`/`-v` ask for.
    pub fn verbosity(&self) -> Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (false, true) => Verbosity::Verbose,
            (false, false) => Verbosity::Normal,
        }
    }
}

/// `--color`: when to colour.
#[derive(Clone, Copy, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal that takes colour, unless NO_COLOR is set (CLICOLOR_FORCE forces it).
    // An empty GRADER_COLOR (a CI template's unset variable) means the default, as an empty
    // NO_COLOR does.
    #[value(alias = "")]
    Auto,
    /// Always, even into a file or a pipe, whatever NO_COLOR says.
    Always,
    /// Never.
    Never,
}

impl ColorWhen {
    /// The same choice in `anstream`'s terms.
    pub fn choice(self) -> anstream::ColorChoice {
        match self {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        }
    }
}

/// Where the exercise set comes from, for the commands that read exercises.
#[derive(clap::Args)]
pub struct SetSource {
    /// Exercise set folder (default: the set embedded in this binary).
    #[arg(long, value_name = "DIR")]
    pub exercises: Option<PathBuf>,
}

/// The exercise set and the rubric, for the commands that score or record a rubric.
#[derive(clap::Args)]
pub struct Sources {
    #[command(flatten)]
    pub set: SetSource,
    /// Rubric file (default: the rubric embedded in this binary).
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
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
    /// One self-contained HTML page to share (with the interview guide); for a batch, the page of
    /// its summary.html.
    Html,
}

/// What `grader list` prints.
#[derive(Clone, Copy, ValueEnum)]
pub enum ListFormat {
    /// One line per exercise: id, level, topic, title.
    Terminal,
    /// A JSON array of {id, level, topic, title, minutes}.
    Json,
}

#[derive(clap::Args)]
pub struct Selection {
    /// Only exercises of this level (repeatable).
    #[arg(long = "level", value_name = "LEVEL", value_parser = level())]
    pub levels: Vec<Level>,
    /// Only this exercise (repeatable).
    #[arg(long = "exercise", value_name = "ID")]
    pub ids: Vec<String>,
}

#[derive(clap::Args)]
pub struct Limits {
    /// Isolation of candidate code: auto (bubblewrap when it works here), bwrap, or process.
    #[arg(long, default_value = "auto", value_name = "LEVEL")]
    pub sandbox: Choice,
    /// Seconds the whole build of a submission may take.
    #[arg(long, default_value_t = 300, value_name = "SECS")]
    pub build_timeout: u64,
}

impl Limits {
    /// Grading options with these limits, `test_jobs` tests at once (one per core when `None`)
    /// and everything else at its default.
    pub fn options(&self, test_jobs: Option<NonZeroUsize>) -> GradeOptions {
        GradeOptions {
            jobs: test_jobs.map(NonZeroUsize::get),
            sandbox: self.sandbox,
            build: BuildLimits { timeout: Duration::from_secs(self.build_timeout), ..BuildLimits::default() },
            ..GradeOptions::default()
        }
    }
}

/// Settings shared by `check` and `batch`.
#[derive(clap::Args)]
pub struct Grading {
    /// Seconds each test may run, overriding the exercises' own timeouts.
    #[arg(long, value_name = "SECS")]
    pub test_timeout: Option<u64>,
    /// Skip the red-flag checks (clippy lints, syntax checks, compiler codes).
    #[arg(long)]
    pub no_red_flags: bool,
    #[command(flatten)]
    pub limits: Limits,
}

impl Grading {
    pub fn options(&self, test_jobs: Option<NonZeroUsize>) -> GradeOptions {
        GradeOptions {
            test_timeout: self.test_timeout.map(Duration::from_secs),
            red_flags: !self.no_red_flags,
            ..self.limits.options(test_jobs)
        }
    }
}

/// Parses `--level`: one of the levels, offered by name in `--help` and shell completions.
fn level() -> impl TypedValueParser<Value = Level> {
    PossibleValuesParser::new(Level::ALL.map(Level::as_str)).try_map(|name| name.parse::<Level>())
}

/// Parses `-j/--jobs`: a whole number, 1 or more. 0 is refused rather than read as "the default"
/// or "one": leaving the flag out gives the default, which each command states in its help.
fn jobs(text: &str) -> Result<NonZeroUsize, String> {
    text.parse::<NonZeroUsize>().map_err(|err| match err.kind() {
        IntErrorKind::Zero => "0 jobs would run nothing: pass 1 or more, or leave -j out for the default".to_owned(),
        _ => "not a number of jobs: pass a whole number, 1 or more".to_owned(),
    })
}

#[derive(Subcommand)]
pub enum Command {
    /// Grade one submission: a folder, a .zip, a .tar.gz/.tgz or a git repository.
    Check {
        /// What the candidate handed back: a folder, a .zip, a .tar.gz/.tgz/.tar, or a git
        /// repository (its committed HEAD is graded).
        submission: PathBuf,
        #[command(flatten)]
        selection: Selection,
        #[arg(long, value_enum, default_value = "terminal")]
        format: Format,
        /// Exit 1 when the overall score is below this percentage.
        #[arg(long, value_name = "PERCENT")]
        min_score: Option<f64>,
        /// Tests run at once, each in a process of its own (default: one per core).
        #[arg(short = 'j', long, value_name = "N", value_parser = jobs)]
        jobs: Option<NonZeroUsize>,
        /// Cache graded exercises in this folder (off by default for `check`).
        #[arg(long, value_name = "DIR")]
        cache_dir: Option<PathBuf>,
        /// Print the interview guide after the report (terminal and markdown formats; the html
        /// page always has it): per exercise, the question, what the candidate's code shows and
        /// what to ask them next.
        #[arg(long)]
        guide: bool,
        /// Fold in a review file: the habits points and notes an interviewer recorded per
        /// exercise (README, "Recording what a person decided"). Every output shows both.
        #[arg(long, value_name = "FILE")]
        review: Option<PathBuf>,
        #[command(flatten)]
        grading: Grading,
        #[command(flatten)]
        sources: Sources,
    },
    /// Check the exercise set: starters fail, reference solutions score full marks, weak solutions
    /// pass and are caught, and the calibration corpus is graded fairly.
    Verify {
        #[command(flatten)]
        selection: Selection,
        /// Tests run at once in each grading, each in a process of its own (default: one per
        /// core).
        #[arg(short = 'j', long, value_name = "N", value_parser = jobs)]
        jobs: Option<NonZeroUsize>,
        #[command(flatten)]
        limits: Limits,
        #[command(flatten)]
        sources: Sources,
    },
    /// Grade many submissions (a folder of submission folders, or several), in parallel, into an
    /// output folder: one JSON report per submission as it finishes, then a summary.
    Batch {
        /// Submission folders, or folders holding one submission folder each.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output folder (reports/, failures/, sources/, summary.json, summary.csv, summary.md,
        /// summary.html, junit.xml).
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
        /// Hand-ins graded at once, each running its tests one per core (default: one per core,
        /// fewer when memory is short).
        #[arg(short = 'j', long, value_name = "N", value_parser = jobs)]
        jobs: Option<NonZeroUsize>,
        /// Finish an earlier run of the same selection, exercise set, rubric and shard into the
        /// output folder: submissions that already have a report there are skipped.
        #[arg(long, conflicts_with = "force")]
        resume: bool,
        /// Replace the batch output already in the output folder (its reports, failures and
        /// summaries), whatever run produced it.
        #[arg(long)]
        force: bool,
        /// Grade only shard K of N (a deterministic split by submission name), for CI matrices;
        /// `auto` reads it from the CI engine (GRADER_SHARD, GitLab's CI_NODE_INDEX/CI_NODE_TOTAL,
        /// Kubernetes' JOB_COMPLETION_INDEX with GRADER_SHARD_TOTAL).
        #[arg(long, value_name = "K/N|auto")]
        shard: Option<ShardChoice>,
        /// Cache folder (default: $XDG_CACHE_HOME/grader or ~/.cache/grader).
        #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
        cache_dir: Option<PathBuf>,
        /// Grade everything afresh, reading and writing no cache.
        #[arg(long)]
        no_cache: bool,
        #[command(flatten)]
        grading: Grading,
        #[command(flatten)]
        sources: Sources,
    },
    /// Re-apply a rubric to a batch output folder: new points, verdicts and summary, no compiling.
    Rescore {
        /// A `grader batch` output folder.
        out: PathBuf,
        #[arg(long, value_enum, default_value = "terminal")]
        format: Format,
        // The exercise set the batch was graded with (default: the embedded set), and the rubric
        // to apply (default: the embedded rubric).
        #[command(flatten)]
        sources: Sources,
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
        // The exercise set the shards were graded with; a rubric, when given, is applied to the
        // merged reports (without one, their points stay as graded).
        #[command(flatten)]
        sources: Sources,
    },
    /// Explain a red-flag id (`excess_clones`) or a rustc error code (`E0499`) in plain words.
    Explain {
        /// A flag id or an error code; anything else lists the known ones.
        term: String,
    },
    /// List the exercises: id, level, topic and title (and, in JSON, the minutes a competent
    /// candidate needs).
    List {
        /// Only exercises of this level (repeatable).
        #[arg(long = "level", value_name = "LEVEL", value_parser = level())]
        levels: Vec<Level>,
        #[arg(long, value_enum, default_value = "terminal")]
        format: ListFormat,
        #[command(flatten)]
        set: SetSource,
    },
    /// Write a take-home folder for a candidate.
    Init {
        /// Folder to create (must not exist, or be empty).
        dir: PathBuf,
        #[command(flatten)]
        selection: Selection,
        // The exercises handed out come from the set; the rubric's digest is recorded in the
        // take-home's manifest.
        #[command(flatten)]
        sources: Sources,
    },
    /// Print a shell completion script on stdout (bash: `grader completions bash >
    /// ~/.local/share/bash-completion/completions/grader`).
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on stdout (`grader man | man -l -`).
    Man {
        /// Write one page per command into this folder instead (grader.1, grader-check.1, …),
        /// for packagers.
        #[arg(long, value_name = "DIR", hide = true)]
        out_dir: Option<PathBuf>,
    },
}
