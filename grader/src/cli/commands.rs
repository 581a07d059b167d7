//! One function per subcommand: each loads what it needs, calls the library, prints through
//! [`Stdout`] and returns its exit code. The main function is [`run`].

use std::path::Path;

use grader::batch::{self, Provenance, Reuse, Summary};
use grader::error::{Expected, PathArg};
use grader::exercise::{exercises_digest, Exercise, ExerciseSet, Level};
use grader::grade::{Cache, GradeOptions, Grader};
use grader::intake::Submission;
use grader::report::{self, Guide, Report, Style};
use grader::score::{self, ReviewFile, Rubric};
use grader::takehome::Manifest;
use grader::{takehome, verify};

use clap::CommandFactory;

use super::args::{Cli, Command, Format, ListFormat, Selection, SetSource, Sources};
use super::exit::{BELOW_BAR, NOTHING_GRADED, OK, SOME_NOT_GRADED};
use super::output::{Log, Stdout, Verbosity};
use super::progress::Reporter;
use super::Failure;

/// Runs the subcommand of `cli`, saying on stderr what `log` lets through; its exit code.
pub fn run(cli: &Cli, log: Log) -> Result<u8, Failure> {
    let mut out = Stdout::new();
    match &cli.command {
        Command::List { levels, format, set } => list(&load_set(set, log)?, levels, *format, &mut out),
        Command::Explain { term } => explain(term, &mut out),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "grader", &mut script);
            out.write(&String::from_utf8_lossy(&script))?;
            Ok(OK)
        }
        Command::Man { out_dir } => man(out_dir.as_deref(), log, &mut out),
        Command::Init { dir, selection, sources } => init(sources, dir, selection, log, &mut out),
        Command::Check {
            submission,
            selection,
            format,
            min_score,
            jobs,
            cache_dir,
            guide,
            review,
            grading,
            sources,
        } => {
            if *guide && !matches!(format, Format::Terminal | Format::Markdown | Format::Html) {
                return Err(Failure::from_message(
                    "--guide goes with --format terminal, markdown or html (the JSON report holds everything it is built from)",
                ));
            }
            // The rubric and toolchain are checked before the hand-in is read: a bad rubric is the
            // first thing to fix, even when the hand-in is empty too.
            let set = load_set(&sources.set, log)?;
            let mut builder = grader_builder(&set, load_rubric(sources, log)?, grading.options(*jobs));
            if let Some(dir) = cache_dir {
                builder = builder.cache(Cache::open(dir)?);
            }
            let grader = builder.build()?;
            describe(&grader, cache_dir.as_deref(), log);
            let started = std::time::Instant::now();
            let submission = read_hand_in(&set, selection, submission)?;
            let mut report = grader.grade(&submission)?;
            if let Some(path) = review {
                PathArg {
                    what: "review file",
                    expected: Expected::File,
                    hint: "pass the TOML file the interviewer wrote",
                }
                .existing(path)?;
                score::apply_review(&mut report, &ReviewFile::load(path)?, &set, grader.rubric())?;
            }
            log.detail(format_args!(
                "graded {} ({}) in {:.2} s",
                report.submission,
                count(report.exercises.len(), "exercise"),
                started.elapsed().as_secs_f64()
            ));
            check(&report, &set, *format, *guide, *min_score, log, &mut out)
        }
        Command::Batch {
            paths,
            out: folder,
            selection,
            format,
            min_score,
            jobs,
            resume,
            force,
            shard,
            cache_dir,
            no_cache,
            grading,
            sources,
        } => {
            let set = load_set(&sources.set, log)?;
            let chosen = select(&set, selection)?;
            let shard = shard
                .map(|choice| choice.resolve(&|name| std::env::var(name).ok()))
                .transpose()
                .map_err(Failure::from_message)?;
            let mut entries = batch::discover(paths, &chosen)?;
            if let Some(shard) = shard {
                entries.retain(|entry| shard.contains(&entry.name));
            }
            let rubric = load_rubric(sources, log)?;
            let rubric_digest = rubric.digest();
            let mut builder = grader_builder(&set, rubric, grading.options(None));
            let cache = if *no_cache {
                None
            } else {
                Some(cache_dir.clone().or_else(Cache::default_dir).ok_or_else(|| {
                    Failure::from_message(
                        "no cache folder: set XDG_CACHE_HOME or HOME, pass --cache-dir, or use --no-cache",
                    )
                })?)
            };
            if let Some(dir) = &cache {
                builder = builder.cache(Cache::open(dir)?);
            }
            let grader = builder.build()?;
            describe(&grader, cache.as_deref(), log);
            // The folder records what produced it; another run's output is never mixed in.
            let provenance = Provenance {
                grader_version: env!("CARGO_PKG_VERSION").to_owned(),
                exercises: chosen.iter().map(|exercise| exercise.id.clone()).collect(),
                exercise_set: exercises_digest(&chosen),
                rubric: rubric_digest,
                shard: shard.map(|shard| shard.to_string()),
            };
            let reuse = if *force {
                Reuse::Force
            } else if *resume {
                Reuse::Resume
            } else {
                Reuse::Fresh
            };
            provenance.prepare(folder, reuse)?;
            let jobs = jobs.map_or_else(batch::default_jobs, std::num::NonZeroUsize::get);
            log.detail(format_args!("{}, {jobs} graded at once", count(entries.len(), "hand-in")));
            let started = std::time::Instant::now();
            let reporter = Reporter::new(entries.len(), log.verbosity == Verbosity::Quiet);
            // Without --level/--exercise, each hand-in is graded as its take-home.toml lists (or
            // the folders present), as `check` does.
            let by_manifest = selection.levels.is_empty() && selection.ids.is_empty();
            batch::run(&grader, &chosen, by_manifest, &entries, folder, jobs, *resume, &reporter)?;
            reporter.finish();
            log.detail(format_args!("graded the batch in {:.2} s", started.elapsed().as_secs_f64()));
            let (summary, reports) = batch::summarize(folder, &set, None)?;
            print_summary(&summary, &reports, *format, &mut out)?;
            Ok(batch_exit(&summary, *min_score, folder, log))
        }
        Command::Rescore { out: folder, format, sources } => {
            PathArg {
                what: "batch output folder",
                expected: Expected::Folder,
                hint: "pass the --out folder of a `grader batch` run",
            }
            .existing(folder)?;
            if !batch::is_batch_output(folder) {
                return Err(Failure::from_message(format!(
                    "{} is not a `grader batch` output folder (no {} or reports/); pass the --out folder of a batch",
                    folder.display(),
                    batch::PROVENANCE_FILE
                )));
            }
            let set = load_set(&sources.set, log)?;
            let rubric = load_rubric(sources, log)?;
            rubric.check_against(&set)?;
            let (summary, reports) = batch::summarize(folder, &set, Some(&rubric))?;
            if let Some(provenance) = Provenance::read(folder)? {
                Provenance { rubric: rubric.digest(), ..provenance }.write(folder)?;
            }
            print_summary(&summary, &reports, *format, &mut out)?;
            Ok(batch_exit(&summary, None, folder, log))
        }
        Command::Merge { shards, out: folder, format, sources } => {
            // `--rubric` is applied to the merged reports (checked against the set first).
            let set = load_set(&sources.set, log)?;
            let rubric = match &sources.rubric {
                Some(_) => {
                    let rubric = load_rubric(sources, log)?;
                    rubric.check_against(&set)?;
                    Some(rubric)
                }
                None => None,
            };
            let summary = batch::merge(shards, folder, &set, rubric.as_ref())?;
            let (_, reports) = batch::summarize(folder, &set, None)?;
            print_summary(&summary, &reports, *format, &mut out)?;
            Ok(batch_exit(&summary, None, folder, log))
        }
        Command::Verify { selection, jobs, limits, sources } => {
            let set = load_set(&sources.set, log)?;
            let chosen = select(&set, selection)?;
            let grader = grader_builder(&set, load_rubric(sources, log)?, limits.options(*jobs)).build()?;
            describe(&grader, None, log);
            let rows = verify::verify(&grader, &chosen)?;
            out.write(&verify::table(&rows))?;
            let calibration = verify::calibration::calibrate(&grader, &chosen)?;
            out.write(&verify::calibration::table(&calibration))?;
            let broken = rows.iter().filter(|row| !row.ok()).count();
            for problem in &calibration.problems {
                log.outcome(format_args!("calibration: {problem}"));
            }
            if broken > 0 || !calibration.problems.is_empty() {
                log.outcome(format_args!(
                    "{broken} of {} exercises are broken; calibration found {} problems",
                    rows.len(),
                    calibration.problems.len()
                ));
                return Ok(BELOW_BAR);
            }
            out.line(&format!("all {} exercises verified, calibration included", rows.len()))?;
            Ok(OK)
        }
    }
}

/// One exercise as `grader list --format json` prints it.
#[derive(serde::Serialize)]
struct Listed<'a> {
    id: &'a str,
    level: Level,
    topic: &'a str,
    title: &'a str,
    /// Minutes a competent candidate needs, when the exercise says.
    minutes: Option<u32>,
}

/// `grader list`: the exercises of `levels` (all when empty) with level, topic and title, as
/// lines or a JSON array. No exercise at those levels is an empty list, not an error.
fn list(set: &ExerciseSet, levels: &[Level], format: ListFormat, out: &mut Stdout) -> Result<u8, Failure> {
    let chosen = set.select(levels, &[])?;
    match format {
        ListFormat::Terminal => {
            let width = chosen.iter().map(|e| e.id.len()).max().unwrap_or(0);
            for exercise in &chosen {
                out.line(&format!(
                    "{:<width$}  {:<6}  {:<20}  {}",
                    exercise.id, exercise.meta.level, exercise.meta.topic, exercise.meta.title
                ))?;
            }
        }
        ListFormat::Json => {
            let listed: Vec<Listed<'_>> = chosen
                .iter()
                .map(|exercise| Listed {
                    id: &exercise.id,
                    level: exercise.meta.level,
                    topic: &exercise.meta.topic,
                    title: &exercise.meta.title,
                    minutes: exercise.meta.minutes,
                })
                .collect();
            out.line(&serde_json::to_string_pretty(&listed)?)?;
        }
    }
    Ok(OK)
}

/// `grader man`: the man page on stdout, or, with `out_dir`, one page per command written there
/// (`grader.1`, `grader-check.1`, …).
fn man(out_dir: Option<&Path>, log: Log, out: &mut Stdout) -> Result<u8, Failure> {
    let mut command = Cli::command().disable_help_subcommand(true);
    // Gives each subcommand its display name (`grader-check`) for its own page.
    command.build();
    let Some(dir) = out_dir else {
        let mut page = Vec::new();
        main_man_page(&command, &mut page)
            .map_err(|err| Failure::from_message(format!("cannot write the man page: {err}")))?;
        out.write(&String::from_utf8_lossy(&page))?;
        return Ok(OK);
    };
    PathArg {
        what: "man page folder",
        expected: Expected::Folder,
        hint: "pass --out-dir a folder (it is made when missing)",
    }
    .new_or_existing(dir)?;
    let written = |source| grader::Error::io("write man pages into", dir, source);
    std::fs::create_dir_all(dir).map_err(written)?;
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        clap_mangen::Man::new(sub.clone()).generate_to(dir).map_err(written)?;
    }
    let mut page = Vec::new();
    main_man_page(&command, &mut page).map_err(written)?;
    std::fs::write(dir.join("grader.1"), page).map_err(written)?;
    log.note(format_args!("man pages in {}", dir.display()));
    Ok(OK)
}

/// The page of `grader` itself: clap_mangen's sections, with the exit codes as EXIT STATUS (where
/// man pages keep them) instead of `--help`'s closing text.
fn main_man_page(command: &clap::Command, page: &mut Vec<u8>) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(page)?;
    man.render_name_section(page)?;
    man.render_synopsis_section(page)?;
    man.render_description_section(page)?;
    man.render_options_section(page)?;
    man.render_subcommands_section(page)?;
    let mut status = roff::Roff::new();
    status.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in super::exit::MEANINGS {
        status.control("TP", []).text([roff::bold(code.to_string())]).text([roff::roman(meaning)]);
    }
    status.to_writer(page)?;
    man.render_version_section(page)
}

/// `grader explain`: a flag id or rustc code in plain words; an unknown term is a usage error
/// listing the known ones.
fn explain(term: &str, out: &mut Stdout) -> Result<u8, Failure> {
    let Some(explanation) = report::explain(term) else {
        return Err(Failure::from_message(format!(
            "`{term}` is neither a red-flag id nor a rustc code this grader explains; known: {}",
            report::known_terms().join(", ")
        )));
    };
    out.line(&format!("{}: {}", explanation.term, explanation.summary))?;
    for line in explanation.details {
        out.line(&format!("  {line}"))?;
    }
    Ok(OK)
}

/// `grader init`: writes the take-home, with its manifest sealed by this machine's key.
fn init(sources: &Sources, dir: &Path, selection: &Selection, log: Log, out: &mut Stdout) -> Result<u8, Failure> {
    let set = load_set(&sources.set, log)?;
    let chosen = select(&set, selection)?;
    let key = takehome::seal_key(true).unwrap_or_else(|err| {
        log.warning(format_args!("{}; the take-home's manifest is not sealed", grader::error::display_chain(&err)));
        None
    });
    let manifest = Manifest::new(&chosen, &load_rubric(sources, log)?.digest(), key.as_ref());
    takehome::init(dir, &chosen, &manifest)?;
    out.line(&format!("Wrote a take-home with {} exercises to {}.", chosen.len(), dir.display()))?;
    out.line("Send the folder to the candidate; grade what comes back with `grader check <folder>`.")?;
    Ok(OK)
}

/// `grader check`: prints the report in `format`, then, `with_guide`, the interview guide
/// (terminal and Markdown; the HTML page always holds it); [`BELOW_BAR`] under `min_score`.
fn check(
    report: &Report,
    set: &ExerciseSet,
    format: Format,
    with_guide: bool,
    min_score: Option<f64>,
    log: Log,
    out: &mut Stdout,
) -> Result<u8, Failure> {
    let guide = with_guide.then(|| Guide::build(report, set));
    match format {
        Format::Terminal => {
            let style = Style::for_stdout();
            out.write(&report::scorecard(report, style))?;
            if let Some(guide) = guide {
                out.write("\n")?;
                out.write(&guide.terminal(style))?;
            }
        }
        Format::Json => out.line(&serde_json::to_string_pretty(report)?)?,
        Format::Junit => out.write(&report::junit(report, min_score)?)?,
        Format::Markdown => {
            out.write(&report::markdown(report))?;
            if let Some(guide) = guide {
                out.write("\n")?;
                out.write(&guide.markdown())?;
            }
        }
        Format::Csv => out.write(&report::csv(std::slice::from_ref(report)))?,
        Format::Html => out.write(&report::html(report, &Guide::build(report, set)))?,
    }
    match min_score {
        Some(min) if report.score.percent < min => {
            log.outcome(format_args!("score {:.1}% is below --min-score {min}", report.score.percent));
            Ok(BELOW_BAR)
        }
        _ => Ok(OK),
    }
}

/// A grader builder whose tests run through this executable's test runner.
fn grader_builder(set: &ExerciseSet, rubric: Rubric, options: GradeOptions) -> grader::grade::GraderBuilder {
    let mut builder = Grader::builder(set.clone(), rubric).options(options);
    if let Ok(exe) = std::env::current_exe() {
        builder = builder.test_runner(exe);
    }
    builder
}

/// The exercise set of `--exercises`, or the embedded one.
fn load_set(source: &SetSource, log: Log) -> Result<ExerciseSet, Failure> {
    let set = match &source.exercises {
        Some(dir) => ExerciseSet::load_dir(dir).map_err(|err| match err {
            // These name the folder and say what to do already.
            grader::Error::NotFound { .. } | grader::Error::WrongKind { .. } => Failure::from(err),
            err => Failure::from_message(format!(
                "cannot load the exercise set in {}: {}",
                dir.display(),
                grader::error::display_chain(&err)
            )),
        })?,
        None => ExerciseSet::embedded()?,
    };
    let origin = source.exercises.as_ref().map_or_else(|| "embedded".to_owned(), |dir| dir.display().to_string());
    log.detail(format_args!("exercise set: {origin} ({} exercises)", set.exercises().len()));
    Ok(set)
}

/// The rubric of `--rubric`, or the embedded one.
fn load_rubric(sources: &Sources, log: Log) -> Result<Rubric, Failure> {
    let rubric = match &sources.rubric {
        Some(path) => Rubric::load(path)?,
        None => Rubric::embedded()?,
    };
    let origin = sources.rubric.as_ref().map_or_else(|| "embedded".to_owned(), |path| path.display().to_string());
    log.detail(format_args!("rubric: {origin} (digest {})", rubric.digest()));
    Ok(rubric)
}

/// `n thing` or `n things`.
fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// Under `-v`: how `grader` will grade (sandbox, tests at once, red flags, cache).
fn describe(grader: &Grader, cache: Option<&Path>, log: Log) {
    let sandbox = grader.isolation().summary();
    let level = match sandbox.level {
        grader::process::Level::Bwrap => "bwrap",
        grader::process::Level::Process => "process",
    };
    let options = grader.options();
    let tests = options.jobs.map_or_else(|| "one per core".to_owned(), |jobs| jobs.to_string());
    log.detail(format_args!(
        "sandbox: {level} (network {}, file system {}, tests run as {}); tests at once: {tests}; red flags: {}; \
         cache: {}",
        sandbox.network,
        sandbox.filesystem,
        sandbox.test_user,
        if options.red_flags { "on" } else { "off" },
        cache.map_or_else(|| "none".to_owned(), |dir| dir.display().to_string())
    ));
}

/// Reads the hand-in at `path` (a folder, an archive, a git repository) for the exercises to
/// grade, with notes saying why those: `--level`/`--exercise` when given; else the take-home's
/// manifest (`take-home.toml`) beside its exercise folders, refused when this machine sealed
/// another list than the one that came back; else the exercise folders present.
fn read_hand_in(set: &ExerciseSet, selection: &Selection, path: &Path) -> Result<Submission, Failure> {
    if !selection.levels.is_empty() || !selection.ids.is_empty() {
        let chosen = select(set, selection)?;
        let mut submission = Submission::read(path, &chosen)?;
        let ids: Vec<&str> = chosen.iter().map(|exercise| exercise.id.as_str()).collect();
        if let Some(manifest) = submission.manifest.as_deref().map(Manifest::parse).transpose()? {
            if manifest.exercises != ids {
                submission.notes.push(format!(
                    "the take-home lists {} exercises; graded the {} chosen with --level/--exercise",
                    manifest.exercises.len(),
                    ids.len()
                ));
            }
        }
        return Ok(submission);
    }
    // Every exercise of the set is looked for; the manifest or the folders present choose.
    let all: Vec<&Exercise> = set.exercises().iter().collect();
    let mut submission = Submission::read(path, &all)?;
    takehome::choose(&mut submission, &all, path)?;
    Ok(submission)
}

fn select<'a>(set: &'a ExerciseSet, selection: &Selection) -> Result<Vec<&'a Exercise>, Failure> {
    let chosen = set.select(&selection.levels, &selection.ids)?;
    if chosen.is_empty() {
        return Err(Failure::from_message("no exercise matches the given --level/--exercise; see `grader list`"));
    }
    Ok(chosen)
}

/// The summary of a batch output folder in `format`.
fn print_summary(summary: &Summary, reports: &[Report], format: Format, out: &mut Stdout) -> Result<(), Failure> {
    match format {
        Format::Terminal => {
            let width = summary.submissions.iter().map(|s| s.submission.len()).max().unwrap_or(10).max(10);
            out.line(&format!("{:<width$}  {:>7}  {:<8}  red flags", "submission", "score", "level"))?;
            for line in &summary.submissions {
                let level = line.estimated_level.map_or_else(|| "none".to_owned(), |level| level.to_string());
                out.line(&format!(
                    "{:<width$}  {:>6.1}%  {:<8}  {}",
                    line.submission, line.score.percent, level, line.red_flags
                ))?;
            }
            for failure in &summary.failures {
                out.line(&format!("{:<width$}  not graded: {}", failure.submission, failure.error))?;
            }
            for pair in &summary.similar_pairs {
                out.line(&format!(
                    "similar: {} and {} on {} (score {:.2}; a person should compare them)",
                    pair.a, pair.b, pair.exercise, pair.score
                ))?;
            }
            for hit in &summary.reference_matches {
                out.line(&format!(
                    "matches the reference: {} on {} (score {:.2})",
                    hit.submission, hit.exercise, hit.score
                ))?;
            }
        }
        Format::Json => out.line(&serde_json::to_string_pretty(summary)?)?,
        Format::Junit => out.write(&report::junit_batch(reports, &batch::batch_notes(summary))?)?,
        Format::Markdown => out.write(&report::markdown_batch(reports, &batch::batch_notes(summary)))?,
        Format::Csv => out.write(&report::csv_batch(reports, &batch::batch_notes(summary)))?,
        Format::Html => out.write(&batch::summary_html(summary, reports))?,
    }
    Ok(())
}

/// [`TROUBLE`] when a submission could not be graded, [`BELOW_BAR`] when one scored below
/// `min_score`, else [`OK`].
/// The exit code of a batch output folder's summary, the same for `batch`, `merge` and
/// `rescore`: nothing graded, then some hand-ins not graded, then below `--min-score`.
fn batch_exit(summary: &Summary, min_score: Option<f64>, out: &Path, log: Log) -> u8 {
    log.note(format_args!("reports and summary in {}", out.display()));
    if summary.submissions.is_empty() {
        log.outcome(format_args!(
            "nothing was graded ({} hand-ins could not be graded; see failures/)",
            summary.failures.len()
        ));
        return NOTHING_GRADED;
    }
    if !summary.failures.is_empty() {
        log.outcome(format_args!("{} submissions could not be graded (see failures/)", summary.failures.len()));
        return SOME_NOT_GRADED;
    }
    if let Some(min) = min_score {
        let below: Vec<&str> =
            summary.submissions.iter().filter(|s| s.score.percent < min).map(|s| s.submission.as_str()).collect();
        if !below.is_empty() {
            log.outcome(format_args!("below --min-score {min}: {}", below.join(", ")));
            return BELOW_BAR;
        }
    }
    OK
}
