//! Stock levels of a shop, shared by every part of the program that sells or restocks.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// A low-stock callback: called with the inventory, the item and the units the take left behind.
///
/// Held in an `Rc` so that `take` can copy the list of callbacks it is about to call and release
/// every borrow before calling any of them.
type Callback = Rc<dyn Fn(&Inventory, &str, u32)>;

struct Watcher {
    threshold: u32,
    callback: Callback,
}

/// Stock levels, with callbacks that fire when an item runs low.
///
/// Every method takes `&self`: the inventory is shared (for example in an `Rc`) and its callbacks
/// are handed the inventory itself, so they may call back into it. No `RefCell` borrow is ever
/// held while a callback runs; each one lasts for a single statement.
pub struct Inventory {
    stock: RefCell<HashMap<String, u32>>,
    watchers: RefCell<Vec<Watcher>>,
    /// A plain counter needs no borrow at all: `Cell` copies it in and out.
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
        self.stock.borrow().get(item).copied().unwrap_or(0)
    }

    /// Adds `units` of `item` to the stock.
    pub fn add(&self, item: &str, units: u32) {
        *self.stock.borrow_mut().entry(item.to_string()).or_insert(0) += units;
    }

    /// Removes `units` of `item` if that many are in stock, then calls the callbacks the new level
    /// is due to. Returns whether the units were removed.
    pub fn take(&self, item: &str, units: u32) -> bool {
        let Some(left) = self.remove(item, units) else {
            return false;
        };
        if units == 0 {
            return true;
        }
        // Decide who is due while borrowing, then call them with nothing borrowed.
        let due: Vec<Callback> = self
            .watchers
            .borrow()
            .iter()
            .filter(|watcher| left <= watcher.threshold)
            .map(|watcher| Rc::clone(&watcher.callback))
            .collect();
        for callback in due {
            self.alerts.set(self.alerts.get() + 1);
            callback(self, item, left);
        }
        true
    }

    /// Takes `units` off the level of `item` and returns what is left, or `None` (changing
    /// nothing) if there are not that many. The borrow ends when this returns.
    fn remove(&self, item: &str, units: u32) -> Option<u32> {
        let mut stock = self.stock.borrow_mut();
        match stock.get_mut(item) {
            Some(level) => {
                *level = level.checked_sub(units)?;
                Some(*level)
            }
            None => (units == 0).then_some(0),
        }
    }

    /// Calls `callback` after every take that leaves an item with `threshold` units or fewer.
    pub fn on_low_stock(&self, threshold: u32, callback: impl Fn(&Inventory, &str, u32) + 'static) {
        self.watchers.borrow_mut().push(Watcher { threshold, callback: Rc::new(callback) });
    }

    /// How many callback calls have been made so far.
    pub fn alerts_sent(&self) -> u64 {
        self.alerts.get()
    }
}
