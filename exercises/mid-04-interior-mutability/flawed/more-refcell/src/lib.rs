//! Stock levels of a shop, shared by every part of the program that sells or restocks.

use std::cell::RefCell;
use std::collections::HashMap;

/// A low-stock callback: called with the inventory, the item and the units the take left behind.
type Callback = Box<dyn Fn(&Inventory, &str, u32)>;

struct Watcher {
    threshold: u32,
    callback: Callback,
}

/// Stock levels, with callbacks that fire when an item runs low.
///
/// Every method takes `&self`: the inventory is shared (for example in an `Rc`) and its callbacks
/// are handed the inventory itself. See README.md for the rules.
pub struct Inventory {
    /// One `RefCell` per level, so a level can change while the map is borrowed.
    stock: RefCell<HashMap<String, RefCell<u32>>>,
    /// New items added while the map was busy; moved into `stock` once it is free.
    pending_stock: RefCell<Vec<(String, u32)>>,
    watchers: RefCell<Vec<Watcher>>,
    /// Callbacks registered while `watchers` was busy; moved over once it is free.
    pending_watchers: RefCell<Vec<Watcher>>,
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
            pending_stock: RefCell::new(Vec::new()),
            watchers: RefCell::new(Vec::new()),
            pending_watchers: RefCell::new(Vec::new()),
            alerts: RefCell::new(0),
        }
    }

    /// The units of `item` in stock; 0 for an item never added.
    pub fn count(&self, item: &str) -> u32 {
        let in_map = match self.stock.try_borrow() {
            Ok(stock) => match stock.get(item) {
                Some(level) => match level.try_borrow() {
                    Ok(level) => *level,
                    Err(_) => 0,
                },
                None => 0,
            },
            Err(_) => 0,
        };
        let pending: u32 =
            self.pending_stock.borrow().iter().filter(|(name, _)| name == item).map(|(_, units)| *units).sum();
        in_map + pending
    }

    /// Adds `units` of `item` to the stock.
    pub fn add(&self, item: &str, units: u32) {
        match self.stock.try_borrow_mut() {
            Ok(mut stock) => {
                *stock.entry(item.to_string()).or_insert_with(|| RefCell::new(0)).borrow_mut() += units;
            }
            Err(_) => {
                // Someone is reading the map: change the level in place, or queue the new item.
                let stock = self.stock.borrow();
                match stock.get(item) {
                    Some(level) => *level.borrow_mut() += units,
                    None => self.pending_stock.borrow_mut().push((item.to_string(), units)),
                }
            }
        }
    }

    /// Removes `units` of `item` if that many are in stock, then calls the callbacks the new level
    /// is due to. Returns whether the units were removed.
    pub fn take(&self, item: &str, units: u32) -> bool {
        let stock = self.stock.borrow();
        let Some(level) = stock.get(item) else {
            return units == 0;
        };
        let left = {
            let mut level = level.borrow_mut();
            if *level < units {
                return false;
            }
            *level -= units;
            *level
        };
        if units == 0 {
            return true;
        }
        if let Ok(watchers) = self.watchers.try_borrow() {
            for watcher in watchers.iter() {
                if left <= watcher.threshold {
                    *self.alerts.borrow_mut() += 1;
                    (watcher.callback)(self, item, left);
                }
            }
        }
        drop(stock);
        self.flush_pending();
        true
    }

    /// Moves whatever was queued while the maps were busy into them, if they are free now.
    fn flush_pending(&self) {
        if let Ok(mut stock) = self.stock.try_borrow_mut() {
            for (item, units) in self.pending_stock.borrow_mut().drain(..) {
                *stock.entry(item).or_insert_with(|| RefCell::new(0)).borrow_mut() += units;
            }
        }
        if let Ok(mut watchers) = self.watchers.try_borrow_mut() {
            watchers.append(&mut self.pending_watchers.borrow_mut());
        }
    }

    /// Calls `callback` after every take that leaves an item with `threshold` units or fewer.
    pub fn on_low_stock(&self, threshold: u32, callback: impl Fn(&Inventory, &str, u32) + 'static) {
        let watcher = Watcher { threshold, callback: Box::new(callback) };
        match self.watchers.try_borrow_mut() {
            Ok(mut watchers) => watchers.push(watcher),
            Err(_) => self.pending_watchers.borrow_mut().push(watcher),
        }
    }

    /// How many callback calls have been made so far.
    pub fn alerts_sent(&self) -> u64 {
        *self.alerts.borrow()
    }
}
