use std::thread;

use senior_01_send_sync::HitCounter;

fn assert_send_sync<T: Send + Sync>() {}

fn owned(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    pairs.iter().map(|(page, count)| (page.to_string(), *count)).collect()
}

#[test]
fn counter_is_send_and_sync() {
    assert_send_sync::<HitCounter>();
    let counter = HitCounter::new();
    counter.hit("/start");
    let counter = thread::spawn(move || {
        counter.hit("/start");
        counter
    })
    .join()
    .expect("worker panicked");
    assert_eq!(counter.count("/start"), 2);
    thread::scope(|scope| {
        scope.spawn(|| counter.hit("/scoped"));
        scope.spawn(|| counter.hit("/scoped"));
    });
    assert_eq!(counter.count("/scoped"), 2);
    assert_eq!(counter.total(), 4);
}

#[test]
fn unknown_page_counts_zero() {
    let counter = HitCounter::new();
    assert_eq!(counter.count("/nowhere"), 0);
    assert_eq!(counter.total(), 0);
    counter.hit("/here");
    assert_eq!(counter.count("/nowhere"), 0);
    assert_eq!(counter.count("/HERE"), 0);
    assert_eq!(counter.count("/here"), 1);
}

#[test]
fn many_threads_many_pages_exact_counts() {
    let pages = ["/p0", "/p1", "/p2", "/p3", "/p4"];
    let counter = HitCounter::new();
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let counter = counter.clone();
            thread::spawn(move || {
                for _ in 0..200 {
                    for (k, page) in pages.iter().enumerate() {
                        for _ in 0..=k {
                            counter.hit(page);
                        }
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("worker panicked");
    }
    for (k, page) in pages.iter().enumerate() {
        assert_eq!(counter.count(page), 1600 * (k as u64 + 1), "{page}");
    }
    assert_eq!(counter.total(), 24_000);
    let expected = owned(&[("/p4", 8000), ("/p3", 6400), ("/p2", 4800), ("/p1", 3200), ("/p0", 1600)]);
    assert_eq!(counter.top(5), expected);
}

#[test]
fn hit_returns_each_count_exactly_once() {
    let counter = HitCounter::new();
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let counter = counter.clone();
            thread::spawn(move || (0..250).map(|_| counter.hit("/hot")).collect::<Vec<u64>>())
        })
        .collect();
    let mut seen: Vec<u64> = Vec::new();
    for worker in workers {
        seen.extend(worker.join().expect("worker panicked"));
    }
    seen.sort_unstable();
    assert_eq!(seen, (1..=2000).collect::<Vec<u64>>());
    assert_eq!(counter.count("/hot"), 2000);
}

#[test]
fn readers_and_writers_at_the_same_time() {
    let pages = ["/r0", "/r1", "/r2"];
    let counter = HitCounter::new();
    for page in pages {
        counter.hit(page);
    }
    thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for i in 0..500 {
                    counter.hit(pages[i % 3]);
                }
            });
        }
        for _ in 0..2 {
            scope.spawn(|| {
                let mut last = [0_u64; 3];
                for _ in 0..300 {
                    for (k, page) in pages.iter().enumerate() {
                        let now = counter.count(page);
                        assert!(now >= last[k], "{page} went from {} down to {now}", last[k]);
                        last[k] = now;
                    }
                    assert_eq!(counter.top(2).len(), 2);
                    assert!(counter.total() <= 2003);
                }
            });
        }
    });
    assert_eq!([counter.count("/r0"), counter.count("/r1"), counter.count("/r2")], [669, 669, 665]);
    assert_eq!(counter.total(), 2003);
}

#[test]
fn top_breaks_ties_alphabetically() {
    let counter = HitCounter::new();
    for (page, hits) in [("/c", 2), ("/a", 2), ("/d", 5), ("/b", 2), ("/e", 1)] {
        for _ in 0..hits {
            counter.hit(page);
        }
    }
    assert_eq!(counter.top(3), owned(&[("/d", 5), ("/a", 2), ("/b", 2)]));
    assert_eq!(counter.top(4), owned(&[("/d", 5), ("/a", 2), ("/b", 2), ("/c", 2)]));
}

#[test]
fn top_of_a_counter_without_hits_is_empty() {
    let counter = HitCounter::new();
    assert_eq!(counter.top(5), owned(&[]));
    assert_eq!(counter.top(0), owned(&[]));
}

#[test]
fn top_of_zero_or_of_more_pages_than_were_hit() {
    let counter = HitCounter::new();
    counter.hit("/x");
    counter.hit("/y");
    counter.hit("/x");
    assert_eq!(counter.top(0), owned(&[]));
    assert_eq!(counter.top(10), owned(&[("/x", 2), ("/y", 1)]));
}

#[test]
fn clones_made_on_other_threads_share_counts() {
    let counter = HitCounter::new();
    let outer: Vec<_> = (0..3)
        .map(|_| {
            let counter = counter.clone();
            thread::spawn(move || {
                let inner: Vec<_> = (0..2)
                    .map(|_| {
                        let counter = counter.clone();
                        thread::spawn(move || {
                            for _ in 0..100 {
                                counter.hit("/nested");
                            }
                        })
                    })
                    .collect();
                for worker in inner {
                    worker.join().expect("inner worker panicked");
                }
                counter.hit("/outer")
            })
        })
        .collect();
    let mut returned: Vec<u64> = outer.into_iter().map(|worker| worker.join().expect("worker panicked")).collect();
    returned.sort_unstable();
    assert_eq!(returned, [1, 2, 3]);
    assert_eq!(counter.count("/nested"), 600);
    assert_eq!(counter.total(), 603);
}
