//! End-to-end tests of hand-ins in every form: the same hand-in as a folder, a `.zip`, a
//! `.tar.gz`, a git repository and a folder nested one or two levels down grades exactly the
//! same; hostile archives are refused clearly or their entries ignored with a reason; an empty
//! hand-in exits 2 with a hint; a batch lists every hand-in it could not read as a failure.
//! Archives are built at test time with the crates the grader reads them with, repositories with
//! the `git` CLI.

mod common;

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_tree, fixture, grader, read_failures, read_report, read_summary, run, write};
use grader::report::{ExerciseStatus, Report, TestStatus};

/// The exercises of the `partial` fixture.
const EXERCISES: [&str; 3] = ["junior-02-borrowing", "mid-03-shared-ownership", "senior-01-send-sync"];

/// `grader check <path> --format json` on the fixture's exercises, with a shared cache (a hand-in
/// whose files differ from the folder's misses it and is graded afresh).
fn check(path: &Path, cache: &Path, exercises: &[&str]) -> std::process::Output {
    let mut command = grader();
    command.arg("check").arg(path).args(["--format", "json", "--test-timeout", "5"]).arg("--cache-dir").arg(cache);
    for id in exercises {
        command.args(["--exercise", id]);
    }
    run(&mut command)
}

fn graded(path: &Path, cache: &Path) -> Report {
    let output = check(path, cache, &EXERCISES);
    assert_eq!(output.status.code(), Some(0), "{}: {}", path.display(), String::from_utf8_lossy(&output.stderr));
    common::report_from(&output)
}

/// What must be equal between two gradings of the same hand-in.
type Outcome = Vec<(String, ExerciseStatus, u32, Vec<String>, Vec<(String, TestStatus)>)>;

fn outcome(report: &Report) -> (f64, Outcome) {
    let exercises = report
        .exercises
        .iter()
        .map(|exercise| {
            let tests = exercise.tests.iter().map(|test| (test.name.clone(), test.status)).collect();
            (exercise.id.clone(), exercise.status, exercise.points, exercise.files_from_candidate.clone(), tests)
        })
        .collect();
    (report.score.percent, exercises)
}

/// Every file under `dir`, as `(relative path, absolute path)`, in path order.
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
                found.push((relative, path));
            }
        }
    }
    found.sort();
    found
}

/// A zip of every file under `dir`, each under `prefix`.
fn zip_dir(dir: &Path, prefix: &str, to: &Path) {
    let mut writer = zip::ZipWriter::new(File::create(to).expect("create zip"));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (relative, path) in files_under(dir) {
        writer.start_file(format!("{prefix}{relative}"), options).expect("start");
        writer.write_all(&std::fs::read(path).expect("read")).expect("write");
    }
    writer.finish().expect("finish");
}

/// A `.tar.gz` of every file under `dir`, each under `prefix`.
fn tar_gz_dir(dir: &Path, prefix: &str, to: &Path) {
    let encoder = flate2::write::GzEncoder::new(File::create(to).expect("create"), flate2::Compression::default());
    let mut builder = tar::Builder::new(encoder);
    for (relative, path) in files_under(dir) {
        builder.append_path_with_name(&path, format!("{prefix}{relative}")).expect("append");
    }
    builder.into_inner().expect("tar").finish().expect("gzip");
}

/// Runs the `git` CLI in `dir` for the test's own repository.
fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(["-c", "user.name=Dave", "-c", "user.email=dave@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn a_zip_a_tarball_a_git_repository_and_a_nested_folder_grade_exactly_like_the_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let cache = root.join("cache");
    let partial = fixture("partial");
    let baseline = graded(&partial, &cache);
    assert!(baseline.notes.is_empty() && baseline.history.is_none(), "{:?}", baseline.notes);

    // A zip with the exercise folders at its top.
    let zip = root.join("dave.zip");
    zip_dir(&partial, "", &zip);
    let report = graded(&zip, &cache);
    assert_eq!(report.submission, "dave");
    assert_eq!(outcome(&report), outcome(&baseline));
    assert!(report.notes.is_empty(), "{:?}", report.notes);

    // A tarball that unpacks into `returned/take-home/<exercise-id>/`.
    let tarball = root.join("eve.tar.gz");
    tar_gz_dir(&partial, "returned/take-home/", &tarball);
    let report = graded(&tarball, &cache);
    assert_eq!(report.submission, "eve");
    assert_eq!(outcome(&report), outcome(&baseline));
    assert!(report.notes.iter().any(|note| note.contains("returned/take-home/")), "{:?}", report.notes);

    // A folder whose exercises sit one level down.
    let nested = root.join("carol");
    copy_tree(&partial, &nested.join("carol-take-home"));
    let report = graded(&nested, &cache);
    assert_eq!(outcome(&report), outcome(&baseline));
    assert!(report.notes.iter().any(|note| note.contains("carol-take-home/")), "{:?}", report.notes);

    // A git repository: two commits, then a change never committed (not graded, but noted).
    let repo = root.join("bob");
    copy_tree(&partial.join("junior-02-borrowing"), &repo.join("junior-02-borrowing"));
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "junior"]);
    copy_tree(&partial, &repo);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "the rest"]);
    write(&repo.join("junior-02-borrowing/src/lib.rs"), "this does not compile");
    let report = graded(&repo, &cache);
    assert_eq!(outcome(&report), outcome(&baseline));
    assert!(
        report
            .notes
            .iter()
            .any(|note| note.contains("not committed") && note.contains("junior-02-borrowing/src/lib.rs")),
        "{:?}",
        report.notes
    );
    let history = report.history.as_ref().expect("a git hand-in has a history");
    assert_eq!(history.commits, 2);
    let ids: Vec<&str> = history.exercises.iter().map(|folder| folder.id.as_str()).collect();
    assert_eq!(ids, EXERCISES);
    let junior = &history.exercises[0];
    assert_eq!(junior.commits, 1);
    assert!(junior.lines_added > 0 && junior.first_commit.ends_with('Z'), "{junior:?}");
    assert!(history.notes.is_empty(), "{:?}", history.notes);

    // A bare repository whose one commit holds everything: graded alike, and said plainly.
    let single = root.join("single");
    copy_tree(&partial, &single);
    git(&single, &["init", "-q", "-b", "main"]);
    git(&single, &["add", "-A"]);
    git(&single, &["commit", "-q", "-m", "everything"]);
    git(root, &["clone", "-q", "--bare", "single", "frank.git"]);
    let report = graded(&root.join("frank.git"), &cache);
    assert_eq!(report.submission, "frank");
    assert_eq!(outcome(&report), outcome(&baseline));
    let history = report.history.as_ref().expect("history");
    assert!(history.notes.iter().any(|note| note.contains("one commit")), "{:?}", history.notes);
}

/// `grader check` on `path` for junior-02 alone: exit code and stderr.
fn refused(path: &Path, cache: &Path) -> (Option<i32>, String) {
    let output = check(path, cache, &["junior-02-borrowing"]);
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn hostile_archives_are_refused_clearly_and_links_are_never_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("inbox");
    std::fs::create_dir_all(&root).expect("mkdir");
    let cache = dir.path().join("cache");
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);

    let escape = root.join("escape.zip");
    let mut writer = zip::ZipWriter::new(File::create(&escape).expect("create"));
    writer.start_file("junior-02-borrowing/src/lib.rs", options).expect("start");
    writer.write_all(b"pub fn f() {}").expect("write");
    writer.start_file("../../escaped.txt", options).expect("start");
    writer.write_all(b"pwned").expect("write");
    writer.finish().expect("finish");
    let (code, stderr) = refused(&escape, &cache);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("refused") && stderr.contains("outside the hand-in"), "{stderr}");
    assert!(!dir.path().join("escaped.txt").exists() && !root.join("escaped.txt").exists());

    // 200 MiB of zeros, about 200 KiB compressed.
    let bomb = root.join("bomb.zip");
    let mut writer = zip::ZipWriter::new(File::create(&bomb).expect("create"));
    writer.start_file("junior-02-borrowing/src/lib.rs", options.large_file(true)).expect("start");
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..200 {
        writer.write_all(&zeros).expect("write");
    }
    writer.finish().expect("finish");
    assert!(std::fs::metadata(&bomb).expect("bomb").len() < 4 << 20);
    let (code, stderr) = refused(&bomb, &cache);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("refused") && stderr.contains("bomb"), "{stderr}");

    // A link where the candidate's `src/lib.rs` should be: listed as ignored, never followed; the
    // starter's file is graded instead.
    let link = root.join("link.zip");
    let mut writer = zip::ZipWriter::new(File::create(&link).expect("create"));
    writer.add_symlink("junior-02-borrowing/src/lib.rs", "/etc/passwd", options).expect("symlink");
    writer.finish().expect("finish");
    let output = check(&link, &cache, &["junior-02-borrowing"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let report = common::report_from(&output);
    let junior = common::exercise(&report, "junior-02-borrowing");
    let ignored: Vec<(&str, &str)> =
        junior.ignored.iter().map(|item| (item.path.as_str(), item.reason.as_str())).collect();
    assert!(ignored.contains(&("src/lib.rs", "symbolic link (never followed)")), "{ignored:?}");
    assert!(junior.files_from_candidate.is_empty(), "{:?}", junior.files_from_candidate);
    assert_eq!(junior.status, ExerciseStatus::CompileError);
}

#[test]
fn a_hand_in_without_any_exercise_folder_exits_two_with_a_hint() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("cache");
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let wrong = dir.path().join("wrong.zip");
    let mut writer = zip::ZipWriter::new(File::create(&wrong).expect("create"));
    writer.start_file("holiday/photo.txt", zip::write::SimpleFileOptions::default()).expect("start");
    writer.write_all(b"not a take-home").expect("write");
    writer.finish().expect("finish");
    for path in [&empty, &wrong] {
        let (code, stderr) = refused(path, &cache);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains("no exercise folder found"), "{stderr}");
        assert!(stderr.contains("expected folders named like junior-02-borrowing"), "{stderr}");
    }
}

#[test]
fn a_batch_finds_archives_next_to_folders_and_lists_what_it_cannot_read_as_failures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let subs = dir.path().join("subs");
    copy_tree(&fixture("partial"), &subs.join("alice"));
    zip_dir(&fixture("partial"), "dave/", &subs.join("dave.zip"));
    std::fs::write(subs.join("garbage.zip"), b"PK\x03\x04 this is not really a zip").expect("write");
    std::fs::create_dir_all(subs.join("empty")).expect("mkdir");
    write(&subs.join("notes.md"), "not a hand-in");
    let out = dir.path().join("out");
    let output = run(grader().arg("batch").arg(&subs).arg("--out").arg(&out).args([
        "--no-cache",
        "--test-timeout",
        "5",
        "--format",
        "json",
        "--exercise",
        "junior-02-borrowing",
    ]));
    assert_eq!(output.status.code(), Some(3), "{}", String::from_utf8_lossy(&output.stderr));
    let summary = read_summary(&out.join("summary.json"));
    let graded: Vec<&str> = summary.submissions.iter().map(|line| line.submission.as_str()).collect();
    assert_eq!(graded, ["alice", "dave"]);
    let alice = read_report(&out.join("reports/alice.json"));
    let dave = read_report(&out.join("reports/dave.json"));
    assert_eq!(outcome(&dave), outcome(&alice));
    let failures: Vec<(String, String)> =
        summary.failures.iter().map(|failure| (failure.submission.clone(), failure.error.clone())).collect();
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert_eq!(failures[0].0, "empty");
    assert!(failures[0].1.contains("no exercise folder found"), "{failures:?}");
    assert_eq!(failures[1].0, "garbage");
    assert!(failures[1].1.contains("as a zip archive"), "{failures:?}");
    assert_eq!(read_failures(&out).len(), 2);
}
