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
