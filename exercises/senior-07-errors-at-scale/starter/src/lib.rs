//! Stock levels across a chain of warehouses.
//!
//! Two layers: [`inventory`] reads one warehouse's stock list; [`app`] uses it for several
//! warehouses. Errors are reported as text for now (see README.md).

pub mod inventory {
    //! The library layer: one warehouse's stock list.
    //!
    //! A stock list has one `item = quantity` entry per line. Blank lines and lines starting
    //! with `#` are skipped.

    use std::collections::{BTreeMap, HashMap};
    use std::io::Read;

    /// The stock of one warehouse.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Inventory {
        items: BTreeMap<String, u32>,
    }

    impl Inventory {
        /// How many of `item` the warehouse holds, if it lists the item.
        pub fn quantity(&self, item: &str) -> Option<u32> {
            self.items.get(item).copied()
        }

        /// Every listed item with its quantity, in item order.
        pub fn items(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
            self.items.iter().map(|(item, quantity)| (item.as_str(), *quantity))
        }

        /// The number of listed items.
        pub fn len(&self) -> usize {
            self.items.len()
        }

        /// Whether no item is listed.
        pub fn is_empty(&self) -> bool {
            self.items.is_empty()
        }
    }

    /// Parses a stock list.
    pub fn parse(text: &str) -> Result<Inventory, String> {
        let mut items = BTreeMap::new();
        let mut first_lines: HashMap<String, usize> = HashMap::new();
        for (index, text) in text.lines().enumerate() {
            let line = index + 1;
            let text = text.trim();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            let Some((item, quantity)) = text.split_once('=') else {
                return Err(format!("line {line}: expected `item = quantity`"));
            };
            let item = item.trim();
            if item.is_empty() {
                return Err(format!("line {line}: the item name is empty"));
            }
            let quantity: u32 = match quantity.trim().parse() {
                Ok(quantity) => quantity,
                Err(err) => return Err(format!("line {line}: bad quantity for `{item}`: {err}")),
            };
            if let Some(first_line) = first_lines.get(item) {
                return Err(format!("line {line}: `{item}` is already listed on line {first_line}"));
            }
            first_lines.insert(item.to_string(), line);
            items.insert(item.to_string(), quantity);
        }
        Ok(Inventory { items })
    }

    /// Reads a stock list to its end, then parses it.
    pub fn read(mut reader: impl Read) -> Result<Inventory, String> {
        let mut text = String::new();
        if let Err(err) = reader.read_to_string(&mut text) {
            return Err(format!("could not read the stock list: {err}"));
        }
        parse(&text)
    }
}

pub mod app {
    //! The application layer: stock across warehouses.

    use std::collections::BTreeMap;
    use std::io::Read;

    use crate::inventory;

    /// The stock of every item over all the warehouses, each given by name with its stock list.
    /// The first warehouse whose list cannot be read stops the count.
    pub fn total_stock<'a, R: Read>(
        warehouses: impl IntoIterator<Item = (&'a str, R)>,
    ) -> Result<BTreeMap<String, u64>, String> {
        let mut totals: BTreeMap<String, u64> = BTreeMap::new();
        for (name, reader) in warehouses {
            let stock = match inventory::read(reader) {
                Ok(stock) => stock,
                Err(err) => return Err(format!("reading warehouse `{name}`: {err}")),
            };
            for (item, quantity) in stock.items() {
                *totals.entry(item.to_string()).or_default() += u64::from(quantity);
            }
        }
        Ok(totals)
    }

    /// The items of the `wanted` list (a stock list of target levels) that the warehouses hold
    /// fewer of, with how many are missing, in item order.
    pub fn shortages<'a, R: Read>(
        warehouses: impl IntoIterator<Item = (&'a str, R)>,
        wanted: &str,
    ) -> Result<Vec<(String, u64)>, String> {
        let wanted = inventory::parse(wanted).map_err(|err| format!("reading the wanted list: {err}"))?;
        let totals = total_stock(warehouses).map_err(|err| format!("counting the stock: {err}"))?;
        let mut missing = Vec::new();
        for (item, want) in wanted.items() {
            let have = totals.get(item).copied().unwrap_or(0);
            let want = u64::from(want);
            if have < want {
                missing.push((item.to_string(), want - have));
            }
        }
        Ok(missing)
    }
}
