use junior_01_ownership::Cart;

/// A second caller that only holds a shared reference to the cart.
fn summary(cart: &Cart) -> (u32, u64, bool, String) {
    (cart.item_count(), cart.total_cents(), cart.contains("coffee"), cart.receipt())
}

#[test]
fn multiplies_by_quantity() {
    let mut cart = Cart::new();
    cart.add("apple", 40, 6);
    cart.add("coffee", 1299, 2);
    assert_eq!(cart.item_count(), 8);
    assert_eq!(cart.total_cents(), 40 * 6 + 1299 * 2);
    assert_eq!(cart.receipt(), "apple x6 2.40\ncoffee x2 25.98\nTOTAL 28.38\n");
}

#[test]
fn empty_cart() {
    let cart = Cart::new();
    assert_eq!(cart.item_count(), 0);
    assert_eq!(cart.total_cents(), 0);
    assert!(!cart.contains("tea"));
    assert_eq!(cart.receipt(), "TOTAL 0.00\n");
}

#[test]
fn reads_through_a_shared_reference() {
    let mut cart = Cart::new();
    cart.add("coffee", 905, 1);
    cart.add("milk", 99, 3);
    let first = summary(&cart);
    let second = summary(&cart);
    assert_eq!(first, second);
    assert_eq!(first.0, 4);
    assert_eq!(first.1, 905 + 297);
    assert!(first.2);
    assert_eq!(first.3, "coffee x1 9.05\nmilk x3 2.97\nTOTAL 12.02\n");
}

#[test]
fn every_method_can_be_called_repeatedly() {
    let mut cart = Cart::new();
    cart.add("salt", 5, 1);
    for _ in 0..3 {
        assert_eq!(cart.receipt(), "salt x1 0.05\nTOTAL 0.05\n");
        assert!(cart.contains("salt"));
        assert_eq!(cart.item_count(), 1);
        assert_eq!(cart.total_cents(), 5);
    }
}

#[test]
fn contains_matches_whole_names_only() {
    let mut cart = Cart::new();
    cart.add("oat milk", 189, 1);
    assert!(cart.contains("oat milk"));
    assert!(!cart.contains("milk"));
    assert!(!cart.contains("Oat Milk"));
}

#[test]
fn same_product_on_two_lines() {
    let mut cart = Cart::new();
    cart.add("egg", 30, 6);
    let receipt_before = cart.receipt();
    cart.add("egg", 30, 6);
    assert_eq!(receipt_before, "egg x6 1.80\nTOTAL 1.80\n");
    assert_eq!(cart.item_count(), 12);
    assert_eq!(cart.total_cents(), 360);
    assert_eq!(cart.receipt(), "egg x6 1.80\negg x6 1.80\nTOTAL 3.60\n");
}
