//! Health checks for a status page: probe services and report which ones are up.
//!
//! Everything here runs on the small runtime in `runtime.rs` (single-threaded, with a virtual
//! clock). Read its documentation before you start; do not change it.

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

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
    runtime::sleep(service.latency).await;
    // Give the reply a moment to arrive in full before reading it.
    std::thread::sleep(Duration::from_millis(1));
    runtime::log(format!("reply {}", service.name));
    if service.up {
        Status::Up
    } else {
        Status::Down
    }
}

/// Probes every service at once; the statuses come in the order of `services`.
pub async fn probe_all(services: &[Service]) -> Vec<Status> {
    runtime::join_all(services.iter().map(probe)).await
}

/// Runs `future` for at most `limit` ticks: `Some(output)` if it finished in time, else `None`,
/// and the future is dropped, which cancels whatever it was waiting for.
///
/// The future is polled before the deadline, so one that finishes exactly at the deadline counts.
async fn within<F: Future>(limit: u64, future: F) -> Option<F::Output> {
    let mut future = pin!(future);
    let mut deadline = pin!(runtime::sleep(limit));
    poll_fn(|cx| {
        if let Poll::Ready(output) = future.as_mut().poll(cx) {
            return Poll::Ready(Some(output));
        }
        if deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        Poll::Pending
    })
    .await
}

/// Probes one service, but gives up after `limit` ticks: the probe is abandoned (it logs nothing
/// more), `timeout <name>` is logged at the deadline and the status is `TimedOut`.
pub async fn probe_within(service: &Service, limit: u64) -> Status {
    match within(limit, probe(service)).await {
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
