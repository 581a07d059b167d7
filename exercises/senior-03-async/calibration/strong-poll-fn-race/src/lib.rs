//! Health checks for a status page: probe services and report which ones are up.
//!
//! Everything here runs on the small runtime in `runtime.rs` (single-threaded, with a virtual
//! clock). Read its documentation before you start; do not change it.
//!
//! Waiting is always done by awaiting a runtime future (`sleep`, `join_all`), never by blocking
//! the thread, so other tasks keep running while a probe waits. A timeout is a race between the
//! probe and a timer inside one future: whichever is ready first wins, and the loser is dropped,
//! which cancels it (a dropped probe is never polled again, so it logs nothing more).

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

pub mod runtime;

/// A service the status page watches. Answering a probe takes it `latency` ticks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub name: String,
    pub latency: u64,
    pub up: bool,
}

impl Service {
    pub fn new(name: &str, latency: u64, up: bool) -> Service {
        Service { name: name.to_string(), latency, up }
    }

    /// The status this service reports when it answers.
    fn answer(&self) -> Status {
        if self.up {
            Status::Up
        } else {
            Status::Down
        }
    }
}

/// What a probe found out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Up,
    Down,
    /// No answer within the time allowed.
    TimedOut,
}

/// Probes one service: logs `probe <name>`, waits for the answer, logs `reply <name>`.
pub async fn probe(service: &Service) -> Status {
    runtime::log(format!("probe {}", service.name));
    // The network round trip: suspend this task until the answer is due, so the executor can run
    // every other task meanwhile.
    runtime::sleep(service.latency).await;
    runtime::log(format!("reply {}", service.name));
    service.answer()
}

/// Probes every service at once; the statuses come in the order of `services`.
pub async fn probe_all(services: &[Service]) -> Vec<Status> {
    runtime::join_all(services.iter().map(probe)).await
}

/// Probes one service, but gives up after `limit` ticks (see README.md).
pub async fn probe_within(service: &Service, limit: u64) -> Status {
    match before_deadline(limit, probe(service)).await {
        Some(status) => status,
        None => {
            runtime::log(format!("timeout {}", service.name));
            Status::TimedOut
        }
    }
}

/// Probes every service at once, each within `limit` ticks; the statuses come in the order of
/// `services`.
pub async fn probe_all_within(services: &[Service], limit: u64) -> Vec<Status> {
    runtime::join_all(services.iter().map(|service| probe_within(service, limit))).await
}

/// Runs `work` until it finishes or until `limit` ticks have passed since the first poll,
/// whichever comes first. On time it gives `Some(output)`; otherwise `None`, and `work` has
/// been dropped without being polled again.
///
/// `work` is polled before the timer, so work that finishes exactly at the deadline counts as
/// on time.
async fn before_deadline<F: Future>(limit: u64, work: F) -> Option<F::Output> {
    let mut work = pin!(work);
    let mut timer = pin!(runtime::sleep(limit));
    poll_fn(|cx| {
        if let Poll::Ready(output) = work.as_mut().poll(cx) {
            return Poll::Ready(Some(output));
        }
        timer.as_mut().poll(cx).map(|()| None)
    })
    .await
}
