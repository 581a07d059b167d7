use std::cell::RefCell;
use std::rc::Rc;

use mid_04_interior_mutability::Inventory;

/// A callback that writes `item=left` into a log the test keeps.
fn logger(log: &Rc<RefCell<Vec<String>>>) -> impl Fn(&Inventory, &str, u32) + 'static {
    let log = Rc::clone(log);
    move |_, item, left| log.borrow_mut().push(format!("{item}={left}"))
}

#[test]
fn adds_and_takes_stock() {
    let inventory = Inventory::new();
    inventory.add("tea", 5);
    inventory.add("tea", 3);
    assert!(inventory.take("tea", 6));
    assert_eq!(inventory.count("tea"), 2);
    assert!(!inventory.take("tea", 3));
    assert_eq!(inventory.count("tea"), 2);
    assert_eq!(inventory.count("coffee"), 0);
}

#[test]
fn calls_back_when_an_item_runs_low() {
    let inventory = Inventory::new();
    let log = Rc::new(RefCell::new(Vec::new()));
    inventory.on_low_stock(2, logger(&log));
    inventory.add("tea", 5);
    assert!(inventory.take("tea", 2));
    assert!(inventory.take("tea", 1));
    assert!(inventory.take("tea", 2));
    assert_eq!(*log.borrow(), ["tea=2", "tea=0"]);
    assert_eq!(inventory.alerts_sent(), 2);
}

#[test]
fn each_callback_has_its_own_threshold() {
    let inventory = Inventory::new();
    let log = Rc::new(RefCell::new(Vec::new()));
    inventory.on_low_stock(0, logger(&log));
    inventory.on_low_stock(5, logger(&log));
    inventory.add("milk", 6);
    inventory.take("milk", 1);
    inventory.take("milk", 5);
    assert_eq!(*log.borrow(), ["milk=5", "milk=0", "milk=0"]);
    assert_eq!(inventory.alerts_sent(), 3);
}
