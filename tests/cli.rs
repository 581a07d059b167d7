//! The command line's conventions, end to end through the `grader` binary, as cargo and nextest
//! keep them: which flags each command takes, `-j`, `--color`, `-q`/`-v`, `list`'s filters and
//! formats, shell completions and the man page, and errors about paths given on the command line.
//! Most of these run no grading; the few that do grade one small exercise.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{fixture, grader, repo, run};
use grader::exercise::{ExerciseSet, Level};

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `grader <args>` and expects a usage error (exit 2, nothing on stdout) whose message holds
/// `needle`; returns the message.
fn refused(args: &[&str], needle: &str) -> String {
    let output = run(grader().args(args));
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "grader {args:?}: {message}");
    assert!(output.stdout.is_empty(), "grader {args:?} printed: {}", stdout(&output));
    assert!(message.contains(needle), "grader {args:?}: `{needle}` not in:\n{message}");
    message
}

#[test]
fn a_command_is_offered_only_the_flags_it_uses() {
    // `explain` reads neither the exercise set nor a rubric; `list` reads no rubric.
    refused(&["explain", "E0499", "--rubric", "rubric.toml"], "unexpected argument '--rubric'");
    refused(&["explain", "E0499", "--exercises", "exercises"], "unexpected argument '--exercises'");
    refused(&["list", "--rubric", "rubric.toml"], "unexpected argument '--rubric'");
    // A cache folder for a batch that reads and writes no cache.
    refused(&["batch", "inbox", "--no-cache", "--cache-dir", "cache"], "cannot be used with");
    // The set and rubric are flags of the commands that use them, written after the command.
    let message = refused(&["--exercises", "exercises", "list"], "unexpected argument '--exercises'");
    assert!(message.contains("'list --exercises' exists"), "{message}");

    let help = |command: &str| stdout(&run(grader().args([command, "--help"])));
    for command in ["check", "batch", "verify", "init", "rescore", "merge"] {
        let text = help(command);
        assert!(text.contains("--exercises <DIR>") && text.contains("--rubric <FILE>"), "{command}:\n{text}");
    }
    let list = help("list");
    assert!(list.contains("--exercises <DIR>") && !list.contains("--rubric"), "{list}");
    let explain = help("explain");
    assert!(!explain.contains("--exercises") && !explain.contains("--rubric"), "{explain}");

    let listed = run(grader().arg("list").arg("--exercises").arg(repo("tests/fixtures/exercise-sets/checks")));
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    assert!(stdout(&listed).starts_with("senior-90-checks-demo"), "{}", stdout(&listed));
}

#[test]
fn jobs_is_one_or_more_and_means_one_thing_per_command() {
    let commands: [&[&str]; 3] = [&["check", "hand-in"], &["batch", "inbox"], &["verify"]];
    for command in commands {
        for flag in ["-j", "--jobs"] {
            let zero = [command, &[flag, "0"]].concat();
            refused(&zero, "0 jobs would run nothing: pass 1 or more, or leave -j out for the default");
            refused(&[command, &[flag, "many"]].concat(), "not a number of jobs");
        }
    }
    // 1 is a number of jobs: what fails next is the hand-in, not the flag.
    let one = refused(&["check", "/definitely/not/here", "-j", "1"], "/definitely/not/here");
    assert!(!one.contains("--jobs"), "{one}");

    // Each command says what it runs at once, and the default.
    for (command, meaning) in [
        ("check", "Tests run at once, each in a process of its own (default: one per core)"),
        ("batch", "Hand-ins graded at once, each running its tests one per core (default: one per core,"),
        ("verify", "Tests run at once in each grading"),
    ] {
        let help = stdout(&run(grader().args([command, "--help"])));
        let words = help.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words.contains(&format!("-j, --jobs <N> {meaning}")), "{command}:\n{help}");
    }
}

/// One exercise of `grader list --format json`, read strictly: a field added, renamed or left out
/// fails the test.
#[derive(Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Listed {
    id: String,
    level: Level,
    topic: String,
    title: String,
    minutes: Option<u32>,
}

#[test]
fn list_filters_by_level_and_prints_json() {
    let set = ExerciseSet::embedded().expect("the embedded set loads");
    let of = |levels: &[Level]| -> Vec<&str> {
        set.exercises()
            .iter()
            .filter(|exercise| levels.contains(&exercise.meta.level))
            .map(|exercise| exercise.id.as_str())
            .collect()
    };

    let mid = run(grader().args(["list", "--level", "mid"]));
    assert_eq!(mid.status.code(), Some(0), "{}", stderr(&mid));
    let ids: Vec<String> =
        stdout(&mid).lines().map(|line| line.split_whitespace().next().unwrap_or("").to_owned()).collect();
    assert_eq!(ids, of(&[Level::Mid]), "{}", stdout(&mid));
    let two = run(grader().args(["list", "--level", "mid", "--level", "senior", "--format", "terminal"]));
    assert_eq!(stdout(&two).lines().count(), of(&[Level::Mid, Level::Senior]).len(), "{}", stdout(&two));

    let json = run(grader().args(["list", "--format", "json"]));
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let listed: Vec<Listed> = serde_json::from_slice(&json.stdout).expect("a JSON array of exercises");
    let expected: Vec<Listed> = set
        .exercises()
        .iter()
        .map(|exercise| Listed {
            id: exercise.id.clone(),
            level: exercise.meta.level,
            topic: exercise.meta.topic.clone(),
            title: exercise.meta.title.clone(),
            minutes: exercise.meta.minutes,
        })
        .collect();
    assert_eq!(listed, expected);
    assert!(listed.iter().any(|exercise| exercise.minutes.is_some()), "the set states minutes");

    let junior = run(grader().args(["list", "--format", "json", "--level", "junior"]));
    let listed: Vec<Listed> = serde_json::from_slice(&junior.stdout).expect("a JSON array of exercises");
    let ids: Vec<&str> = listed.iter().map(|exercise| exercise.id.as_str()).collect();
    assert_eq!(ids, of(&[Level::Junior]));

    // A level of the set with no exercise is an empty list, not an error.
    let checks = repo("tests/fixtures/exercise-sets/checks");
    let none = run(grader().args(["list", "--format", "json", "--level", "junior", "--exercises"]).arg(&checks));
    assert_eq!(none.status.code(), Some(0), "{}", stderr(&none));
    assert_eq!(stdout(&none).trim(), "[]");

    refused(&["list", "--level", "expert"], "[possible values: junior, mid, senior]");
    refused(&["list", "--format", "junit"], "[possible values: terminal, json]");
}

/// `grader check` of one small exercise of the sample hand-in, through `cache` (graded once, then
/// read back), with `args` and the environment changes `env` (a `None` value removes the
/// variable; `NO_COLOR=1` is set unless removed); stdout.
fn scorecard(cache: &Path, args: &[&str], env: &[(&str, Option<&str>)]) -> String {
    let mut command = grader();
    command.arg("check").arg(fixture("sample")).args(["--exercise", "junior-02-borrowing", "--cache-dir"]).arg(cache);
    command.args(args).env_remove("GRADER_COLOR").env_remove("CLICOLOR_FORCE").env_remove("CLICOLOR");
    for (name, value) in env {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    let output = run(&mut command);
    assert_eq!(output.status.code(), Some(0), "{args:?} {env:?}: {}", stderr(&output));
    stdout(&output)
}

const GREEN_PASSED: &str = "\x1b[32mpassed";

#[test]
fn color_is_chosen_by_flag_then_grader_color_then_no_color_and_clicolor_force() {
    let cache = tempfile::tempdir().expect("temp dir");
    let cache = cache.path();
    let plain = scorecard(cache, &["-j", "1"], &[]);
    assert!(plain.contains("junior-02-borrowing") && !plain.contains('\x1b'), "{plain}");

    // --color always wins over NO_COLOR (set by `grader()`): an explicit choice beats the default.
    let always = scorecard(cache, &["--color", "always"], &[]);
    assert!(always.contains(GREEN_PASSED) && always.contains("\x1b[1mSubmission\x1b[0m"), "{always:?}");
    // The same text under the colour: only escape codes were added.
    assert_eq!(strip_ansi(&always), plain);
    // GRADER_COLOR is the default for --color (as CARGO_TERM_COLOR is cargo's); the flag wins.
    assert!(scorecard(cache, &[], &[("GRADER_COLOR", Some("always"))]).contains(GREEN_PASSED));
    assert!(!scorecard(cache, &["--color", "never"], &[("GRADER_COLOR", Some("always"))]).contains('\x1b'));
    assert!(!scorecard(cache, &["--color=auto"], &[("GRADER_COLOR", Some("always"))]).contains('\x1b'));
    // Empty is unset, as for NO_COLOR.
    assert!(!scorecard(cache, &[], &[("GRADER_COLOR", Some(""))]).contains('\x1b'));
    // Under auto: CLICOLOR_FORCE colours even into a pipe, NO_COLOR wins over it, --color never
    // over both.
    let forced = scorecard(cache, &[], &[("NO_COLOR", None), ("CLICOLOR_FORCE", Some("1"))]);
    assert!(forced.contains(GREEN_PASSED), "{forced:?}");
    assert!(!scorecard(cache, &[], &[("CLICOLOR_FORCE", Some("1"))]).contains('\x1b'));
    assert!(
        !scorecard(cache, &["--color", "never"], &[("NO_COLOR", None), ("CLICOLOR_FORCE", Some("1"))]).contains('\x1b')
    );
    // A pipe without either: no colour, in CI too (`CI` colours only a terminal).
    assert!(!scorecard(cache, &[], &[("NO_COLOR", None)]).contains('\x1b'));
    assert!(!scorecard(cache, &[], &[("NO_COLOR", None), ("CI", Some("true"))]).contains('\x1b'));
    // The interview guide is coloured with the scorecard; machine formats never are.
    let guide = scorecard(cache, &["--guide", "--color", "always"], &[]);
    assert!(guide.contains("\x1b[1mInterview guide:\x1b[0m"), "{guide:?}");
    for format in ["json", "markdown", "csv", "junit", "html"] {
        let text = scorecard(cache, &["--format", format, "--color", "always"], &[]);
        assert!(!text.contains('\x1b'), "--format {format} got colour");
    }

    refused(&["list", "--color", "sometimes"], "[possible values: auto, always, never]");
    let output = run(grader().arg("list").env("GRADER_COLOR", "rainbow"));
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("invalid value 'rainbow' for '--color <WHEN>'"), "{}", stderr(&output));
}

#[test]
fn color_is_on_by_default_on_a_terminal() {
    // `script` (util-linux) runs the grader on a pseudo-terminal.
    if Command::new("script").arg("--version").output().is_err() {
        // CI installs it and sets GRADER_REQUIRE_SCRIPT: there a missing `script` fails the test.
        assert!(
            std::env::var_os("GRADER_REQUIRE_SCRIPT").is_none(),
            "`script` (util-linux) is required (GRADER_REQUIRE_SCRIPT) but not installed"
        );
        eprintln!("skipped: `script` (util-linux) is not installed, so no pseudo-terminal");
        return;
    }
    let cache = tempfile::tempdir().expect("temp dir");
    let grader_exe = env!("CARGO_BIN_EXE_grader");
    let line = format!(
        "{grader_exe} check {} --exercise junior-02-borrowing --cache-dir {}",
        fixture("sample").display(),
        cache.path().display()
    );
    let on_terminal = |env: &[(&str, &str)], extra: &str| {
        let mut command = Command::new("script");
        command.args(["-qec", &format!("{line} {extra}"), "/dev/null"]);
        command.env_remove("NO_COLOR").env_remove("GRADER_COLOR").env_remove("CLICOLOR_FORCE").env_remove("CLICOLOR");
        // CI runners set `CI`, which colours a terminal whatever its TERM says (below).
        command.env_remove("CI");
        command.env("TERM", "xterm-256color").env("XDG_CONFIG_HOME", cache.path());
        command.envs(env.iter().copied());
        let output = run(&mut command);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    assert!(on_terminal(&[], "").contains(GREEN_PASSED));
    assert!(!on_terminal(&[("NO_COLOR", "1")], "").contains('\x1b'));
    assert!(!on_terminal(&[("TERM", "dumb")], "").contains('\x1b'));
    assert!(!on_terminal(&[], "--color never").contains('\x1b'));
    // As cargo does (both through anstream): a CI runner's log is a terminal that often sets no
    // useful TERM but shows colour, so `CI` colours a terminal whatever its TERM; never a pipe, and
    // never over NO_COLOR.
    assert!(on_terminal(&[("TERM", "dumb"), ("CI", "true")], "").contains(GREEN_PASSED));
    assert!(!on_terminal(&[("TERM", "dumb"), ("CI", "true"), ("NO_COLOR", "1")], "").contains('\x1b'));
}

/// `text` without its ANSI escape sequences (`ESC [ … m`).
fn strip_ansi(text: &str) -> String {
    let mut plain = String::new();
    let mut in_escape = false;
    for c in text.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (false, c) => plain.push(c),
            (true, 'm') => in_escape = false,
            (true, _) => {}
        }
    }
    plain
}

#[test]
fn quiet_prints_only_the_result_and_verbose_adds_settings_and_timings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("cache");
    let sample = || {
        let mut command = grader();
        command.arg("check").arg(fixture("sample")).args(["--exercise", "junior-02-borrowing", "--cache-dir"]);
        command.arg(&cache);
        command
    };
    // -v on a first grading: the settings, then where the time goes (what GRADER_TRACE shows).
    let verbose = run(sample().arg("-v").env_remove("GRADER_TRACE"));
    assert_eq!(verbose.status.code(), Some(0), "{}", stderr(&verbose));
    let said = stderr(&verbose);
    for line in [
        "grader: exercise set: embedded (",
        "grader: rubric: embedded (digest sha256:",
        "grader: sandbox: ",
        "tests at once: one per core; red flags: on; cache: ",
        "grader: staged in ",
        "grader: cargo build ",
        "grader: test runner ran ",
        "grader: staged, built and tested in ",
        "grader: graded sample (1 exercise) in ",
    ] {
        assert!(said.contains(line), "`{line}` not in:\n{said}");
    }
    // The result is the same whatever is said on stderr.
    let normal = run(&mut sample());
    assert_eq!(stdout(&verbose), stdout(&normal));
    assert!(normal.stderr.is_empty(), "{}", stderr(&normal));
    let quiet = run(sample().arg("--quiet"));
    assert_eq!(stdout(&quiet), stdout(&normal));
    // Why the exit code is not 0 is part of the result, even under -q.
    let below = run(sample().args(["-q", "--min-score", "101"]));
    assert_eq!(below.status.code(), Some(1));
    assert_eq!(stderr(&below), "grader: score 100.0% is below --min-score 101\n");

    // A batch: progress and notes by default, nothing but the summary under -q.
    let inbox = dir.path().join("inbox");
    common::copy_tree(&fixture("sample"), &inbox.join("sample"));
    let batch = |out: &str, flag: &str| {
        let mut command = grader();
        command.arg("batch").arg(&inbox).arg("--out").arg(dir.path().join(out));
        command.args(["--exercise", "junior-02-borrowing", "--cache-dir"]).arg(&cache).arg(flag);
        let output = run(&mut command);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(stdout(&output).contains("sample       100.0%"), "{}", stdout(&output));
        stderr(&output)
    };
    let normal = batch("out-normal", "--jobs=1");
    assert!(normal.contains("[1/1] sample: 100.0%") && normal.contains("grader: reports and summary in"), "{normal}");
    assert!(!normal.contains("exercise set:"), "{normal}");
    assert_eq!(batch("out-quiet", "-q"), "");
    let verbose = batch("out-verbose", "-v");
    for line in ["[1/1] sample: 100.0%", "grader: 1 hand-in, ", "graded at once", "grader: graded the batch in "] {
        assert!(verbose.contains(line), "`{line}` not in:\n{verbose}");
    }

    // Both at once is a usage error; each says what it does in --help.
    refused(&["list", "-q", "-v"], "the argument '--quiet' cannot be used with '--verbose'");
    let help = stdout(&run(grader().args(["check", "--help"])));
    let words = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("-q, --quiet Print only the result: no progress, notes or warnings"), "{help}");
    assert!(words.contains("-v, --verbose Print more on stderr"), "{help}");
}

#[test]
fn completions_and_the_man_page_are_generated_from_the_command_line() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = run(grader().args(["completions", shell]));
        assert_eq!(output.status.code(), Some(0), "{shell}: {}", stderr(&output));
        let script = stdout(&output);
        for word in ["check", "batch", "min-score", "exercises", "color"] {
            assert!(script.contains(word), "{shell}: no `{word}` in the completion script");
        }
    }
    // Values are completed too: the levels and the formats.
    let bash = stdout(&run(grader().args(["completions", "bash"])));
    assert!(bash.contains("junior mid senior") && bash.contains("terminal json junit markdown csv html"), "{bash}");
    refused(&["completions", "tcsh"], "[possible values: bash, elvish, fish, powershell, zsh]");
    // And bash completes with it: a command from its first letters, a level after --level.
    let complete = |words: &str, current: usize| {
        let script = format!(
            "source <({} completions bash) && COMP_WORDS=({words}) && COMP_CWORD={current} && \
             _grader grader \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\" && echo \"${{COMPREPLY[@]}}\"",
            env!("CARGO_BIN_EXE_grader")
        );
        let output = run(Command::new("bash").args(["-c", &script]));
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output).trim().to_owned()
    };
    assert_eq!(complete("grader ch", 1), "check");
    assert_eq!(complete("grader list --level ''", 3), "junior mid senior");

    let man = run(grader().arg("man"));
    assert_eq!(man.status.code(), Some(0), "{}", stderr(&man));
    let page = stdout(&man);
    assert!(page.contains(".TH grader 1"), "{page}");
    for text in
        [".SH SYNOPSIS", ".SH OPTIONS", "\\-\\-color", ".SH SUBCOMMANDS", "grader\\-check(1)", ".SH \"EXIT STATUS\""]
    {
        assert!(page.contains(text), "`{text}` not in the man page:\n{page}");
    }
    let status = page.split(".SH \"EXIT STATUS\"").nth(1).unwrap_or_default();
    for code in ["\\fB0\\fR", "\\fB1\\fR", "\\fB2\\fR", "\\fB3\\fR", "\\fB4\\fR"] {
        assert!(status.contains(code), "exit code {code} not in EXIT STATUS:\n{status}");
    }

    // For packagers: one page per command in a folder (made when missing); a hidden flag.
    let dir = tempfile::tempdir().expect("temp dir");
    let pages = dir.path().join("man1");
    let written = run(grader().arg("man").arg("--out-dir").arg(&pages));
    assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
    let check = std::fs::read_to_string(pages.join("grader-check.1")).expect("grader-check.1");
    assert!(check.contains(".TH grader-check 1") && check.contains("\\-\\-min\\-score"), "{check}");
    for name in ["grader.1", "grader-batch.1", "grader-list.1", "grader-completions.1", "grader-man.1"] {
        assert!(pages.join(name).is_file(), "{name} not written");
    }
    assert_eq!(std::fs::read_to_string(pages.join("grader.1")).expect("grader.1"), page);
    assert!(!stdout(&run(grader().args(["man", "--help"]))).contains("--out-dir"));

    // --help ends with the exit codes, the same as the README's table.
    let help = stdout(&run(grader().arg("--help")));
    assert!(
        help.contains("Exit codes:\n  0  graded (or verified): everything asked was done\n  1  done, but below"),
        "{help}"
    );
    assert!(help.contains("\n  4  a batch graded nothing"), "{help}");
}

#[test]
fn a_path_that_does_not_exist_is_told_apart_from_one_of_the_wrong_kind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let file = root.join("notes.txt");
    std::fs::write(&file, "not a folder").expect("write");
    let folder = root.join("empty");
    std::fs::create_dir(&folder).expect("mkdir");
    let missing = root.join("nowhere");
    let (file, folder, missing) =
        (file.to_str().expect("utf-8"), folder.to_str().expect("utf-8"), missing.to_str().expect("utf-8"));
    let out = root.join("out");
    let out = out.to_str().expect("utf-8");

    let cases: Vec<(Vec<&str>, String)> = vec![
        // The hand-in.
        (vec!["check", missing], format!("submission {missing} does not exist; pass the folder, archive")),
        (
            vec!["check", file],
            format!("submission {file} is a file, not a folder, a .zip, .tar.gz, .tgz or .tar archive"),
        ),
        (
            vec!["batch", missing, "--out", out],
            format!("batch input {missing} does not exist; pass folders of hand-ins"),
        ),
        (vec!["batch", file, "--out", out], format!("submission {file} is a file, not a folder")),
        // --exercises and --rubric.
        (
            vec!["list", "--exercises", missing],
            format!("exercise set {missing} does not exist; pass --exercises the folder"),
        ),
        (vec!["list", "--exercises", file], format!("exercise set {file} is a file, not a folder; pass --exercises")),
        (
            vec!["check", folder, "--rubric", missing],
            format!("rubric {missing} does not exist; pass --rubric a rubric TOML file"),
        ),
        (vec!["check", folder, "--rubric", folder], format!("rubric {folder} is a folder, not a file; pass --rubric")),
        // Folders read or written.
        (
            vec!["batch", folder, "--no-cache", "--out", file],
            format!("output folder {file} is a file, not a folder; pass --out a new or empty folder"),
        ),
        (
            vec!["check", folder, "--cache-dir", file],
            format!("cache folder {file} is a file, not a folder; pass --cache-dir a folder"),
        ),
        (
            vec!["rescore", missing],
            format!("batch output folder {missing} does not exist; pass the --out folder of a `grader batch` run"),
        ),
        (vec!["rescore", file], format!("batch output folder {file} is a file, not a folder")),
        (
            vec!["merge", missing, "--out", out],
            format!("shard output folder {missing} does not exist; pass the --out folders"),
        ),
        (vec!["merge", file, "--out", out], format!("shard output folder {file} is a file, not a folder")),
        (vec!["init", file], format!("take-home folder {file} is a file, not a folder; choose a new folder")),
        (vec!["man", "--out-dir", file], format!("man page folder {file} is a file, not a folder")),
    ];
    for (args, message) in cases {
        let said = refused(&args, &message);
        assert!(!said.contains("os error"), "grader {args:?}: an I/O error instead of a message: {said}");
    }
    assert!(!Path::new(out).exists(), "nothing written on the way to an error");
}
