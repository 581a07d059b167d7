use senior_03_async::runtime::{block_on, events, log, now, sleep, spawn};
use senior_03_async::{probe_all, probe_all_within, probe_within, Service, Status};

fn at(tick: u64, event: &str) -> (u64, String) {
    (tick, event.to_string())
}

#[test]
fn replies_are_logged_when_each_service_answers() {
    let services = [
        Service::new("a", 5, true),
        Service::new("b", 1, false),
        Service::new("c", 3, true),
        Service::new("d", 0, true),
    ];
    let (statuses, finished) = block_on(async {
        let statuses = probe_all(&services).await;
        (statuses, now())
    });
    assert_eq!(statuses, [Status::Up, Status::Down, Status::Up, Status::Up]);
    assert_eq!(finished, 5);
    assert_eq!(
        events(),
        [
            at(0, "probe a"),
            at(0, "probe b"),
            at(0, "probe c"),
            at(0, "probe d"),
            at(0, "reply d"),
            at(1, "reply b"),
            at(3, "reply c"),
            at(5, "reply a"),
        ]
    );
}

#[test]
fn probing_nothing_takes_no_time() {
    let (all, within, finished) = block_on(async {
        let all = probe_all(&[]).await;
        let within = probe_all_within(&[], 10).await;
        (all, within, now())
    });
    assert!(all.is_empty());
    assert!(within.is_empty());
    assert_eq!(finished, 0);
    assert!(events().is_empty(), "{:?}", events());
}

#[test]
fn a_slow_probe_is_abandoned_at_the_deadline() {
    let slow = Service::new("slow", 50, true);
    let (status, gave_up_at) = block_on(async {
        let status = probe_within(&slow, 8).await;
        let gave_up_at = now();
        sleep(100).await;
        (status, gave_up_at)
    });
    assert_eq!(status, Status::TimedOut);
    assert_eq!(gave_up_at, 8, "the caller gets its answer at the deadline, not when the service replies");
    assert_eq!(events(), [at(0, "probe slow"), at(8, "timeout slow")], "an abandoned probe must not reply later");
}

#[test]
fn a_reply_exactly_at_the_deadline_counts() {
    let edge = Service::new("edge", 7, false);
    assert_eq!(block_on(probe_within(&edge, 7)), Status::Down);
    assert_eq!(events(), [at(0, "probe edge"), at(7, "reply edge")]);
}

#[test]
fn an_instant_reply_meets_a_zero_deadline() {
    let instant = Service::new("instant", 0, true);
    assert_eq!(block_on(probe_within(&instant, 0)), Status::Up);
    assert_eq!(events(), [at(0, "probe instant"), at(0, "reply instant")]);
}

#[test]
fn a_zero_deadline_abandons_any_later_reply() {
    let late = Service::new("late", 1, true);
    assert_eq!(block_on(probe_within(&late, 0)), Status::TimedOut);
    assert_eq!(events(), [at(0, "probe late"), at(0, "timeout late")]);
}

#[test]
fn each_probe_of_a_batch_has_its_own_deadline() {
    let services = [
        Service::new("a", 3, true),
        Service::new("b", 10, true),
        Service::new("c", 5, false),
        Service::new("d", 4, true),
    ];
    let (statuses, finished) = block_on(async {
        let statuses = probe_all_within(&services, 6).await;
        (statuses, now())
    });
    assert_eq!(statuses, [Status::Up, Status::TimedOut, Status::Down, Status::Up]);
    assert_eq!(finished, 6);
    assert_eq!(
        events(),
        [
            at(0, "probe a"),
            at(0, "probe b"),
            at(0, "probe c"),
            at(0, "probe d"),
            at(3, "reply a"),
            at(4, "reply d"),
            at(5, "reply c"),
            at(6, "timeout b"),
        ]
    );
}

#[test]
fn a_batch_in_time_ends_with_the_slowest_reply() {
    let services = [
        Service::new("a", 3, true),
        Service::new("b", 10, true),
        Service::new("c", 5, false),
        Service::new("d", 4, true),
    ];
    let (statuses, finished) = block_on(async {
        let statuses = probe_all_within(&services, 20).await;
        (statuses, now())
    });
    assert_eq!(statuses, [Status::Up, Status::Up, Status::Down, Status::Up]);
    assert_eq!(finished, 10, "with every service in time, the batch ends with the slowest reply");
}

#[test]
fn other_tasks_run_while_probes_wait() {
    let services = [Service::new("x", 3, true), Service::new("y", 7, true), Service::new("z", 5, false)];
    let (statuses, beats) = block_on(async {
        let heartbeat = spawn(async {
            for _ in 0..3 {
                sleep(2).await;
                log("beat");
            }
            3
        });
        let statuses = probe_all(&services).await;
        (statuses, heartbeat.await)
    });
    assert_eq!(statuses, [Status::Up, Status::Up, Status::Down]);
    assert_eq!(beats, 3);
    assert_eq!(
        events(),
        [
            at(0, "probe x"),
            at(0, "probe y"),
            at(0, "probe z"),
            at(2, "beat"),
            at(3, "reply x"),
            at(4, "beat"),
            at(5, "reply z"),
            at(6, "beat"),
            at(7, "reply y"),
        ]
    );
}

#[test]
fn two_callers_share_the_runtime() {
    let first_page = vec![Service::new("a1", 2, true), Service::new("a2", 9, true)];
    let second_page = vec![Service::new("b1", 4, false), Service::new("b2", 1, true)];
    let (first, second, finished) = block_on(async move {
        let first = spawn(async move { probe_all_within(&first_page, 5).await });
        let second = spawn(async move { probe_all(&second_page).await });
        (first.await, second.await, now())
    });
    assert_eq!(first, [Status::Up, Status::TimedOut]);
    assert_eq!(second, [Status::Down, Status::Up]);
    assert_eq!(finished, 5);
    assert_eq!(
        events(),
        [
            at(0, "probe a1"),
            at(0, "probe a2"),
            at(0, "probe b1"),
            at(0, "probe b2"),
            at(1, "reply b2"),
            at(2, "reply a1"),
            at(4, "reply b1"),
            at(5, "timeout a2"),
        ]
    );
}
