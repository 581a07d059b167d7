//! Stock levels across a chain of warehouses.
//!
//! Two layers: [`inventory`] reads one warehouse's stock list; [`app`] uses it for several
//! warehouses.

pub mod inventory {
    //! The library layer: one warehouse's stock list.
    //!
    //! A stock list has one `item = quantity` entry per line. Blank lines and lines starting
    //! with `#` are skipped.

    use std::collections::{BTreeMap, HashMap};
    use std::error::Error;
    use std::fmt;
    use std::io::Read;
    use std::num::ParseIntError;

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

    /// Errors from reading a stock list.
    #[derive(Debug)]
    pub enum InventoryError {
        Read(std::io::Error),
        MissingEquals { line: usize },
        EmptyItem { line: usize },
        BadQuantity { line: usize, item: String, source: ParseIntError },
        Duplicate { line: usize, item: String, first_line: usize },
    }

    impl fmt::Display for InventoryError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                InventoryError::Read(_) => write!(f, "could not read the stock list"),
                InventoryError::MissingEquals { line } => write!(f, "line {}: expected `item = quantity`", line),
                InventoryError::EmptyItem { line } => write!(f, "line {}: the item name is empty", line),
                InventoryError::BadQuantity { line, item, .. } => write!(f, "line {}: bad quantity for `{}`", line, item),
                InventoryError::Duplicate { line, item, first_line } => {
                    write!(f, "line {}: `{}` is already listed on line {}", line, item, first_line)
                }
            }
        }
    }

    impl Error for InventoryError {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            match self {
                InventoryError::Read(err) => Some(err),
                InventoryError::BadQuantity { source, .. } => Some(source),
                _ => None,
            }
        }
    }

    /// Parses a stock list.
    pub fn parse(text: &str) -> Result<Inventory, InventoryError> {
        let mut items = BTreeMap::new();
        let mut first_lines: HashMap<String, usize> = HashMap::new();
        let lines: Vec<&str> = text.lines().collect();
        for (index, text) in lines.iter().enumerate() {
            let line = index + 1;
            let text = text.trim();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            let Some((item, quantity)) = text.split_once('=') else {
                return Err(InventoryError::MissingEquals { line });
            };
            let item = item.trim().to_string();
            if item.is_empty() {
                return Err(InventoryError::EmptyItem { line });
            }
            let quantity: u32 = match quantity.trim().parse() {
                Ok(quantity) => quantity,
                Err(err) => return Err(InventoryError::BadQuantity { line, item: item.clone(), source: err }),
            };
            if let Some(first_line) = first_lines.get(&item) {
                return Err(InventoryError::Duplicate { line, item: item.clone(), first_line: *first_line });
            }
            first_lines.insert(item.clone(), line);
            items.insert(item, quantity);
        }
        Ok(Inventory { items })
    }

    /// Reads a stock list to its end, then parses it.
    pub fn read(mut reader: impl Read) -> Result<Inventory, InventoryError> {
        let mut text = String::new();
        match reader.read_to_string(&mut text) {
            Ok(_) => match parse(&text) {
                Ok(inventory) => Ok(inventory),
                Err(err) => Err(err),
            },
            Err(err) => Err(InventoryError::Read(err)),
        }
    }
}

pub mod app {
    //! The application layer: stock across warehouses.

    use std::collections::BTreeMap;
    use std::error::Error;
    use std::fmt;
    use std::io::Read;

    use crate::inventory;

    /// An error with a line of context on top of its cause.
    #[derive(Debug)]
    pub struct AppError {
        context: String,
        source: Box<dyn Error + Send + Sync + 'static>,
    }

    impl AppError {
        pub fn new(context: impl Into<String>, source: impl Error + Send + Sync + 'static) -> Self {
            AppError { context: context.into(), source: Box::new(source) }
        }

        pub fn context(&self) -> &str {
            &self.context
        }
    }

    impl fmt::Display for AppError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{}", self.context)
        }
    }

    impl Error for AppError {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(self.source.as_ref())
        }
    }

    pub trait Context<T> {
        fn context(self, context: impl Into<String>) -> Result<T, AppError>;
        fn with_context<C: Into<String>>(self, context: impl FnOnce() -> C) -> Result<T, AppError>;
    }

    impl<T, E: Error + Send + Sync + 'static> Context<T> for Result<T, E> {
        fn context(self, context: impl Into<String>) -> Result<T, AppError> {
            match self {
                Ok(value) => Ok(value),
                Err(err) => Err(AppError::new(context, err)),
            }
        }

        fn with_context<C: Into<String>>(self, context: impl FnOnce() -> C) -> Result<T, AppError> {
            match self {
                Ok(value) => Ok(value),
                Err(err) => Err(AppError::new(context(), err)),
            }
        }
    }

    /// The stock of every item over all the warehouses, each given by name with its stock list.
    /// The first warehouse whose list cannot be read stops the count.
    pub fn total_stock<'a, R: Read>(
        warehouses: impl IntoIterator<Item = (&'a str, R)>,
    ) -> Result<BTreeMap<String, u64>, AppError> {
        let mut totals: BTreeMap<String, u64> = BTreeMap::new();
        for (name, reader) in warehouses {
            let stock = match inventory::read(reader) {
                Ok(stock) => stock,
                Err(err) => return Err(AppError::new(format!("reading warehouse `{}`", name), err)),
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
    ) -> Result<Vec<(String, u64)>, AppError> {
        let wanted = match inventory::parse(wanted) {
            Ok(wanted) => wanted,
            Err(err) => return Err(AppError::new("reading the wanted list", err)),
        };
        let totals = match total_stock(warehouses) {
            Ok(totals) => totals,
            Err(err) => return Err(AppError::new("counting the stock", err)),
        };
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
