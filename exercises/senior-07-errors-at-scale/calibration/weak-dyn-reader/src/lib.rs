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
            if let InventoryError::Read(err) = self {
                Some(err)
            } else if let InventoryError::BadQuantity { source, .. } = self {
                Some(source)
            } else {
                None
            }
        }
    }

    /// Parses a stock list.
    pub fn parse(text: &str) -> Result<Inventory, InventoryError> {
        let mut items = BTreeMap::new();
        let mut first_lines: HashMap<&str, usize> = HashMap::new();
        for (index, text) in text.lines().enumerate() {
            let line = index + 1;
            let text = text.trim();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            let (item, quantity) = text.split_once('=').ok_or(InventoryError::MissingEquals { line })?;
            let item = item.trim();
            if item.is_empty() {
                return Err(InventoryError::EmptyItem { line });
            }
            let quantity: u32 = quantity.trim().parse().map_err(|source| InventoryError::BadQuantity {
                line,
                item: item.to_string(),
                source,
            })?;
            if let Some(&first_line) = first_lines.get(item) {
                return Err(InventoryError::Duplicate { line, item: item.to_string(), first_line });
            }
            first_lines.insert(item, line);
            items.insert(item.to_string(), quantity);
        }
        Ok(Inventory { items })
    }

    /// Reads a stock list to its end, then parses it.
    pub fn read(mut reader: impl Read) -> Result<Inventory, InventoryError> {
        let mut text = String::new();
        reader.read_to_string(&mut text).map_err(InventoryError::Read)?;
        parse(&text)
    }
}

pub mod app {
    //! The application layer: stock across warehouses.

    use std::collections::BTreeMap;
    use std::error::Error;
    use std::fmt;
    use std::io::Read;

    use crate::inventory::{self, Inventory};

    type BoxError = Box<dyn Error + Send + Sync>;

    #[derive(Debug)]
    pub struct AppError {
        context: String,
        source: BoxError,
    }

    impl AppError {
        pub fn new(context: impl Into<String>, source: impl Error + Send + Sync + 'static) -> Self {
            Self::from_boxed(context.into(), Box::new(source))
        }

        fn from_boxed(context: String, source: BoxError) -> Self {
            AppError { context, source }
        }

        pub fn context(&self) -> &str {
            &self.context
        }
    }

    impl fmt::Display for AppError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.context)
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
            self.map_err(|err| AppError::from_boxed(context.into(), Box::new(err)))
        }

        fn with_context<C: Into<String>>(self, context: impl FnOnce() -> C) -> Result<T, AppError> {
            self.map_err(|err| AppError::from_boxed(context().into(), Box::new(err)))
        }
    }

    fn read_warehouse(name: &str, reader: &mut dyn Read) -> Result<Inventory, AppError> {
        inventory::read(reader).context(format!("reading warehouse `{}`", name))
    }

    /// The stock of every item over all the warehouses, each given by name with its stock list.
    /// The first warehouse whose list cannot be read stops the count.
    pub fn total_stock<'a, R: Read>(
        warehouses: impl IntoIterator<Item = (&'a str, R)>,
    ) -> Result<BTreeMap<String, u64>, AppError> {
        let mut totals: BTreeMap<String, u64> = BTreeMap::new();
        for (name, mut reader) in warehouses {
            let stock = read_warehouse(name, &mut reader)?;
            let items: Vec<(String, u32)> = stock.items().map(|(item, quantity)| (item.to_owned(), quantity)).collect();
            for (item, quantity) in items {
                *totals.entry(item).or_insert(0) += quantity as u64;
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
        let wanted = inventory::parse(wanted).context("reading the wanted list")?;
        let totals = total_stock(warehouses).context("counting the stock")?;
        Ok(wanted
            .items()
            .filter(|(item, want)| totals.get(*item).copied().unwrap_or(0) < *want as u64)
            .map(|(item, want)| (item.to_string(), want as u64 - totals.get(item).copied().unwrap_or(0)))
            .collect())
    }
}
