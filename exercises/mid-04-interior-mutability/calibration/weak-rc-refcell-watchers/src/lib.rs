//! Stock levels of a shop, shared by every part of the program that sells or restocks.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// A low-stock callback: called with the inventory, the item and the units the take left behind.
type Callback = Box<dyn Fn(&Inventory, &str, u32)>;

type Shared<T> = Rc<RefCell<T>>;

struct Watcher {
    threshold: u32,
    callback: Callback,
}

/// Stock levels, with callbacks that fire when an item runs low.
///
/// Every method takes `&self`: the inventory is shared (for example in an `Rc`) and its callbacks
/// are handed the inventory itself. See README.md for the rules.
pub struct Inventory {
    stock: RefCell<HashMap<String, u32>>,
    watchers: RefCell<Vec<Shared<Watcher>>>,
    alerts: RefCell<u64>,
}

impl Default for Inventory {
    fn default() -> Self {
        Inventory::new()
    }
}

impl Inventory {
    /// An empty inventory with no callbacks.
    pub fn new() -> Inventory {
        Inventory { stock: RefCell::new(HashMap::new()), watchers: RefCell::new(Vec::new()), alerts: RefCell::new(0) }
    }

    /// The units of `item` in stock; 0 for an item never added.
    pub fn count(&self, item: &str) -> u32 {
        *self.stock.borrow().get(item).unwrap_or(&0)
    }

    /// Adds `units` of `item` to the stock.
    pub fn add(&self, item: &str, units: u32) {
        *self.stock.borrow_mut().entry(item.to_string()).or_insert(0) += units;
    }

    /// Removes `units` of `item` if that many are in stock, then calls the callbacks the new level
    /// is due to. Returns whether the units were removed.
    pub fn take(&self, item: &str, units: u32) -> bool {
        if units == 0 {
            return true;
        }
        let left;
        {
            let mut stock = self.stock.borrow_mut();
            if !stock.contains_key(item) {
                return false;
            }
            let level = stock.get_mut(item).unwrap();
            if *level < units {
                return false;
            }
            *level -= units;
            left = *level;
        }

        // copy the list so callbacks can register new watchers while we loop
        let watchers: Vec<Shared<Watcher>> = self.watchers.borrow().iter().cloned().collect();
        for watcher in watchers {
            let watcher = watcher.borrow();
            if left <= watcher.threshold {
                *self.alerts.borrow_mut() += 1;
                (watcher.callback)(self, item, left);
            }
        }
        true
    }

    /// Calls `callback` after every take that leaves an item with `threshold` units or fewer.
    pub fn on_low_stock(&self, threshold: u32, callback: impl Fn(&Inventory, &str, u32) + 'static) {
        let watcher = Watcher { threshold, callback: Box::new(callback) };
        self.watchers.borrow_mut().push(Rc::new(RefCell::new(watcher)));
    }

    /// How many callback calls have been made so far.
    pub fn alerts_sent(&self) -> u64 {
        *self.alerts.borrow()
    }
}
