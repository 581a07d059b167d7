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

/// A cart of `lines` lines, named `item0`, `item1`, …, with quantities from 1 to 5.
fn long_cart(lines: u32) -> Cart {
    let mut cart = Cart::new();
    for line in 0..lines {
        cart.add(&format!("item{line}"), 100 + u64::from(line), line % 5 + 1);
    }
    cart
}

#[test]
fn counting_the_units_copies_nothing() {
    let cart = long_cart(200);
    let (count, allocations) = crate::grader_measure::count_allocations(|| cart.item_count());
    crate::grader_measure::report("allocations", allocations.total());
    assert_eq!(count, (0..200).map(|line| line % 5 + 1).sum::<u32>());
}

#[test]
fn pricing_the_cart_copies_nothing() {
    let cart = long_cart(200);
    let (total, allocations) = crate::grader_measure::count_allocations(|| cart.total_cents());
    crate::grader_measure::report("allocations", allocations.total());
    let expected: u64 = (0..200u32).map(|line| (100 + u64::from(line)) * u64::from(line % 5 + 1)).sum();
    assert_eq!(total, expected);
}

#[test]
fn looking_for_a_product_copies_nothing() {
    let cart = long_cart(200);
    let (found, allocations) = crate::grader_measure::count_allocations(|| {
        [cart.contains("item0"), cart.contains("item199"), cart.contains("item200"), cart.contains("item")]
    });
    crate::grader_measure::report("allocations", allocations.total());
    assert_eq!(found, [true, true, false, false]);
}
