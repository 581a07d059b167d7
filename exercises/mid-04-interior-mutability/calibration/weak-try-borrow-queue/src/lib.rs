//! Stock levels of a shop, shared by every part of the program that sells or restocks.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// A low-stock callback: called with the inventory, the item and the units the take left behind.
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
    /// watchers registered while the list was busy, added at the next take
    pending: RefCell<Vec<Watcher>>,
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
        Inventory {
            stock: RefCell::new(HashMap::new()),
            watchers: RefCell::new(Vec::new()),
            pending: RefCell::new(Vec::new()),
            alerts: RefCell::new(0),
        }
    }

    /// The units of `item` in stock; 0 for an item never added.
    pub fn count(&self, item: &str) -> u32 {
        match self.stock.try_borrow() {
            Ok(stock) => stock.get(item).copied().unwrap_or(0),
            Err(_) => 0,
        }
    }

    /// Adds `units` of `item` to the stock.
    pub fn add(&self, item: &str, units: u32) {
        if let Ok(mut stock) = self.stock.try_borrow_mut() {
            *stock.entry(item.to_string()).or_insert(0) += units;
        }
    }

    /// Removes `units` of `item` if that many are in stock, then calls the callbacks the new level
    /// is due to. Returns whether the units were removed.
    pub fn take(&self, item: &str, units: u32) -> bool {
        if let (Ok(mut watchers), Ok(mut pending)) = (self.watchers.try_borrow_mut(), self.pending.try_borrow_mut()) {
            watchers.append(&mut pending);
        }

        let left = {
            let Ok(mut stock) = self.stock.try_borrow_mut() else {
                return false;
            };
            let Some(level) = stock.get_mut(item) else {
                return units == 0;
            };
            if *level < units {
                return false;
            }
            *level -= units;
            *level
        };
        if units == 0 {
            return true;
        }

        let item = item.to_string();
        let callbacks: Vec<(u32, Callback)> =
            self.watchers.borrow().iter().map(|w| (w.threshold, w.callback.clone())).collect();
        for (threshold, callback) in callbacks {
            if left <= threshold {
                if let Ok(mut alerts) = self.alerts.try_borrow_mut() {
                    *alerts += 1;
                }
                callback(self, &item, left);
            }
        }
        true
    }

    /// Calls `callback` after every take that leaves an item with `threshold` units or fewer.
    pub fn on_low_stock(&self, threshold: u32, callback: impl Fn(&Inventory, &str, u32) + 'static) {
        let watcher = Watcher { threshold, callback: Rc::new(callback) };
        match self.watchers.try_borrow_mut() {
            Ok(mut watchers) => watchers.push(watcher),
            Err(_) => self.pending.borrow_mut().push(watcher),
        }
    }

    /// How many callback calls have been made so far.
    pub fn alerts_sent(&self) -> u64 {
        *self.alerts.borrow()
    }
}
