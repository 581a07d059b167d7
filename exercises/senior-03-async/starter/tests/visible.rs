use senior_03_async::runtime::{block_on, events, now};
use senior_03_async::{probe, probe_all, probe_within, Service, Status};

fn at(tick: u64, event: &str) -> (u64, String) {
    (tick, event.to_string())
}

#[test]
fn probe_answers_after_its_latency() {
    let db = Service::new("db", 4, true);
    let (status, finished) = block_on(async {
        let status = probe(&db).await;
        (status, now())
    });
    assert_eq!(status, Status::Up);
    assert_eq!(finished, 4);
    assert_eq!(events(), [at(0, "probe db"), at(4, "reply db")]);
}

#[test]
fn probe_all_probes_side_by_side() {
    let services = [Service::new("api", 6, true), Service::new("cache", 2, false), Service::new("queue", 3, true)];
    let (statuses, finished) = block_on(async {
        let statuses = probe_all(&services).await;
        (statuses, now())
    });
    assert_eq!(statuses, [Status::Up, Status::Down, Status::Up]);
    assert_eq!(finished, 6, "the probes run at the same time: the slowest one sets the pace");
}

#[test]
fn probe_within_gives_up_on_a_slow_service() {
    let fast = Service::new("fast", 2, true);
    let slow = Service::new("slow", 30, true);
    assert_eq!(block_on(probe_within(&fast, 5)), Status::Up);
    assert_eq!(block_on(probe_within(&slow, 5)), Status::TimedOut);
}
