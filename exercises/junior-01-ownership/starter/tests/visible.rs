use junior_01_ownership::Cart;

fn sample() -> Cart {
    let mut cart = Cart::new();
    cart.add("tea", 350, 1);
    cart.add("bread", 225, 1);
    cart
}

#[test]
fn totals_then_counts() {
    let cart = sample();
    assert_eq!(cart.total_cents(), 575);
    assert_eq!(cart.item_count(), 2);
}

#[test]
fn checks_lines_then_prints_receipt() {
    let cart = sample();
    assert!(cart.contains("tea"));
    assert!(!cart.contains("milk"));
    assert_eq!(cart.receipt(), "tea x1 3.50\nbread x1 2.25\nTOTAL 5.75\n");
}

#[test]
fn keeps_adding_after_reading() {
    let mut cart = sample();
    assert_eq!(cart.total_cents(), 575);
    cart.add("jam", 400, 1);
    assert_eq!(cart.total_cents(), 975);
}
