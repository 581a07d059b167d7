//! Stock levels of a shop, shared by every part of the program that sells or restocks.
//!
//! Callbacks are handed the inventory and may call any method on it, so this module never keeps
//! a `RefCell` borrow alive across a callback call. Watchers are only ever appended, which lets a
//! take walk them by position, borrowing the list for one lookup at a time, without copying it.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// A low-stock callback: called with the inventory, the item and the units the take left behind.
///
/// Shared (`Rc`) so a take can keep the callback alive while calling it after releasing the list.
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
    /// Append-only: positions stay valid for as long as the inventory lives.
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
        self.stock.borrow().get(item).map_or(0, |&level| level)
    }

    /// Adds `units` of `item` to the stock.
    pub fn add(&self, item: &str, units: u32) {
        let mut stock = self.stock.borrow_mut();
        if let Some(level) = stock.get_mut(item) {
            *level += units;
        } else {
            stock.insert(item.to_owned(), units);
        }
    }

    /// Removes `units` of `item` if that many are in stock, then calls the callbacks the new level
    /// is due to. Returns whether the units were removed.
    pub fn take(&self, item: &str, units: u32) -> bool {
        if units == 0 {
            return true;
        }
        // The mutable borrow is a temporary of this statement: it is gone before any callback.
        let left = match self.stock.borrow_mut().get_mut(item) {
            Some(level) if *level >= units => {
                *level -= units;
                *level
            }
            _ => return false,
        };

        // Watchers registered from here on (by the callbacks below) wait for the next take.
        let registered = self.watchers.borrow().len();
        for position in 0..registered {
            if let Some(callback) = self.due_callback(position, left) {
                self.alerts.set(self.alerts.get() + 1);
                callback(self, item, left);
            }
        }
        true
    }

    /// The callback of the watcher at `position` if a level of `left` is due to it. The list is
    /// borrowed only for the lookup.
    fn due_callback(&self, position: usize, left: u32) -> Option<Callback> {
        let watchers = self.watchers.borrow();
        let watcher = watchers.get(position)?;
        (left <= watcher.threshold).then(|| Rc::clone(&watcher.callback))
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
