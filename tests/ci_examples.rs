//! The CI examples of `docs/ci/` hold the points `docs/ci.md` promises: least privilege, no token
//! next to candidate code, bubblewrap that fails closed, every step after a failing merge still
//! run. `.ci/run` also validates the GitHub workflow against the GitHub Actions schema
//! (action-validator); this test reads what a schema cannot judge.

use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path))
        .unwrap_or_else(|err| panic!("{path}: {err}"))
}

/// The text of job `name` in a workflow: from its `  name:` line to the next job's.
fn job<'a>(workflow: &'a str, name: &str) -> &'a str {
    let start = workflow.find(&format!("\n  {name}:\n")).unwrap_or_else(|| panic!("no job `{name}`"));
    let rest = &workflow[start + 1..];
    let end = rest[1..]
        .find("\n  ")
        .and_then(|_| {
            rest.match_indices('\n')
                .map(|(at, _)| at)
                .find(|&at| rest[at + 1..].starts_with("  ") && !rest[at + 1..].starts_with("   "))
        })
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The steps of a job, each as its text.
fn steps(job: &str) -> Vec<&str> {
    job.split("\n      - ").skip(1).collect()
}

#[test]
fn the_github_workflow_is_least_privilege_and_fails_closed() {
    let workflow = read("docs/ci/github-actions.yml");
    let top = &workflow[..workflow.find("\njobs:").expect("jobs")];
    assert!(top.contains("permissions:\n  contents: read"), "the workflow grants contents: read alone:\n{top}");
    assert!(!top.contains("write"), "no write permission for every job:\n{top}");

    let build = job(&workflow, "build");
    assert!(build.contains("persist-credentials: false"), "{build}");
    assert!(build.contains("cargo build --release --locked -p grader") && build.contains("upload-artifact"), "{build}");

    let grade = job(&workflow, "grade");
    assert!(!grade.contains("actions/checkout"), "no repository (and no token) next to candidate code:\n{grade}");
    assert!(!grade.contains("cargo install"), "the grader is built once:\n{grade}");
    let update = grade.find("apt-get update").expect("apt-get update");
    let install = grade.find("apt-get install -y bubblewrap").expect("installs bubblewrap");
    assert!(update < install, "apt-get update comes first:\n{grade}");
    assert!(grade.contains("kernel.apparmor_restrict_unprivileged_userns=0"), "{grade}");
    assert!(grade.contains("--sandbox bwrap"), "fails closed instead of dropping to the process level:\n{grade}");
    assert!(grade.contains("secrets.HANDINS_URL"), "hand-ins come from a private location:\n{grade}");
    assert!(grade.contains("fail-fast: false"), "{grade}");

    let merge = job(&workflow, "merge");
    assert!(merge.contains("if: always()\n"), "the merge runs whatever the shards did:\n{merge}");
    assert!(merge.contains("contents: read") && merge.contains("checks: write"), "{merge}");
    let merge_steps = steps(merge);
    let merging = merge_steps.iter().position(|step| step.contains("grader merge")).expect("a merge step");
    for step in &merge_steps[merging + 1..] {
        assert!(
            step.contains("if: always()"),
            "a step after the merge (which exits 2 on a failure) must still run:\n{step}"
        );
    }
}

#[test]
fn the_gitlab_and_kubernetes_examples_shard_automatically_without_the_repository() {
    let gitlab = read("docs/ci/gitlab-ci.yml");
    assert!(gitlab.contains("parallel: 4") && gitlab.contains("--shard auto"), "{gitlab}");
    assert!(gitlab.contains("GIT_STRATEGY: none"), "{gitlab}");
    assert!(gitlab.contains("junit: out/junit.xml"), "{gitlab}");
    let kubernetes = read("docs/ci/kubernetes-job.yaml");
    assert!(kubernetes.contains("completionMode: Indexed") && kubernetes.contains("--shard auto"), "{kubernetes}");
    assert!(kubernetes.contains("GRADER_SHARD_TOTAL") && kubernetes.contains("automountServiceAccountToken: false"));
    let guide = read("docs/ci.md");
    for file in ["ci/github-actions.yml", "ci/gitlab-ci.yml", "ci/kubernetes-job.yaml"] {
        assert!(guide.contains(file), "docs/ci.md links {file}");
    }
}
