//! Small helpers every stage uses: tracing where the time goes, poison-tolerant locks, and text
//! made safe to print in a CI log. The main function is [`trace`].

/// Whether [`trace`] prints whatever the environment says: the binary's `-v`.
static TRACE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Turns [`trace`] on for the rest of this process, as `GRADER_TRACE` does (the binary's `-v`).
pub fn enable_trace() {
    TRACE.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Prints a line about where the time goes to stderr when `GRADER_TRACE` is set or
/// [`enable_trace`] was called (`-v`; documented in the README); the message is only built then.
pub(crate) fn trace(message: impl FnOnce() -> String) {
    if TRACE.load(std::sync::atomic::Ordering::Relaxed) || std::env::var_os("GRADER_TRACE").is_some() {
        eprintln!("grader: {}", message());
    }
}

/// Lower-case hex of `bytes` (digests, secrets).
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// `N` random bytes from the kernel.
pub(crate) fn random_bytes<const N: usize>() -> std::io::Result<[u8; N]> {
    let mut bytes = [0_u8; N];
    // SAFETY: `bytes` is a writable buffer of the length given.
    let read = unsafe { libc::getrandom(bytes.as_mut_ptr().cast(), bytes.len(), 0) };
    if usize::try_from(read).ok() == Some(N) {
        Ok(bytes)
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Zero-width space: invisible, and not white space to a CI runner.
const BREAK: char = '\u{200B}';

/// `text` with every line that a CI runner would take for a workflow command (GitHub Actions
/// reads a line that starts with `::`, after any white space, as one: `::add-mask::`,
/// `::stop-commands::`, `::error file=…::`) broken by a zero-width space before its first `:`.
/// Candidate output (panic messages, code lines, file names) reaches what the grader prints, and
/// must never steer the job that prints it.
pub fn neutralise_workflow_commands(text: &str) -> std::borrow::Cow<'_, str> {
    let is_command = |line: &str| line.trim_start().starts_with("::");
    if !text.split('\n').any(is_command) {
        return std::borrow::Cow::Borrowed(text);
    }
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            if is_command(line) {
                let indent = line.len() - line.trim_start().len();
                format!("{}{BREAK}{}", &line[..indent], &line[indent..])
            } else {
                line.to_owned()
            }
        })
        .collect();
    std::borrow::Cow::Owned(lines.join("\n"))
}

/// Locks a mutex, taking the data even if a thread panicked while holding it: everything the
/// grader guards this way is plain data that stays valid.
pub(crate) fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_a_ci_runner_would_obey_are_broken_and_nothing_else_changes() {
        let text = "ok\n::stop-commands::token\n  \t::add-mask::x\na :: b\n";
        let safe = neutralise_workflow_commands(text);
        assert_eq!(safe, "ok\n\u{200B}::stop-commands::token\n  \t\u{200B}::add-mask::x\na :: b\n");
        assert!(safe.lines().all(|line| !line.trim_start().starts_with("::")));
        assert!(matches!(neutralise_workflow_commands("plain\ntext"), std::borrow::Cow::Borrowed(_)));
    }
}
