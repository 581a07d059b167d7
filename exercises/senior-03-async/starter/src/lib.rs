//! Health checks for a status page: probe services and report which ones are up.
//!
//! Everything here runs on the small runtime in `runtime.rs` (single-threaded, with a virtual
//! clock). Read its documentation before you start; do not change it.

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
    // The network round trip.
    std::thread::sleep(Duration::from_millis(service.latency));
    runtime::log(format!("reply {}", service.name));
    if service.up {
        Status::Up
    } else {
        Status::Down
    }
}

/// Probes every service; the statuses come in the order of `services`.
pub async fn probe_all(services: &[Service]) -> Vec<Status> {
    let mut statuses = Vec::new();
    for service in services {
        statuses.push(probe(service).await);
    }
    statuses
}

/// Probes one service, but gives up after `limit` ticks (see README.md).
pub async fn probe_within(service: &Service, limit: u64) -> Status {
    let started = runtime::now();
    let status = probe(service).await;
    if runtime::now() - started > limit {
        runtime::log(format!("timeout {}", service.name));
        return Status::TimedOut;
    }
    status
}

/// Probes every service, each within `limit` ticks; the statuses come in the order of `services`.
pub async fn probe_all_within(services: &[Service], limit: u64) -> Vec<Status> {
    let mut statuses = Vec::new();
    for service in services {
        statuses.push(probe_within(service, limit).await);
    }
    statuses
}
