use std::thread;

use mid_03_shared_ownership::{price_baskets, Catalog, Report};

fn catalog() -> Catalog {
    Catalog::new(&[("egg", 25), ("flour", 180), ("sugar", 210), ("tea", 400)])
}

fn basket(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    basket(items)
}

#[test]
fn no_baskets_give_an_empty_report() {
    assert_eq!(price_baskets(catalog(), Vec::new()), Report::default());
}

#[test]
fn an_empty_basket_costs_nothing() {
    let report = price_baskets(catalog(), vec![basket(&[]), basket(&["tea"]), basket(&[])]);
    assert_eq!(report, Report { totals: vec![0, 400, 0], unknown: vec![] });
}

#[test]
fn repeated_items_are_charged_each_time() {
    let report = price_baskets(catalog(), vec![basket(&["egg", "egg", "egg", "flour", "egg"])]);
    assert_eq!(report.totals, [280]);
}

#[test]
fn unknown_items_are_listed_once() {
    let baskets = vec![
        basket(&["ham", "egg", "ham"]),
        basket(&["tea", "ham"]),
        basket(&["ham"]),
        basket(&["sugar"]),
    ];
    let report = price_baskets(catalog(), baskets);
    assert_eq!(report, Report { totals: vec![25, 400, 0, 210], unknown: strings(&["ham"]) });
}

#[test]
fn unknown_items_are_sorted() {
    let baskets = vec![basket(&["zest", "yeast", "egg", "butter"]), basket(&["oats", "zest"])];
    let report = price_baskets(catalog(), baskets);
    assert_eq!(report.totals, [25, 0]);
    assert_eq!(report.unknown, strings(&["butter", "oats", "yeast", "zest"]));
}

#[test]
fn many_baskets_keep_their_order() {
    let baskets: Vec<Vec<String>> = (0..24).map(|n| vec!["egg".to_string(); n]).collect();
    let report = price_baskets(catalog(), baskets);
    let expected: Vec<u64> = (0..24).map(|n| 25 * n).collect();
    assert_eq!(report.totals, expected);
    assert!(report.unknown.is_empty());
}

#[test]
fn callers_on_several_threads_get_their_own_reports() {
    let callers: Vec<_> = (1..=4_u64)
        .map(|caller| {
            thread::spawn(move || {
                let own = Catalog::new(&[("pen", caller), ("ink", 10 * caller)]);
                let baskets = vec![basket(&["pen", "ink"]), basket(&["pen", "glue"]), basket(&["ink"])];
                (caller, price_baskets(own, baskets))
            })
        })
        .collect();
    for caller in callers {
        let (n, report) = caller.join().expect("caller thread panicked");
        assert_eq!(report, Report { totals: vec![11 * n, n, 10 * n], unknown: strings(&["glue"]) });
    }
}

/// The allocations of `price_baskets` on the inputs `setup` builds: the fewest of three runs (each
/// on fresh inputs, built before counting starts), so that an allocation another thread of the test
/// process happens to make meanwhile (the harness starting up) is not counted.
fn allocations_of_pricing(setup: impl Fn() -> (Catalog, Vec<Vec<String>>)) -> (Report, u64) {
    let mut fewest = u64::MAX;
    let mut report = Report::default();
    for _ in 0..3 {
        let (catalog, baskets) = setup();
        let (priced, counted) = crate::grader_measure::count_allocations(move || price_baskets(catalog, baskets));
        report = priced;
        fewest = fewest.min(counted.total());
    }
    (report, fewest)
}

/// A catalog of `items` items (`item0` at 1 cent, `item1` at 2 cents, …) and four baskets of
/// `items / 4` items each, all of them listed.
fn big_shop(items: usize) -> (Catalog, Vec<Vec<String>>) {
    let names: Vec<String> = (0..items).map(|n| format!("item{n}")).collect();
    let entries: Vec<(&str, u64)> = names.iter().zip(1..).map(|(name, price)| (name.as_str(), price)).collect();
    let baskets = (0..4).map(|basket| names.iter().skip(basket).step_by(4).cloned().collect()).collect();
    (Catalog::new(&entries), baskets)
}

#[test]
fn workers_share_the_catalog_without_copying_it() {
    let (small, small_count) = allocations_of_pricing(|| big_shop(200));
    let (large, large_count) = allocations_of_pricing(|| big_shop(2_000));
    // Same four workers; ten times the catalog and the baskets. Sharing costs the same whatever
    // their size; copying the catalog or the baskets for each worker grows with them.
    crate::grader_measure::report("allocations", large_count.saturating_sub(small_count));
    for (report, items) in [(small, 200_u64), (large, 2_000)] {
        let expected: Vec<u64> = (0..4).map(|basket| (basket + 1..=items).step_by(4).sum()).collect();
        assert_eq!(report, Report { totals: expected, unknown: vec![] });
    }
}
