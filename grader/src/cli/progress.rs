//! Progress of a batch, as a consumer of the batch's events: a bar on a terminal, plain lines
//! otherwise (CI logs), nothing under `-q`. The main type is [`Reporter`].

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};

use grader::batch::{Event, Progress};

/// Prints one line per finished submission, under a progress bar when stderr is a terminal;
/// nothing when `quiet`.
pub struct Reporter {
    bar: Option<indicatif::ProgressBar>,
    total: usize,
    done: AtomicUsize,
    quiet: bool,
}

impl Reporter {
    /// A reporter for a batch of `total` submissions; silent when `quiet`.
    pub fn new(total: usize, quiet: bool) -> Reporter {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed} {msg}") {
                bar.set_style(style);
            }
            bar
        });
        Reporter { bar, total, done: AtomicUsize::new(0), quiet }
    }

    /// Clears the bar once the batch is over.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Reporter {
    fn event(&self, event: Event<'_>) {
        if self.quiet {
            return;
        }
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let line = match event {
            Event::Graded { name, report } => {
                let level = report.estimated_level.map_or_else(|| "none".to_owned(), |level| level.to_string());
                format!("[{done}/{}] {name}: {:.1}%, estimated level {level}", self.total, report.score.percent)
            }
            Event::NotGraded { name, error } => format!("[{done}/{}] {name}: not graded: {error}", self.total),
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
