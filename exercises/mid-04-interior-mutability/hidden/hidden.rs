use std::cell::{Cell, RefCell};
use std::rc::Rc;

use mid_04_interior_mutability::Inventory;

type Log = Rc<RefCell<Vec<String>>>;

fn new_log() -> Log {
    Rc::new(RefCell::new(Vec::new()))
}

fn logger(log: &Log) -> impl Fn(&Inventory, &str, u32) + 'static {
    let log = Rc::clone(log);
    move |_, item, left| log.borrow_mut().push(format!("{item}={left}"))
}

#[test]
fn a_callback_can_read_the_stock() {
    let inventory = Inventory::new();
    let seen = new_log();
    let log = Rc::clone(&seen);
    inventory.on_low_stock(3, move |inventory, item, left| {
        log.borrow_mut().push(format!(
            "{item}: {left} left, count {}, tea {}",
            inventory.count(item),
            inventory.count("tea")
        ));
    });
    inventory.add("tea", 4);
    inventory.add("jam", 9);
    assert!(inventory.take("jam", 7));
    assert_eq!(*seen.borrow(), ["jam: 2 left, count 2, tea 4"]);
}

#[test]
fn a_callback_can_restock() {
    let inventory = Inventory::new();
    let log = new_log();
    inventory.on_low_stock(1, |inventory, item, _| inventory.add(item, 10));
    inventory.on_low_stock(1, logger(&log));
    let counts = Rc::clone(&log);
    inventory
        .on_low_stock(1, move |inventory, item, _| counts.borrow_mut().push(format!("now {}", inventory.count(item))));
    inventory.add("soap", 3);
    assert!(inventory.take("soap", 2));
    // Every callback is told what the take left behind, even after an earlier one restocked.
    assert_eq!(*log.borrow(), ["soap=1", "now 11"]);
    assert_eq!(inventory.count("soap"), 11);
    assert!(inventory.take("soap", 5));
    assert_eq!(log.borrow().len(), 2);
    assert_eq!(inventory.alerts_sent(), 3);
}

#[test]
fn a_callback_can_restock_an_item_never_seen() {
    let inventory = Inventory::new();
    inventory.on_low_stock(0, |inventory, item, _| inventory.add(&format!("{item} (reordered)"), 1));
    inventory.add("rice", 1);
    assert!(inventory.take("rice", 1));
    assert_eq!(inventory.count("rice (reordered)"), 1);
    assert_eq!(inventory.count("rice"), 0);
}

#[test]
fn a_callback_can_register_another_callback() {
    let inventory = Inventory::new();
    let log = new_log();
    let armed = Rc::new(Cell::new(false));
    let for_callback = (Rc::clone(&log), Rc::clone(&armed));
    inventory.on_low_stock(10, move |inventory, item, left| {
        let (log, armed) = &for_callback;
        log.borrow_mut().push(format!("first {item}={left}"));
        if !armed.replace(true) {
            let log = Rc::clone(log);
            inventory.on_low_stock(10, move |_, item, left| log.borrow_mut().push(format!("second {item}={left}")));
        }
    });
    inventory.add("salt", 20);
    assert!(inventory.take("salt", 15));
    // The new callback starts with the next take.
    assert_eq!(*log.borrow(), ["first salt=5"]);
    assert!(inventory.take("salt", 1));
    assert_eq!(*log.borrow(), ["first salt=5", "first salt=4", "second salt=4"]);
    assert_eq!(inventory.alerts_sent(), 3);
}

#[test]
fn a_callback_can_take_other_stock() {
    let inventory = Inventory::new();
    let log = new_log();
    // Selling the last pot also hands out one lid; the lids alert on their own.
    inventory.on_low_stock(0, |inventory, item, _| {
        if item == "pot" {
            assert!(inventory.take("lid", 1));
        }
    });
    inventory.on_low_stock(0, logger(&log));
    inventory.add("pot", 1);
    inventory.add("lid", 1);
    assert!(inventory.take("pot", 1));
    assert_eq!(*log.borrow(), ["lid=0", "pot=0"]);
    assert_eq!(inventory.count("lid"), 0);
    assert_eq!(inventory.alerts_sent(), 4);
}

#[test]
fn a_failed_take_calls_no_one() {
    let inventory = Inventory::new();
    let log = new_log();
    inventory.on_low_stock(100, logger(&log));
    inventory.add("oil", 2);
    assert!(!inventory.take("oil", 3));
    assert!(!inventory.take("vinegar", 1));
    assert_eq!(inventory.count("oil"), 2);
    assert!(log.borrow().is_empty());
    assert_eq!(inventory.alerts_sent(), 0);
}

#[test]
fn taking_nothing_succeeds_and_calls_no_one() {
    let inventory = Inventory::new();
    let log = new_log();
    inventory.on_low_stock(100, logger(&log));
    inventory.add("oil", 2);
    assert!(inventory.take("oil", 0));
    assert!(inventory.take("vinegar", 0));
    assert_eq!(inventory.count("oil"), 2);
    assert!(log.borrow().is_empty());
    assert_eq!(inventory.alerts_sent(), 0);
}

#[test]
fn a_callback_sees_itself_counted() {
    let inventory = Inventory::new();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let record = Rc::clone(&seen);
    inventory.on_low_stock(5, move |inventory, _, _| record.borrow_mut().push(inventory.alerts_sent()));
    inventory.add("egg", 7);
    inventory.take("egg", 3);
    inventory.take("egg", 1);
    assert_eq!(*seen.borrow(), [1, 2]);
}

/// A second caller: a till and a warehouse share one inventory; the warehouse refills any item
/// that gets down to 2 units back up to 10, from inside its callback.
#[test]
fn a_day_at_a_shared_shop() {
    let inventory = Rc::new(Inventory::new());
    let refills = Rc::new(Cell::new(0));
    let warehouse = Rc::clone(&refills);
    inventory.on_low_stock(2, move |inventory, item, left| {
        inventory.add(item, 10 - left);
        warehouse.set(warehouse.get() + 1);
    });
    let till = Rc::clone(&inventory);
    till.add("bread", 10);
    till.add("butter", 10);
    let mut sold = 0;
    for hour in 0..40_u32 {
        let item = if hour % 3 == 0 { "butter" } else { "bread" };
        if till.take(item, 1 + hour % 4) {
            sold += 1;
        }
    }
    assert_eq!(sold, 40);
    assert_eq!(inventory.count("bread"), 5);
    assert_eq!(inventory.count("butter"), 3);
    assert_eq!(refills.get(), 10);
    assert_eq!(inventory.alerts_sent(), 10);
}

/// The fewest allocations of three runs of `work`, so that an allocation another thread of the
/// test process happens to make meanwhile (the harness starting up) is not counted.
fn fewest_allocations<T>(mut work: impl FnMut() -> T) -> (T, u64) {
    let (mut result, counted) = crate::grader_measure::count_allocations(&mut work);
    let mut fewest = counted.total();
    for _ in 0..2 {
        let (again, counted) = crate::grader_measure::count_allocations(&mut work);
        result = again;
        fewest = fewest.min(counted.total());
    }
    (result, fewest)
}

/// An inventory of `items` items (`item0`, `item1`, … with 100 units each) and two callbacks that
/// only fire at 5 units or fewer.
fn big_inventory(items: usize, log: &Log) -> Inventory {
    let inventory = Inventory::new();
    for n in 0..items {
        inventory.add(&format!("item{n}"), 100);
    }
    inventory.on_low_stock(5, logger(log));
    inventory.on_low_stock(1, logger(log));
    inventory
}

#[test]
fn reading_the_stock_copies_nothing() {
    let log = new_log();
    let inventory = big_inventory(500, &log);
    let (read, allocations) = fewest_allocations(|| {
        (inventory.count("item7"), inventory.count("item499"), inventory.count("nothing"), inventory.alerts_sent())
    });
    // Reading a level or the counter needs no copy of the stock, of a name or of the callbacks.
    crate::grader_measure::report("allocations", allocations);
    assert_eq!(read, (100, 100, 0, 0));
}

#[test]
fn selling_and_restocking_copy_no_stock() {
    let log = new_log();
    let small = big_inventory(300, &log);
    let large = big_inventory(3_000, &log);
    // Takes that leave plenty (no callback is due) and restocks of items already listed: the same
    // work on either inventory, three times over.
    let trade = |inventory: &Inventory| {
        let sold = inventory.take("item3", 2) && inventory.take("item250", 1) && !inventory.take("item9", 1_000);
        inventory.add("item3", 2);
        inventory.add("item250", 1);
        sold
    };
    let (on_small, small_count) = fewest_allocations(|| trade(&small));
    let (on_large, large_count) = fewest_allocations(|| trade(&large));
    // What ten times the items costs more: copies of the stock grow with it.
    crate::grader_measure::report("allocations", large_count.saturating_sub(small_count));
    assert!(on_small && on_large);
    for inventory in [&small, &large] {
        assert_eq!((inventory.count("item3"), inventory.count("item250"), inventory.count("item9")), (100, 100, 100));
        assert_eq!(inventory.alerts_sent(), 0);
    }
    assert!(log.borrow().is_empty());
}
