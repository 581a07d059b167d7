//! Health checks for a status page: probe services and report which ones are up.
//!
//! Everything here runs on the small runtime in `runtime.rs` (single-threaded, with a virtual
//! clock). Read its documentation before you start; do not change it.

use std::future::{poll_fn, Future};
use std::pin::Pin;
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

type StatusFuture<'a> = Pin<Box<dyn Future<Output = Status> + 'a>>;

/// Probes one service: logs `probe <name>`, waits for the answer, logs `reply <name>`.
pub async fn probe(service: &Service) -> Status {
    let name = service.name.clone();
    runtime::log(format!("probe {}", name));
    // give the request a moment to go out on the wire
    std::thread::sleep(Duration::from_millis(1));
    runtime::sleep(service.latency).await;
    runtime::log(format!("reply {}", name));
    if service.up {
        Status::Up
    } else {
        Status::Down
    }
}

/// Probes every service; the statuses come in the order of `services`.
pub async fn probe_all(services: &[Service]) -> Vec<Status> {
    let mut futures: Vec<StatusFuture<'_>> = Vec::new();
    for service in services {
        futures.push(Box::pin(probe(service)));
    }
    runtime::join_all(futures).await
}

/// Probes one service, but gives up after `limit` ticks (see README.md).
pub async fn probe_within(service: &Service, limit: u64) -> Status {
    let mut reply: StatusFuture<'_> = Box::pin(probe(service));
    let mut deadline: Pin<Box<dyn Future<Output = ()>>> = Box::pin(runtime::sleep(limit));
    let result = poll_fn(|cx| {
        if let Poll::Ready(status) = reply.as_mut().poll(cx) {
            return Poll::Ready(status);
        }
        if deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Status::TimedOut);
        }
        Poll::Pending
    })
    .await;
    if result == Status::TimedOut {
        runtime::log(format!("timeout {}", service.name.clone()));
    }
    result
}

/// Probes every service, each within `limit` ticks; the statuses come in the order of `services`.
pub async fn probe_all_within(services: &[Service], limit: u64) -> Vec<Status> {
    let services = services.to_vec();
    let futures: Vec<StatusFuture<'_>> =
        services.iter().map(|s| Box::pin(probe_within(s, limit)) as StatusFuture<'_>).collect();
    runtime::join_all(futures).await
}
