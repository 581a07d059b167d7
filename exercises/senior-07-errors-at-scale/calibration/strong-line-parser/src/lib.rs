//! Stock levels across a chain of warehouses.
//!
//! Two layers: [`inventory`] reads one warehouse's stock list; [`app`] uses it for several
//! warehouses. The library reports a closed set of failures as [`inventory::InventoryError`], so
//! callers can react to each one; the application only needs to explain what it was doing, so it
//! wraps any cause in an [`app::AppError`] and leaves the cause reachable through `source()`.

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

    /// What went wrong while reading a stock list. Lines are numbered from 1, skipped ones
    /// included.
    #[derive(Debug)]
    pub enum InventoryError {
        /// The reader failed, or its bytes are not UTF-8 (then with kind `InvalidData`).
        Read(io::Error),
        /// The line has no `=`.
        MissingEquals { line: usize },
        /// The line has nothing before its `=`.
        EmptyItem { line: usize },
        /// The quantity is not a `u32`.
        BadQuantity { line: usize, item: String, source: ParseIntError },
        /// The item already appeared on `first_line`.
        Duplicate { line: usize, item: String, first_line: usize },
    }

    impl fmt::Display for InventoryError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            use InventoryError as E;
            match self {
                E::Read(_) => write!(f, "could not read the stock list"),
                E::MissingEquals { line } => write!(f, "line {line}: expected `item = quantity`"),
                E::EmptyItem { line } => write!(f, "line {line}: the item name is empty"),
                E::BadQuantity { line, item, .. } => write!(f, "line {line}: bad quantity for `{item}`"),
                E::Duplicate { line, item, first_line } => {
                    write!(f, "line {line}: `{item}` is already listed on line {first_line}")
                }
            }
        }
    }

    impl Error for InventoryError {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            use InventoryError as E;
            match self {
                E::Read(err) => Some(err),
                E::BadQuantity { source, .. } => Some(source),
                E::MissingEquals { .. } | E::EmptyItem { .. } | E::Duplicate { .. } => None,
            }
        }
    }

    /// One meaningful line: `Ok(None)` for a blank line or a comment.
    fn parse_line(line: usize, text: &str) -> Result<Option<(&str, u32)>, InventoryError> {
        let text = text.trim();
        if text.is_empty() || text.starts_with('#') {
            return Ok(None);
        }
        let Some((item, quantity)) = text.split_once('=') else {
            return Err(InventoryError::MissingEquals { line });
        };
        let item = item.trim();
        if item.is_empty() {
            return Err(InventoryError::EmptyItem { line });
        }
        match quantity.trim().parse() {
            Ok(quantity) => Ok(Some((item, quantity))),
            Err(source) => Err(InventoryError::BadQuantity { line, item: item.to_owned(), source }),
        }
    }

    /// Parses a stock list.
    ///
    /// # Errors
    ///
    /// The first line that breaks the format, as an [`InventoryError`].
    pub fn parse(text: &str) -> Result<Inventory, InventoryError> {
        let mut items = BTreeMap::new();
        let mut first_lines: HashMap<&str, usize> = HashMap::new();
        for (index, text) in text.lines().enumerate() {
            let line = index + 1;
            let Some((item, quantity)) = parse_line(line, text)? else {
                continue;
            };
            if let Some(&first_line) = first_lines.get(item) {
                return Err(InventoryError::Duplicate { line, item: item.to_owned(), first_line });
            }
            first_lines.insert(item, line);
            items.insert(item.to_owned(), quantity);
        }
        Ok(Inventory { items })
    }

    /// Reads a stock list to its end, then parses it.
    ///
    /// # Errors
    ///
    /// [`InventoryError::Read`] when reading fails or the bytes are not UTF-8; otherwise what
    /// [`parse`] reports.
    pub fn read(mut reader: impl Read) -> Result<Inventory, InventoryError> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(InventoryError::Read)?;
        // Same error kind as `read_to_string`, but the `FromUtf8Error` stays inside as a cause.
        let text = String::from_utf8(bytes)
            .map_err(|err| InventoryError::Read(io::Error::new(io::ErrorKind::InvalidData, err)))?;
        parse(&text)
    }
}

pub mod app {
    //! The application layer: stock across warehouses.

    use std::collections::BTreeMap;
    use std::error::Error;
    use std::fmt;
    use std::io::Read;

    use crate::inventory;

    /// What the application was doing, on top of the error that stopped it.
    #[derive(Debug)]
    pub struct AppError {
        context: String,
        source: Box<dyn Error + Send + Sync + 'static>,
    }

    impl AppError {
        /// `context` on top of `source`.
        pub fn new(context: impl Into<String>, source: impl Error + Send + Sync + 'static) -> Self {
            AppError { context: context.into(), source: Box::new(source) }
        }

        /// The line of context, without its cause.
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

    /// Puts a line of context on the error of a `Result`.
    pub trait Context<T> {
        /// Wraps an error with `context`.
        fn context(self, context: impl Into<String>) -> Result<T, AppError>;

        /// Wraps an error with the context built by `context`, which only runs on error.
        fn with_context<C: Into<String>>(self, context: impl FnOnce() -> C) -> Result<T, AppError>;
    }

    impl<T, E: Error + Send + Sync + 'static> Context<T> for Result<T, E> {
        fn context(self, context: impl Into<String>) -> Result<T, AppError> {
            self.with_context(|| context)
        }

        fn with_context<C: Into<String>>(self, context: impl FnOnce() -> C) -> Result<T, AppError> {
            match self {
                Ok(value) => Ok(value),
                Err(source) => Err(AppError::new(context(), source)),
            }
        }
    }

    /// The stock of every item over all the warehouses, each given by name with its stock list.
    /// The first warehouse whose list cannot be read stops the count.
    ///
    /// # Errors
    ///
    /// The library error of the first bad warehouse, with the context `` reading warehouse `name` ``.
    pub fn total_stock<'a, R: Read>(
        warehouses: impl IntoIterator<Item = (&'a str, R)>,
    ) -> Result<BTreeMap<String, u64>, AppError> {
        warehouses.into_iter().try_fold(BTreeMap::new(), |mut totals, (name, reader)| {
            let stock = inventory::read(reader).with_context(|| format!("reading warehouse `{name}`"))?;
            for (item, quantity) in stock.items() {
                if let Some(total) = totals.get_mut(item) {
                    *total += u64::from(quantity);
                } else {
                    totals.insert(item.to_owned(), u64::from(quantity));
                }
            }
            Ok(totals)
        })
    }

    /// The items of the `wanted` list (a stock list of target levels) that the warehouses hold
    /// fewer of, with how many are missing, in item order.
    ///
    /// # Errors
    ///
    /// `reading the wanted list` over a bad wanted list, or `counting the stock` over the error of
    /// [`total_stock`].
    pub fn shortages<'a, R: Read>(
        warehouses: impl IntoIterator<Item = (&'a str, R)>,
        wanted: &str,
    ) -> Result<Vec<(String, u64)>, AppError> {
        let wanted = inventory::parse(wanted).context("reading the wanted list")?;
        let totals = total_stock(warehouses).context("counting the stock")?;
        let mut missing = Vec::new();
        for (item, want) in wanted.items() {
            let want = u64::from(want);
            let have = totals.get(item).copied().unwrap_or_default();
            if have < want {
                missing.push((item.to_owned(), want - have));
            }
        }
        Ok(missing)
    }
}
