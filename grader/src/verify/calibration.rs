//! Calibration: grades the solutions written from the take-home alone (`calibration/` of each
//! exercise) and checks the scores are valid. Every strong one must earn full marks with no red
//! flag; every weak-but-passing one must pass its tests and be caught (show a red flag), and the
//! habits planted in it must be flagged at their lines. Solutions are also assembled into whole
//! candidates (the k-th strong, or weak, solution of every exercise) whose level verdicts must
//! come out right: strong at every level, or no level above `pass` and an estimate of at most
//! junior. The main type is [`CalibrationReport`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::error::Error;
use crate::exercise::{CalibrationKind, Exercise, FlagId};
use crate::grade::Grader;
use crate::intake::Submission;
use crate::report::{ExerciseReport, ExerciseStatus, Level, Report, Verdict};

/// Share of planted habits the grader aims to flag at their line (reported, not enforced: a
/// planted habit that is a design choice rather than a red flag is the corpus's to dispute).
pub const PLANTED_GOAL_PERCENT: f64 = 90.0;
/// Least a strong calibration candidate may score.
pub const STRONG_GOAL_PERCENT: f64 = 98.0;

/// How one calibration solution was graded.
#[derive(Debug, Clone)]
pub struct Graded {
    pub exercise: String,
    pub name: String,
    pub kind: CalibrationKind,
    pub points: u32,
    pub max: u32,
    /// Every test passed.
    pub works: bool,
    /// The red flags raised.
    pub flags: Vec<String>,
    /// For a weak one: its planted habits, and whether each was flagged at its line (and under its
    /// own id).
    pub planted: Vec<PlantedResult>,
}

/// One planted habit's fate.
#[derive(Debug, Clone)]
pub struct PlantedResult {
    pub habit: String,
    pub place: String,
    /// Why a review found it is not the habit after all; left out of the share.
    pub disputed: Option<String>,
    /// Some red flag's evidence names its line.
    pub at_line: bool,
    /// The flag at its line is the planted habit's own.
    pub same_flag: bool,
}

/// An assembled candidate: one calibration solution of each exercise.
#[derive(Debug, Clone)]
pub struct Assembled {
    pub name: String,
    pub kind: CalibrationKind,
    pub percent: f64,
    pub levels: BTreeMap<Level, (f64, f64, Verdict)>,
    pub estimated_level: Option<Level>,
    /// Exercises that had no calibration solution of this kind, graded from the reference (strong)
    /// or a weak solution of `flawed/` instead.
    pub stand_ins: usize,
}

/// Everything calibration measured, and what is wrong.
#[derive(Debug, Clone, Default)]
pub struct CalibrationReport {
    pub graded: Vec<Graded>,
    pub assembled: Vec<Assembled>,
    pub problems: Vec<String>,
}

impl CalibrationReport {
    /// Planted habits not disputed: (flagged at their line, under their own id, in all).
    pub fn planted_counts(&self) -> (usize, usize, usize) {
        let all: Vec<&PlantedResult> =
            self.graded.iter().flat_map(|graded| &graded.planted).filter(|p| p.disputed.is_none()).collect();
        (all.iter().filter(|p| p.at_line).count(), all.iter().filter(|p| p.same_flag).count(), all.len())
    }

    /// Planted habits a review disputed.
    pub fn disputed(&self) -> impl Iterator<Item = (&Graded, &PlantedResult)> {
        self.graded
            .iter()
            .flat_map(|graded| graded.planted.iter().filter(|p| p.disputed.is_some()).map(move |p| (graded, p)))
    }

    /// The share of planted habits flagged at their line, in percent (100 when none were planted).
    pub fn planted_percent(&self) -> f64 {
        let (at_line, _, total) = self.planted_counts();
        if total == 0 {
            100.0
        } else {
            100.0 * at_line as f64 / total as f64
        }
    }

    /// Notes that are not failures: a weak solution of the corpus that does not pass every test.
    pub fn notes(&self) -> Vec<String> {
        self.graded
            .iter()
            .filter(|graded| graded.kind == CalibrationKind::Weak && !graded.works)
            .map(|graded| {
                format!(
                    "weak {} `{}` does not pass every test this time (the corpus wants weak-but-passing)",
                    graded.exercise, graded.name
                )
            })
            .collect()
    }
}

/// Grades the calibration solutions of `exercises` with `grader`.
pub fn calibrate(grader: &Grader, exercises: &[&Exercise]) -> Result<CalibrationReport, Error> {
    let mut report = CalibrationReport::default();
    if exercises.iter().all(|exercise| exercise.calibration.is_empty()) {
        return Ok(report);
    }
    for kind in [CalibrationKind::Strong, CalibrationKind::Weak] {
        let of_kind = |exercise: &Exercise| -> Vec<String> {
            exercise.calibration.iter().filter(|(_, c)| c.meta.kind == kind).map(|(name, _)| name.clone()).collect()
        };
        let rounds = exercises.iter().map(|exercise| of_kind(exercise).len()).max().unwrap_or(0);
        for round in 0..rounds {
            let mut stand_ins = 0;
            let mut names: BTreeMap<String, Option<String>> = BTreeMap::new();
            let trees = exercises.iter().filter_map(|exercise| {
                let candidates = of_kind(exercise);
                if let Some(name) = candidates.get(round % candidates.len().max(1)) {
                    let files = exercise.calibration.get(name)?.files.clone();
                    names.insert(exercise.id.clone(), Some(name.clone()));
                    return Some((*exercise, files));
                }
                stand_ins += 1;
                names.insert(exercise.id.clone(), None);
                let stand_in = match kind {
                    CalibrationKind::Strong => exercise.solution.clone(),
                    CalibrationKind::Weak => {
                        exercise.flawed.values().next().cloned().unwrap_or_else(|| exercise.solution.clone())
                    }
                };
                Some((*exercise, stand_in))
            });
            let label = match kind {
                CalibrationKind::Strong => format!("strong #{}", round + 1),
                CalibrationKind::Weak => format!("weak #{}", round + 1),
            };
            let graded = grader.grade(&Submission::from_trees(&label, trees))?;
            for exercise_report in &graded.exercises {
                let Some(Some(name)) = names.get(&exercise_report.id) else { continue };
                // A solution graded in an earlier round (fewer solutions than rounds) counts once.
                if report.graded.iter().any(|g| g.exercise == exercise_report.id && g.name == *name) {
                    continue;
                }
                let Some(exercise) = exercises.iter().find(|e| e.id == exercise_report.id) else { continue };
                report.graded.push(grade_one(exercise, name, kind, exercise_report));
            }
            report.assembled.push(assembled(&label, kind, &graded, stand_ins));
        }
    }
    report.problems = problems(&report);
    Ok(report)
}

fn grade_one(exercise: &Exercise, name: &str, kind: CalibrationKind, report: &ExerciseReport) -> Graded {
    let planted = exercise
        .calibration
        .get(name)
        .map(|calibration| {
            calibration
                .meta
                .planted
                .iter()
                .map(|planted| {
                    let file = format!("{}/{}", exercise.id, planted.file);
                    let flags_here: Vec<&str> = report
                        .red_flags
                        .iter()
                        .filter(|flag| {
                            flag.evidence.iter().any(|e| {
                                e.file == file && (e.line..=e.end_line.unwrap_or(e.line)).contains(&planted.line)
                            })
                        })
                        .map(|flag| flag.id.as_str())
                        .collect();
                    let own = FlagId::parse(&planted.habit).map(FlagId::as_str);
                    PlantedResult {
                        habit: planted.habit.clone(),
                        place: format!("{file}:{}", planted.line),
                        disputed: planted.disputed.clone(),
                        at_line: !flags_here.is_empty(),
                        same_flag: own.is_some_and(|own| flags_here.contains(&own)),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Graded {
        exercise: exercise.id.clone(),
        name: name.to_owned(),
        kind,
        points: report.points,
        max: report.max,
        works: report.status == ExerciseStatus::Passed,
        flags: report.red_flags.iter().map(|flag| flag.id.clone()).collect(),
        planted,
    }
}

fn assembled(label: &str, kind: CalibrationKind, report: &Report, stand_ins: usize) -> Assembled {
    Assembled {
        name: label.to_owned(),
        kind,
        percent: report.score.percent,
        levels: report
            .levels
            .iter()
            .map(|(level, score)| (*level, (score.works.percent, score.clean_percent(), score.verdict)))
            .collect(),
        estimated_level: report.estimated_level,
        stand_ins,
    }
}

/// What calibration found wrong.
fn problems(report: &CalibrationReport) -> Vec<String> {
    let mut problems = Vec::new();
    for graded in &report.graded {
        let at = format!("{} `{}`", graded.exercise, graded.name);
        match graded.kind {
            CalibrationKind::Strong => {
                if graded.points < graded.max || !graded.flags.is_empty() {
                    problems.push(format!(
                        "strong {at} scores {}/{}{}",
                        graded.points,
                        graded.max,
                        if graded.flags.is_empty() {
                            String::new()
                        } else {
                            format!(", flags {}", graded.flags.join(", "))
                        }
                    ));
                }
            }
            CalibrationKind::Weak => {
                if graded.flags.is_empty() {
                    problems.push(format!("weak {at} is not caught: no red flag"));
                }
            }
        }
    }
    for candidate in &report.assembled {
        match candidate.kind {
            CalibrationKind::Strong => {
                let weak_level = candidate.levels.iter().find(|(_, (_, _, verdict))| *verdict != Verdict::Strong);
                if candidate.percent < STRONG_GOAL_PERCENT || weak_level.is_some() {
                    problems.push(format!(
                        "{} scores {:.1}%{}",
                        candidate.name,
                        candidate.percent,
                        weak_level.map(|(level, _)| format!(", {level} is not strong")).unwrap_or_default()
                    ));
                }
            }
            CalibrationKind::Weak => {
                if let Some((level, _)) =
                    candidate.levels.iter().find(|(_, (_, _, verdict))| *verdict == Verdict::Strong)
                {
                    problems.push(format!("{} is `strong` at {level}", candidate.name));
                }
                if candidate.estimated_level.is_some_and(|level| level > Level::Junior) {
                    problems.push(format!(
                        "{} is estimated {}",
                        candidate.name,
                        candidate.estimated_level.map_or("none", Level::as_str)
                    ));
                }
            }
        }
    }
    problems
}

/// The calibration figures as text: per exercise, per assembled candidate, and the planted habits.
pub fn table(report: &CalibrationReport) -> String {
    let mut out = String::new();
    if report.graded.is_empty() {
        return out;
    }
    let _ = writeln!(out, "\ncalibration (solutions written from the take-home alone):");
    let mut by_exercise: BTreeMap<&str, Vec<&Graded>> = BTreeMap::new();
    for graded in &report.graded {
        by_exercise.entry(&graded.exercise).or_default().push(graded);
    }
    let width = by_exercise.keys().map(|id| id.len()).max().unwrap_or(8);
    let _ = writeln!(
        out,
        "{:<width$}  {:<24}  {:<30}  planted flagged at line",
        "exercise", "strong (score, flags)", "weak (caught, passes tests)"
    );
    for (id, graded) in &by_exercise {
        let strong: Vec<String> = graded
            .iter()
            .filter(|g| g.kind == CalibrationKind::Strong)
            .map(|g| {
                let percent = if g.max == 0 { 0.0 } else { 100.0 * f64::from(g.points) / f64::from(g.max) };
                format!(
                    "{percent:.0}%{}",
                    if g.flags.is_empty() { String::new() } else { format!(" {}", g.flags.len()) }
                )
            })
            .collect();
        let weak: Vec<&&Graded> = graded.iter().filter(|g| g.kind == CalibrationKind::Weak).collect();
        let caught = weak.iter().filter(|g| !g.flags.is_empty()).count();
        let passing = weak.iter().filter(|g| g.works).count();
        let planted: Vec<&PlantedResult> = weak.iter().flat_map(|g| &g.planted).collect();
        let hit = planted.iter().filter(|p| p.at_line).count();
        let _ = writeln!(
            out,
            "{id:<width$}  {:<24}  {:<30}  {hit}/{}",
            strong.join(" "),
            format!("{caught}/{} caught, {passing}/{} pass", weak.len(), weak.len()),
            planted.len()
        );
    }
    let _ = writeln!(out, "\nassembled candidates (level: works %, clean %, verdict):");
    for candidate in &report.assembled {
        let levels: Vec<String> = candidate
            .levels
            .iter()
            .map(|(level, (works, clean, verdict))| format!("{level} {works:.0}/{clean:.0} {}", verdict.as_str()))
            .collect();
        let _ = writeln!(
            out,
            "  {:<10} {:>5.1}%  {}  estimated {}{}",
            candidate.name,
            candidate.percent,
            levels.join(", "),
            candidate.estimated_level.map_or("none", Level::as_str),
            if candidate.stand_ins > 0 {
                format!(" ({} exercises without one: stand-ins)", candidate.stand_ins)
            } else {
                String::new()
            }
        );
    }
    let (at_line, same, total) = report.planted_counts();
    if total > 0 {
        let _ = writeln!(
            out,
            "\nplanted habits flagged at their line: {at_line}/{total} ({:.1}%; goal {PLANTED_GOAL_PERCENT}%), under their own flag: {same}/{total}",
            report.planted_percent()
        );
    }
    let missed: Vec<String> = report
        .graded
        .iter()
        .flat_map(|g| {
            g.planted
                .iter()
                .filter(|p| !p.at_line && p.disputed.is_none())
                .map(move |p| format!("  missed {} ({}) in `{}`", p.place, p.habit, g.name))
        })
        .collect();
    for line in missed {
        let _ = writeln!(out, "{line}");
    }
    let disputed: Vec<String> = report
        .disputed()
        .map(|(g, p)| {
            format!(
                "  disputed {} ({}) in `{}`: {}",
                p.place,
                p.habit,
                g.name,
                p.disputed.as_deref().unwrap_or_default()
            )
        })
        .collect();
    if !disputed.is_empty() {
        let _ = writeln!(out, "planted lines a review found are not the habit (left out of the share):");
        for line in disputed {
            let _ = writeln!(out, "{line}");
        }
    }
    for note in report.notes() {
        let _ = writeln!(out, "note: {note}");
    }
    out
}
