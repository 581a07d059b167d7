use mid_03_shared_ownership::{price_baskets, Catalog, Report};

fn catalog() -> Catalog {
    Catalog::new(&[("apple", 30), ("bread", 250), ("milk", 120)])
}

fn basket(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}

#[test]
fn prices_each_basket() {
    let report = price_baskets(catalog(), vec![basket(&["apple", "milk"]), basket(&["bread"])]);
    assert_eq!(report, Report { totals: vec![150, 250], unknown: vec![] });
}

#[test]
fn totals_follow_the_order_of_the_baskets() {
    let baskets = vec![basket(&["bread", "bread"]), basket(&["apple"]), basket(&["milk", "apple"])];
    let report = price_baskets(catalog(), baskets);
    assert_eq!(report.totals, [500, 30, 150]);
}

#[test]
fn reports_an_unknown_item() {
    let report = price_baskets(catalog(), vec![basket(&["apple", "kiwi"])]);
    assert_eq!(report, Report { totals: vec![30], unknown: vec!["kiwi".to_string()] });
}
