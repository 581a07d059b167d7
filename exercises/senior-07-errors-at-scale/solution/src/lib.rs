//! Stock levels across a chain of warehouses.
//!
//! Two layers: [`inventory`] is a library that reads one warehouse's stock list and reports what
//! went wrong as a typed error callers can match on; [`app`] uses it for several warehouses and
//! adds, at each step, the context a person needs to find the problem, keeping every cause.

pub mod inventory {
    //! The library layer: one warehouse's stock list.
    //!
    //! A stock list has one `item = quantity` entry per line. Blank lines and lines starting
    //! with `#` are skipped.

    use std::collections::{BTreeMap, HashMap};
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
    ///
    /// Each variant's message describes its own level only; the underlying error, when there
    /// is one, is reached through [`Error::source`].
    #[derive(Debug)]
    pub enum InventoryError {
        /// The reader failed, or the text is not UTF-8.
        Read(io::Error),
        /// A line has no `=`.
        MissingEquals { line: usize },
        /// A line has nothing before its `=`.
        EmptyItem { line: usize },
        /// The quantity is not a whole number from 0 to `u32::MAX`.
        BadQuantity { line: usize, item: String, source: ParseIntError },
        /// The item was already listed on an earlier line.
        Duplicate { line: usize, item: String, first_line: usize },
    }

    impl fmt::Display for InventoryError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                InventoryError::Read(_) => write!(f, "could not read the stock list"),
                InventoryError::MissingEquals { line } => write!(f, "line {line}: expected `item = quantity`"),
                InventoryError::EmptyItem { line } => write!(f, "line {line}: the item name is empty"),
                InventoryError::BadQuantity { line, item, .. } => write!(f, "line {line}: bad quantity for `{item}`"),
                InventoryError::Duplicate { line, item, first_line } => {
                    write!(f, "line {line}: `{item}` is already listed on line {first_line}")
                }
            }
        }
    }

    impl Error for InventoryError {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            match self {
                InventoryError::Read(source) => Some(source),
                InventoryError::BadQuantity { source, .. } => Some(source),
                InventoryError::MissingEquals { .. }
                | InventoryError::EmptyItem { .. }
                | InventoryError::Duplicate { .. } => None,
            }
        }
    }

    impl From<io::Error> for InventoryError {
        fn from(source: io::Error) -> Self {
            InventoryError::Read(source)
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
            let quantity = quantity.trim().parse().map_err(|source| InventoryError::BadQuantity {
                line,
                item: item.to_owned(),
                source,
            })?;
            if let Some(&first_line) = first_lines.get(item) {
                return Err(InventoryError::Duplicate { line, item: item.to_owned(), first_line });
            }
            first_lines.insert(item, line);
            items.insert(item.to_owned(), quantity);
        }
        Ok(Inventory { items })
    }

    /// Reads a stock list to its end, then parses it.
    pub fn read(mut reader: impl Read) -> Result<Inventory, InventoryError> {
        let mut text = String::new();
        reader.read_to_string(&mut text)?;
        parse(&text)
    }
}

pub mod app {
    //! The application layer: stock across warehouses, and errors with context.
    //!
    //! Here the exact type of a cause matters less than the story of what was being done, so
    //! [`AppError`] keeps its cause as a boxed `Error` (any error, including another `AppError`)
    //! and adds one line of context. The cause's own type survives inside the box: a caller can
    //! still walk [`Error::source`] and downcast.

    use std::collections::BTreeMap;
    use std::error::Error;
    use std::fmt;
    use std::io::Read;

    use crate::inventory;

    /// An error with a line of context: what the application was doing when `source` happened.
    ///
    /// Its message is the context alone; the cause is its [`Error::source`].
    #[derive(Debug)]
    pub struct AppError {
        context: String,
        source: Box<dyn Error + Send + Sync + 'static>,
    }

    impl AppError {
        /// Wraps `source` with `context`.
        pub fn new(context: impl Into<String>, source: impl Error + Send + Sync + 'static) -> Self {
            AppError { context: context.into(), source: Box::new(source) }
        }

        /// What the application was doing.
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

    /// Adds context to the error of any `Result` whose error is a standard error.
    pub trait Context<T> {
        /// Wraps the error, if any, in an [`AppError`] with this context.
        fn context(self, context: impl Into<String>) -> Result<T, AppError>;

        /// Like [`Context::context`], building the context only when there is an error.
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
    pub fn total_stock<'a, R: Read>(
        warehouses: impl IntoIterator<Item = (&'a str, R)>,
    ) -> Result<BTreeMap<String, u64>, AppError> {
        let mut totals: BTreeMap<String, u64> = BTreeMap::new();
        for (name, reader) in warehouses {
            let stock = inventory::read(reader).with_context(|| format!("reading warehouse `{name}`"))?;
            for (item, quantity) in stock.items() {
                *totals.entry(item.to_owned()).or_default() += u64::from(quantity);
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
            .filter_map(|(item, want)| {
                let have = totals.get(item).copied().unwrap_or(0);
                let want = u64::from(want);
                (have < want).then(|| (item.to_owned(), want - have))
            })
            .collect())
    }
}
