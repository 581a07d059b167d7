use std::thread;

use senior_01_send_sync::HitCounter;

#[test]
fn counts_hits_per_page() {
    let counter = HitCounter::new();
    assert_eq!(counter.hit("/"), 1);
    assert_eq!(counter.hit("/about"), 1);
    assert_eq!(counter.hit("/"), 2);
    assert_eq!(counter.count("/"), 2);
    assert_eq!(counter.count("/about"), 1);
    assert_eq!(counter.total(), 3);
}

#[test]
fn clones_share_the_same_counts() {
    let first = HitCounter::new();
    let second = first.clone();
    second.hit("/docs");
    first.hit("/docs");
    assert_eq!(first.count("/docs"), 2);
    assert_eq!(second.total(), 2);
}

#[test]
fn threads_can_share_a_counter() {
    let counter = HitCounter::new();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let counter = counter.clone();
            thread::spawn(move || {
                for _ in 0..1000 {
                    counter.hit("/");
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    assert_eq!(counter.count("/"), 4000);
    assert_eq!(counter.total(), 4000);
}

#[test]
fn top_lists_the_busiest_pages() {
    let counter = HitCounter::new();
    for (page, hits) in [("/b", 1), ("/", 3), ("/a", 2)] {
        for _ in 0..hits {
            counter.hit(page);
        }
    }
    assert_eq!(counter.top(2), [("/".to_string(), 3), ("/a".to_string(), 2)]);
}
