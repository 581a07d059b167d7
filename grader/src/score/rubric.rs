//! The rubric: how compile success and each test turn into points, and how a level's percentage
//! turns into a verdict. Loaded from TOML (`rubrics/default.toml` is embedded) and checked against
//! the exercise set, so a rubric naming an unknown exercise, test or red flag, or whose totals
//! would overflow, is rejected up front. The main type is [`Rubric`].

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Expected, PathArg};
use crate::exercise::{Exercise, ExerciseSet, FlagId, TestCase, DEFAULT_RUBRIC};
use crate::report::Verdict;

/// Default points per kind of outcome.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Points {
    pub compiles: u32,
    pub visible_test: u32,
    pub hidden_test: u32,
    /// The habits measure of each exercise: earned when its code shows no red flag (red flags
    /// take their penalties from it).
    #[serde(default = "default_habit_points")]
    pub habits: u32,
    /// What the candidate's own tests earn per exercise, in proportion to the chaff they catch:
    /// a bonus on top of the exercise's points, never in its maximum, so writing no tests costs
    /// nothing. 0 (the default): the testing measure is shown, not counted.
    #[serde(default)]
    pub testing_bonus: u32,
}

fn default_habit_points() -> u32 {
    10
}

fn default_other_penalty() -> u32 {
    5
}

/// Thresholds for a level's verdict, which needs both measures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verdicts {
    /// The works measure's percentage for `strong` and for `pass`.
    pub strong_percent: f64,
    pub pass_percent: f64,
    /// The share (percent) of a level's judged exercises free of red flags for `strong` and for
    /// `pass`: a level where most exercises show a red flag fails however many tests pass.
    #[serde(default = "default_strong_clean")]
    pub strong_clean_percent: f64,
    #[serde(default = "default_pass_clean")]
    pub pass_clean_percent: f64,
}

fn default_strong_clean() -> f64 {
    85.0
}

fn default_pass_clean() -> f64 {
    50.0
}

/// Per-exercise overrides.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseOverride {
    pub compiles: Option<u32>,
    /// The exercise's habits measure.
    pub habits: Option<u32>,
    #[serde(default)]
    pub tests: BTreeMap<String, u32>,
}

/// What red flags cost, out of the exercise's habits measure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedFlagPenalties {
    /// Points a red flag of the exercise's own question costs, unless `penalties` says otherwise.
    pub default_penalty: u32,
    /// Points any other red flag costs (a universal habit seen on an exercise whose question is
    /// about something else), unless `penalties` says otherwise.
    #[serde(default = "default_other_penalty")]
    pub other_penalty: u32,
    /// Points a compiler-code flag costs (the failed build already costs the exercise's points).
    #[serde(default)]
    pub compile_code_penalty: u32,
    /// Per red-flag id.
    #[serde(default)]
    pub penalties: BTreeMap<String, u32>,
    /// Flags that forfeit the whole exercise, tests included (a forged pass earns nothing).
    #[serde(default)]
    pub forfeit: Vec<String>,
}

impl Default for RedFlagPenalties {
    fn default() -> Self {
        RedFlagPenalties {
            default_penalty: default_habit_points(),
            other_penalty: default_other_penalty(),
            compile_code_penalty: 0,
            penalties: BTreeMap::new(),
            forfeit: Vec::new(),
        }
    }
}

/// A whole rubric.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub points: Points,
    pub verdicts: Verdicts,
    #[serde(default)]
    pub red_flags: RedFlagPenalties,
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseOverride>,
}

impl Rubric {
    /// The rubric embedded in the binary.
    /// A digest of the rubric's settings: two runs with the same one scored alike.
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        // Plain data in ordered maps: its debug form is stable for the same settings.
        format!("sha256:{}", crate::support::hex(&Sha256::digest(format!("{self:?}").as_bytes())))
    }

    pub fn embedded() -> Result<Rubric, Error> {
        Self::parse(DEFAULT_RUBRIC, "embedded rubrics/default.toml")
    }

    /// A rubric file.
    pub fn load(path: &Path) -> Result<Rubric, Error> {
        PathArg {
            what: "rubric",
            expected: Expected::File,
            hint: "pass --rubric a rubric TOML file (such as rubrics/default.toml), or leave it out for the \
                   rubric embedded in the grader",
        }
        .existing(path)?;
        let text = std::fs::read_to_string(path).map_err(|source| Error::io("read rubric", path, source))?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses rubric TOML; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Rubric, Error> {
        let rubric: Rubric = toml::from_str(text).map_err(|source| Error::Toml { path: origin.to_owned(), source })?;
        let Verdicts { strong_percent, pass_percent, strong_clean_percent, pass_clean_percent } = rubric.verdicts;
        for (name, pass, strong) in
            [("percent", pass_percent, strong_percent), ("clean_percent", pass_clean_percent, strong_clean_percent)]
        {
            if !(0.0..=100.0).contains(&pass) || !(pass..=100.0).contains(&strong) {
                return Err(Error::InvalidRubric(format!(
                    "{origin}: need 0 <= pass_{name} <= strong_{name} <= 100, got {pass} and {strong}"
                )));
            }
        }
        Ok(rubric)
    }

    /// Rejects overrides that name an exercise, test or red flag that does not exist, and points
    /// whose totals over the set do not fit in a `u32`.
    pub fn check_against(&self, set: &ExerciseSet) -> Result<(), Error> {
        for id in self.red_flags.penalties.keys().chain(&self.red_flags.forfeit) {
            if FlagId::parse(id).is_none() {
                return Err(Error::InvalidRubric(format!("names red flag `{id}`, which the grader does not know")));
            }
        }
        let mut total: u32 = 0;
        for exercise in set.exercises() {
            let max = self.checked_max_points(exercise).ok_or_else(|| {
                Error::InvalidRubric(format!("the points of `{}` add up to more than {}", exercise.id, u32::MAX))
            })?;
            total = total.checked_add(max).ok_or_else(|| {
                Error::InvalidRubric(format!("the points of the exercise set add up to more than {}", u32::MAX))
            })?;
        }
        for (id, overrides) in &self.exercises {
            let exercise = set.get(id).map_err(|_| {
                Error::InvalidRubric(format!("names exercise `{id}`, which is not in the {}", set.origin))
            })?;
            for test in overrides.tests.keys() {
                if !exercise.tests.iter().any(|known| &known.name == test) {
                    let known: Vec<&str> = exercise.tests.iter().map(|known| known.name.as_str()).collect();
                    return Err(Error::InvalidRubric(format!(
                        "names test `{test}` of `{id}`, which has no such test (its tests: {})",
                        known.join(", ")
                    )));
                }
            }
        }
        Ok(())
    }

    /// Points for compiling `exercise` (none for a written answer).
    pub fn compile_points(&self, exercise: &Exercise) -> u32 {
        if exercise.is_written() {
            return 0;
        }
        self.exercises.get(&exercise.id).and_then(|o| o.compiles).unwrap_or(self.points.compiles)
    }

    /// The habits measure of `exercise`.
    pub fn habit_points(&self, exercise: &Exercise) -> u32 {
        self.exercises.get(&exercise.id).and_then(|o| o.habits).unwrap_or(self.points.habits)
    }

    /// Most points the works measure of `exercise` can earn (saturating, like [`Rubric::max_points`]).
    pub fn works_max(&self, exercise: &Exercise) -> u32 {
        self.checked_max_points(exercise).map_or(u32::MAX, |max| max.saturating_sub(self.habit_points(exercise)))
    }

    /// Whether red flag `id` forfeits the whole exercise.
    pub fn forfeits(&self, id: FlagId) -> bool {
        self.red_flags.forfeit.iter().any(|forfeit| forfeit == id.as_str())
    }

    /// Points for passing `test` of `exercise`.
    pub fn test_points(&self, exercise: &Exercise, test: &TestCase) -> u32 {
        let default = if test.hidden { self.points.hidden_test } else { self.points.visible_test };
        self.exercises.get(&exercise.id).and_then(|o| o.tests.get(&test.name).copied()).unwrap_or(default)
    }

    /// Most points `exercise` can earn (saturating; [`Rubric::check_against`] refuses a rubric
    /// whose totals overflow, so a checked rubric never saturates).
    pub fn max_points(&self, exercise: &Exercise) -> u32 {
        self.checked_max_points(exercise).unwrap_or(u32::MAX)
    }

    fn checked_max_points(&self, exercise: &Exercise) -> Option<u32> {
        let start = self.compile_points(exercise).checked_add(self.habit_points(exercise))?;
        exercise.tests.iter().try_fold(start, |sum, test| sum.checked_add(self.test_points(exercise, test)))
    }

    /// Points red flag `id` costs; `of_question`: it is a red flag of the exercise's own question.
    pub fn red_flag_penalty(&self, id: FlagId, of_question: bool) -> u32 {
        if let Some(penalty) = self.red_flags.penalties.get(id.as_str()) {
            return *penalty;
        }
        if id.from_compiler() {
            self.red_flags.compile_code_penalty
        } else if of_question {
            self.red_flags.default_penalty
        } else {
            self.red_flags.other_penalty
        }
    }

    /// A level's verdict from its works percentage and the share (percent) of its judged
    /// exercises that show no red flag.
    pub fn verdict(&self, works_percent: f64, clean_percent: f64) -> Verdict {
        let Verdicts { strong_percent, pass_percent, strong_clean_percent, pass_clean_percent } = self.verdicts;
        if works_percent >= strong_percent && clean_percent >= strong_clean_percent {
            Verdict::Strong
        } else if works_percent >= pass_percent && clean_percent >= pass_clean_percent {
            Verdict::Pass
        } else {
            Verdict::Fail
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rubric_parses_and_fits_the_embedded_set() {
        let rubric = Rubric::embedded().expect("parses");
        let set = ExerciseSet::embedded().expect("loads");
        rubric.check_against(&set).expect("fits");
        assert_eq!(rubric.verdict(100.0, 100.0), Verdict::Strong);
        assert_eq!(rubric.verdict(0.0, 100.0), Verdict::Fail);
        // Every test passing does not make a level whose code mostly shows red flags pass.
        assert_eq!(rubric.verdict(100.0, 40.0), Verdict::Fail);
        assert_eq!(rubric.verdict(100.0, 75.0), Verdict::Pass);
    }

    #[test]
    fn unknown_exercises_and_tests_are_rejected_by_name() {
        let set = ExerciseSet::embedded().expect("loads");
        let base = "[points]\ncompiles = 1\nvisible_test = 1\nhidden_test = 1\n[verdicts]\nstrong_percent = 90\npass_percent = 50\n";
        let unknown_exercise = format!("{base}[exercises.nope-01-x]\ncompiles = 3\n");
        let err = Rubric::parse(&unknown_exercise, "r.toml").expect("parses").check_against(&set).unwrap_err();
        assert!(err.to_string().contains("`nope-01-x`"), "{err}");

        let id = &set.exercises()[0].id;
        let unknown_test = format!("{base}[exercises.{id}.tests]\n\"hidden::no_such_test\" = 3\n");
        let err = Rubric::parse(&unknown_test, "r.toml").expect("parses").check_against(&set).unwrap_err();
        assert!(err.to_string().contains("hidden::no_such_test"), "{err}");
    }

    #[test]
    fn a_rubric_whose_totals_overflow_is_refused() {
        let set = ExerciseSet::embedded().expect("loads");
        let text = "[points]\ncompiles = 1\nvisible_test = 1\nhidden_test = 4000000000\n[verdicts]\nstrong_percent = 90\npass_percent = 50\n";
        let err = Rubric::parse(text, "r.toml").expect("parses").check_against(&set).unwrap_err();
        assert!(err.to_string().contains("add up to more than"), "{err}");
    }

    #[test]
    fn overrides_change_points_and_bad_thresholds_are_rejected() {
        let set = ExerciseSet::embedded().expect("loads");
        let exercise = &set.exercises()[0];
        let hidden = exercise.tests.iter().find(|t| t.hidden).expect("has hidden tests");
        let text = format!(
            "[points]\ncompiles = 1\nvisible_test = 1\nhidden_test = 1\n[verdicts]\nstrong_percent = 90\npass_percent = 50\n[exercises.{}]\ncompiles = 7\ntests = {{ \"{}\" = 9 }}\n",
            exercise.id, hidden.name
        );
        let rubric = Rubric::parse(&text, "r.toml").expect("parses");
        assert_eq!(rubric.compile_points(exercise), 7);
        assert_eq!(rubric.test_points(exercise, hidden), 9);
        let bad = "[points]\ncompiles = 1\nvisible_test = 1\nhidden_test = 1\n[verdicts]\nstrong_percent = 40\npass_percent = 50\n";
        assert!(Rubric::parse(bad, "r.toml").is_err());
    }
}
