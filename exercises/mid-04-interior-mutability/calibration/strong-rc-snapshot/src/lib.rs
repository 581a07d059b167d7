//! Stock levels of a shop, shared by every part of the program that sells or restocks.
//!
//! Callbacks receive the inventory itself and may call any of its methods, so no `RefCell`
//! borrow may be alive while a callback runs. Every borrow below is confined to a single
//! statement or a small block that ends before any callback is called: a take first updates the
//! stock and releases it, then copies out the (reference-counted) callbacks it is due to call,
//! releases the list, and only then calls them.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// A low-stock callback: called with the inventory, the item and the units the take left behind.
///
/// Reference-counted so a take can hold on to the callbacks it is about to call without keeping
/// the list of watchers borrowed.
type Callback = Rc<dyn Fn(&Inventory, &str, u32)>;

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
    watchers: RefCell<Vec<Watcher>>,
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
        Inventory { stock: RefCell::default(), watchers: RefCell::default(), alerts: Cell::new(0) }
    }

    /// The units of `item` in stock; 0 for an item never added.
    pub fn count(&self, item: &str) -> u32 {
        self.stock.borrow().get(item).copied().unwrap_or(0)
    }

    /// Adds `units` of `item` to the stock.
    pub fn add(&self, item: &str, units: u32) {
        let mut stock = self.stock.borrow_mut();
        match stock.get_mut(item) {
            Some(level) => *level += units,
            // Only a new item needs an owned key.
            None => {
                stock.insert(item.to_owned(), units);
            }
        }
    }

    /// Removes `units` of `item` if that many are in stock, then calls the callbacks the new level
    /// is due to. Returns whether the units were removed.
    pub fn take(&self, item: &str, units: u32) -> bool {
        if units == 0 {
            return true;
        }
        let Some(left) = self.remove(item, units) else {
            return false;
        };

        // Decide who is due now, against the watchers registered so far: a callback registered
        // by one of these calls waits for the next take.
        let due: Vec<Callback> = self
            .watchers
            .borrow()
            .iter()
            .filter(|watcher| left <= watcher.threshold)
            .map(|watcher| Rc::clone(&watcher.callback))
            .collect();
        // The borrow of `watchers` ended with the statement above, so callbacks may register more.

        for callback in due {
            self.alerts.set(self.alerts.get() + 1);
            callback(self, item, left);
        }
        true
    }

    /// Removes `units` (at least one) of `item` and returns the level left, or `None` when there
    /// are not enough. The stock borrow ends when this returns.
    fn remove(&self, item: &str, units: u32) -> Option<u32> {
        let mut stock = self.stock.borrow_mut();
        let level = stock.get_mut(item)?;
        *level = level.checked_sub(units)?;
        Some(*level)
    }

    /// Calls `callback` after every take that leaves an item with `threshold` units or fewer.
    pub fn on_low_stock(&self, threshold: u32, callback: impl Fn(&Inventory, &str, u32) + 'static) {
        self.watchers.borrow_mut().push(Watcher { threshold, callback: Rc::new(callback) });
    }

    /// How many callback calls have been started so far.
    pub fn alerts_sent(&self) -> u64 {
        self.alerts.get()
    }
}
