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
    use std::path::Path;

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

    #[derive(Debug)]
    pub enum InventoryError {
        Read(std::io::Error),
        MissingEquals { line: usize },
        EmptyItem { line: usize },
        BadQuantity { line: usize, item: String, source: ParseIntError },
        Duplicate { line: usize, item: String, first_line: usize },
    }

    impl InventoryError {
        fn message(&self) -> String {
            match self {
                InventoryError::Read(_) => "could not read the stock list".to_string(),
                InventoryError::MissingEquals { line } => format!("line {line}: expected `item = quantity`"),
                InventoryError::EmptyItem { line } => format!("line {line}: the item name is empty"),
                InventoryError::BadQuantity { line, item, .. } => format!("line {line}: bad quantity for `{item}`"),
                InventoryError::Duplicate { line, item, first_line } => {
                    format!("line {line}: `{item}` is already listed on line {first_line}")
                }
            }
        }
    }

    impl fmt::Display for InventoryError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.message())
        }
    }

    impl Error for InventoryError {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            match self {
                InventoryError::Read(err) => Some(err),
                InventoryError::BadQuantity { source, .. } => Some(source),
                InventoryError::MissingEquals { .. } => None,
                InventoryError::EmptyItem { .. } => None,
                InventoryError::Duplicate { .. } => None,
            }
        }
    }

    impl From<std::io::Error> for InventoryError {
        fn from(err: std::io::Error) -> Self {
            InventoryError::Read(err)
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
            if !text.contains('=') {
                return Err(InventoryError::MissingEquals { line });
            }
            let (item, quantity) = text.split_once('=').unwrap();
            let item = item.trim();
            if item.is_empty() {
                return Err(InventoryError::EmptyItem { line });
            }
            let quantity: u32 = quantity
                .trim()
                .parse()
                .map_err(|source| InventoryError::BadQuantity { line, item: item.to_string(), source })?;
            if first_lines.contains_key(item) {
                let first_line = first_lines[item];
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
        reader.read_to_string(&mut text)?;
        parse(&text)
    }

    /// Convenience: reads the stock list stored in a file.
    pub fn read_file(path: impl AsRef<Path>) -> Result<Inventory, Box<dyn Error>> {
        let file = std::fs::File::open(path)?;
        Ok(read(file)?)
    }
}

pub mod app {
    //! The application layer: stock across warehouses.

    use std::collections::BTreeMap;
    use std::error::Error;
    use std::fmt;
    use std::io::Read;

    use crate::inventory;

    #[derive(Debug)]
    pub struct AppError {
        context: &'static str,
        source: Box<dyn Error + Send + Sync>,
    }

    impl AppError {
        pub fn new(context: impl Into<String>, source: impl Error + Send + Sync + 'static) -> Self {
            AppError { context: Box::leak(context.into().into_boxed_str()), source: Box::new(source) }
        }

        pub fn context(&self) -> &str {
            self.context
        }
    }

    impl fmt::Display for AppError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.context)
        }
    }

    impl Error for AppError {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(&*self.source)
        }
    }

    pub trait Context<T> {
        fn context(self, context: impl Into<String>) -> Result<T, AppError>;
        fn with_context<C: Into<String>>(self, context: impl FnOnce() -> C) -> Result<T, AppError>;
    }

    impl<T, E> Context<T> for Result<T, E>
    where
        E: Error + Send + Sync + 'static,
    {
        fn context(self, context: impl Into<String>) -> Result<T, AppError> {
            self.map_err(|err| AppError::new(context, err))
        }

        fn with_context<C: Into<String>>(self, context: impl FnOnce() -> C) -> Result<T, AppError> {
            self.map_err(|err| AppError::new(context(), err))
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
        let wanted = inventory::parse(wanted).context("reading the wanted list")?;
        let totals = total_stock(warehouses).context("counting the stock")?;
        let mut missing = Vec::new();
        for (item, want) in wanted.items() {
            let have = if totals.contains_key(item) { totals[item] } else { 0 };
            let want = u64::from(want);
            if have < want {
                missing.push((item.to_string(), want - have));
            }
        }
        Ok(missing)
    }
}
