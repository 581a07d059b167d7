//! Health checks for a status page: probe services and report which ones are up.
//!
//! Everything here runs on the small runtime in `runtime.rs` (single-threaded, with a virtual
//! clock). Read its documentation before you start; do not change it.

use std::cell::RefCell;
use std::future::{poll_fn, Future};
use std::pin::pin;
use std::rc::Rc;
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
}

/// What a probe found out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Up,
    Down,
    /// No answer within the time allowed.
    TimedOut,
}

enum Outcome {
    Answered(Status),
    Expired,
}

type Results = Rc<RefCell<Vec<Option<Status>>>>;

/// Probes one service: logs `probe <name>`, waits for the answer, logs `reply <name>`.
pub async fn probe(service: &Service) -> Status {
    runtime::log(format!("probe {}", service.name));
    // let the other probes get going before we wait
    std::thread::yield_now();
    runtime::sleep(service.latency).await;
    runtime::log(format!("reply {}", service.name));
    if service.up {
        Status::Up
    } else {
        Status::Down
    }
}

/// Probes every service; the statuses come in the order of `services`.
pub async fn probe_all(services: &[Service]) -> Vec<Status> {
    runtime::join_all(services.iter().map(probe)).await
}

async fn race<F: Future<Output = Status>>(probe: F, limit: u64) -> Outcome {
    let mut probe = pin!(probe);
    let mut timer = pin!(runtime::sleep(limit));
    poll_fn(|cx| match probe.as_mut().poll(cx) {
        Poll::Ready(status) => Poll::Ready(Outcome::Answered(status)),
        Poll::Pending => match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Outcome::Expired),
            Poll::Pending => Poll::Pending,
        },
    })
    .await
}

/// Probes one service, but gives up after `limit` ticks (see README.md).
pub async fn probe_within(service: &Service, limit: u64) -> Status {
    match race(probe(service), limit).await {
        Outcome::Answered(status) => status,
        _ => {
            runtime::log(format!("timeout {}", service.name));
            Status::TimedOut
        }
    }
}

/// Probes every service, each within `limit` ticks; the statuses come in the order of `services`.
pub async fn probe_all_within(services: &[Service], limit: u64) -> Vec<Status> {
    let results: Results = Rc::new(RefCell::new(vec![None; services.len()]));
    let tasks = services.iter().enumerate().map(|(i, service)| {
        let results = Rc::clone(&results);
        async move {
            let status = probe_within(service, limit).await;
            results.borrow_mut()[i] = Some(status);
        }
    });
    runtime::join_all(tasks).await;
    let results = results.borrow();
    results.iter().map(|status| status.expect("every probe has finished")).collect()
}
