//! HOSTILE FIXTURE (tests/hostile/README.md, case `build-script`): a build script must never run.
//! It leaves a marker file the end-to-end test looks for.

fn main() {
    let _ = std::fs::write("/tmp/grader-hostile-build-rs-ran", "build.rs of tests/hostile/build-script ran\n");
}
