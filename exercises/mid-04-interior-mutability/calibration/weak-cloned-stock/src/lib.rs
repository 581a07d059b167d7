//! Stock levels of a shop, shared by every part of the program that sells or restocks.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// Stock levels, with callbacks that fire when an item runs low.
///
/// Every method takes `&self`: the inventory is shared (for example in an `Rc`) and its callbacks
/// are handed the inventory itself. See README.md for the rules.
#[allow(clippy::type_complexity)]
pub struct Inventory {
    stock: RefCell<HashMap<String, u32>>,
    /// (threshold, callback)
    watchers: RefCell<Vec<(u32, Rc<dyn Fn(&Inventory, &str, u32)>)>>,
    alerts: Cell<u64>,
}

impl Default for Inventory {
    fn default() -> Self {
        Inventory::new()
    }
}

impl Inventory {
    /// An empty inventory with no callbacks.
    pub fn new() -> Inventory {
        Inventory { stock: RefCell::new(HashMap::new()), watchers: RefCell::new(Vec::new()), alerts: Cell::new(0) }
    }

    /// The units of `item` in stock; 0 for an item never added.
    pub fn count(&self, item: &str) -> u32 {
        let stock = self.stock.borrow().clone();
        match stock.get(item) {
            Some(units) => *units,
            None => 0,
        }
    }

    /// Adds `units` of `item` to the stock.
    pub fn add(&self, item: &str, units: u32) {
        let current = self.count(item);
        self.stock.borrow_mut().insert(item.to_string(), current + units);
    }

    /// Removes `units` of `item` if that many are in stock, then calls the callbacks the new level
    /// is due to. Returns whether the units were removed.
    pub fn take(&self, item: &str, units: u32) -> bool {
        if units == 0 {
            return true;
        }
        if self.count(item) < units {
            return false;
        }
        let left = {
            let mut stock = self.stock.borrow_mut();
            let level = stock.get_mut(item).expect("item is in stock");
            *level -= units;
            *level
        };

        // clone the list, otherwise the callbacks can't use the inventory
        let watchers = self.watchers.borrow().clone();
        for (threshold, callback) in watchers.iter() {
            if left <= *threshold {
                self.alerts.set(self.alerts.get() + 1);
                callback(self, item, left);
            }
        }
        true
    }

    /// Calls `callback` after every take that leaves an item with `threshold` units or fewer.
    pub fn on_low_stock(&self, threshold: u32, callback: impl Fn(&Inventory, &str, u32) + 'static) {
        self.watchers.borrow_mut().push((threshold, Rc::new(callback)));
    }

    /// How many callback calls have been made so far.
    pub fn alerts_sent(&self) -> u64 {
        self.alerts.get()
    }
}
