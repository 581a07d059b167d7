//! Health checks for a status page: probe services and report which ones are up.
//!
//! Everything here runs on the small runtime in `runtime.rs` (single-threaded, with a virtual
//! clock). Read its documentation before you start; do not change it.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
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

fn log_event(kind: &str, name: String) {
    runtime::log(kind.to_string() + " " + &name);
}

/// Wraps a future and gives up on it when the timer fires first.
struct Timeout<F> {
    future: F,
    timer: runtime::Sleep,
    #[allow(dead_code)]
    started: u64,
}

impl<F: Future> Future for Timeout<F> {
    type Output = Option<F::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = unsafe { self.get_unchecked_mut() };
        let future = unsafe { Pin::new_unchecked(&mut this.future) };
        if let Poll::Ready(output) = future.poll(cx) {
            return Poll::Ready(Some(output));
        }
        match Pin::new(&mut this.timer).poll(cx) {
            Poll::Ready(()) => Poll::Ready(None),
            Poll::Pending => {
                // don't spin the executor while waiting for the reply
                std::thread::sleep(Duration::from_micros(50));
                Poll::Pending
            }
        }
    }
}

/// Probes one service: logs `probe <name>`, waits for the answer, logs `reply <name>`.
pub async fn probe(service: &Service) -> Status {
    log_event("probe", service.name.clone());
    runtime::sleep(service.latency).await;
    log_event("reply", service.name.clone());
    if service.up {
        Status::Up
    } else {
        Status::Down
    }
}

/// Probes every service; the statuses come in the order of `services`.
pub async fn probe_all(services: &[Service]) -> Vec<Status> {
    let probes: Vec<_> = services.iter().map(|s| probe(s)).collect();
    runtime::join_all(probes).await
}

/// Probes one service, but gives up after `limit` ticks (see README.md).
pub async fn probe_within(service: &Service, limit: u64) -> Status {
    let timeout = Timeout { future: probe(service), timer: runtime::sleep(limit), started: runtime::now() };
    match timeout.await {
        Some(status) => status,
        None => {
            log_event("timeout", service.name.clone());
            Status::TimedOut
        }
    }
}

/// Probes every service, each within `limit` ticks; the statuses come in the order of `services`.
pub async fn probe_all_within(services: &[Service], limit: u64) -> Vec<Status> {
    let probes: Vec<_> = services.iter().map(|s| probe_within(s, limit)).collect();
    let statuses = runtime::join_all(probes).await;
    statuses.into_iter().collect()
}
