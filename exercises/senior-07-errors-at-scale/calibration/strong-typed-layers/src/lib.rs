//! Stock levels across a chain of warehouses.
//!
//! Two layers: [`inventory`] reads one warehouse's stock list and reports failures with a typed
//! error that callers can match on; [`app`] uses it for several warehouses and wraps whatever
//! fails in a line of context, keeping the original error reachable through `source()`.

pub mod inventory {
    //! The library layer: one warehouse's stock list.
    //!
    //! A stock list has one `item = quantity` entry per line. Blank lines and lines starting
    //! with `#` are skipped.

    use std::collections::btree_map::{BTreeMap, Entry};
    use std::error::Error;
    use std::fmt;
    use std::io::{self, Read};
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

    /// Why a stock list could not be read. Line numbers start at 1 and count every line.
    #[derive(Debug)]
    pub enum InventoryError {
        /// The reader failed, or its bytes were not UTF-8 (an error of kind `InvalidData`).
        Read(io::Error),
        /// A line has no `=`.
        MissingEquals { line: usize },
        /// A line has nothing before its `=`.
        EmptyItem { line: usize },
        /// The quantity of `item` is not a `u32`.
        BadQuantity { line: usize, item: String, source: ParseIntError },
        /// `item` was already listed on `first_line`.
        Duplicate { line: usize, item: String, first_line: usize },
    }

    impl fmt::Display for InventoryError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            // Each message describes this level only; causes are reached through `source()`.
            match self {
                Self::Read(_) => f.write_str("could not read the stock list"),
                Self::MissingEquals { line } => write!(f, "line {line}: expected `item = quantity`"),
                Self::EmptyItem { line } => write!(f, "line {line}: the item name is empty"),
                Self::BadQuantity { line, item, source: _ } => write!(f, "line {line}: bad quantity for `{item}`"),
                Self::Duplicate { line, item, first_line } => {
                    write!(f, "line {line}: `{item}` is already listed on line {first_line}")
                }
            }
        }
    }

    impl Error for InventoryError {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            match self {
                Self::Read(source) => Some(source),
                Self::BadQuantity { source, .. } => Some(source),
                Self::MissingEquals { .. } | Self::EmptyItem { .. } | Self::Duplicate { .. } => None,
            }
        }
    }

    impl From<io::Error> for InventoryError {
        fn from(source: io::Error) -> Self {
            Self::Read(source)
        }
    }

    /// Parses a stock list.
    ///
    /// # Errors
    ///
    /// The first line that breaks the format, as an [`InventoryError`].
    pub fn parse(text: &str) -> Result<Inventory, InventoryError> {
        // Item -> (quantity, line it was listed on); the line is only needed for `Duplicate`.
        let mut listed: BTreeMap<&str, (u32, usize)> = BTreeMap::new();
        for (line, entry) in (1..).zip(text.lines()) {
            let entry = entry.trim();
            if entry.is_empty() || entry.starts_with('#') {
                continue;
            }
            let (item, quantity) = entry.split_once('=').ok_or(InventoryError::MissingEquals { line })?;
            let item = item.trim();
            if item.is_empty() {
                return Err(InventoryError::EmptyItem { line });
            }
            let quantity = quantity.trim().parse().map_err(|source| InventoryError::BadQuantity {
                line,
                item: item.to_owned(),
                source,
            })?;
            match listed.entry(item) {
                Entry::Vacant(slot) => {
                    slot.insert((quantity, line));
                }
                Entry::Occupied(first) => {
                    let first_line = first.get().1;
                    return Err(InventoryError::Duplicate { line, item: item.to_owned(), first_line });
                }
            }
        }
        let items = listed.into_iter().map(|(item, (quantity, _))| (item.to_owned(), quantity)).collect();
        Ok(Inventory { items })
    }

    /// Reads a stock list to its end, then parses it.
    ///
    /// # Errors
    ///
    /// [`InventoryError::Read`] when the reader fails or its bytes are not UTF-8, otherwise
    /// whatever [`parse`] reports.
    pub fn read(mut reader: impl Read) -> Result<Inventory, InventoryError> {
        let mut text = String::new();
        // `read_to_string` already turns bytes that are not UTF-8 into an `InvalidData` error.
        reader.read_to_string(&mut text)?;
        parse(&text)
    }
}

pub mod app {
    //! The application layer: stock across warehouses.
    //!
    //! Errors here are for people reading logs: an [`AppError`] says what the application was
    //! doing, and keeps whatever went wrong underneath as its `source()`.

    use std::collections::BTreeMap;
    use std::error::Error;
    use std::fmt;
    use std::io::Read;

    use crate::inventory;

    /// Any error that can travel between threads and be kept as a cause.
    type Cause = Box<dyn Error + Send + Sync + 'static>;

    /// One line of context (what the application was doing) on top of the error that stopped it.
    #[derive(Debug)]
    pub struct AppError {
        context: String,
        source: Cause,
    }

    impl AppError {
        /// Wraps `source` with `context`.
        pub fn new(context: impl Into<String>, source: impl Error + Send + Sync + 'static) -> Self {
            Self { context: context.into(), source: Box::new(source) }
        }

        /// What the application was doing when the error happened.
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
            Some(&*self.source)
        }
    }

    /// Adds context to a failed `Result`, turning its error into an [`AppError`].
    pub trait Context<T> {
        /// Wraps the error, if any, with `context`.
        fn context(self, context: impl Into<String>) -> Result<T, AppError>;

        /// Wraps the error, if any, with the context `context` builds; it is only called on error.
        fn with_context<C: Into<String>>(self, context: impl FnOnce() -> C) -> Result<T, AppError>;
    }

    impl<T, E> Context<T> for Result<T, E>
    where
        E: Error + Send + Sync + 'static,
    {
        fn context(self, context: impl Into<String>) -> Result<T, AppError> {
            self.map_err(|source| AppError::new(context, source))
        }

        fn with_context<C: Into<String>>(self, context: impl FnOnce() -> C) -> Result<T, AppError> {
            self.map_err(|source| AppError::new(context(), source))
        }
    }

    /// The stock of every item over all the warehouses, each given by name with its stock list.
    /// The first warehouse whose list cannot be read stops the count.
    ///
    /// # Errors
    ///
    /// `` reading warehouse `<name>` `` on top of the [`inventory::InventoryError`].
    pub fn total_stock<'a, R: Read>(
        warehouses: impl IntoIterator<Item = (&'a str, R)>,
    ) -> Result<BTreeMap<String, u64>, AppError> {
        let mut totals: BTreeMap<String, u64> = BTreeMap::new();
        for (name, reader) in warehouses {
            let stock = inventory::read(reader).with_context(|| format!("reading warehouse `{name}`"))?;
            for (item, quantity) in stock.items() {
                let quantity = u64::from(quantity);
                // Only allocate the key for an item not seen in an earlier warehouse.
                match totals.get_mut(item) {
                    Some(total) => *total += quantity,
                    None => {
                        totals.insert(item.to_owned(), quantity);
                    }
                }
            }
        }
        Ok(totals)
    }

    /// The items of the `wanted` list (a stock list of target levels) that the warehouses hold
    /// fewer of, with how many are missing, in item order.
    ///
    /// # Errors
    ///
    /// `reading the wanted list` on a bad wanted list, or `counting the stock` on top of the
    /// error from [`total_stock`].
    pub fn shortages<'a, R: Read>(
        warehouses: impl IntoIterator<Item = (&'a str, R)>,
        wanted: &str,
    ) -> Result<Vec<(String, u64)>, AppError> {
        let wanted = inventory::parse(wanted).context("reading the wanted list")?;
        let totals = total_stock(warehouses).context("counting the stock")?;
        let missing = wanted
            .items()
            .filter_map(|(item, want)| {
                let have = totals.get(item).copied().unwrap_or(0);
                let short = u64::from(want).checked_sub(have).filter(|&short| short > 0)?;
                Some((item.to_owned(), short))
            })
            .collect();
        Ok(missing)
    }
}
