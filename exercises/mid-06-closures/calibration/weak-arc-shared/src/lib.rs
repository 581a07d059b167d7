//! A hosts table, as in `/etc/hosts`: which address each host name stands for.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::thread;

/// Host names and their addresses. An address is kept as the text it was written as.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hosts {
    addresses: BTreeMap<String, String>,
}

impl Hosts {
    /// An empty table.
    pub fn new() -> Self {
        Hosts::default()
    }

    /// Reads a table from the text of a hosts file. See README.md for what a line may hold.
    pub fn parse(text: &str) -> Self {
        let mut hosts = Hosts::new();
        for line in text.lines() {
            if let Line::Entry(address, names) = classify(line) {
                let names: Vec<&str> = names.split_whitespace().collect();
                for name in names.iter() {
                    hosts.insert(name, address);
                }
            }
        }
        hosts
    }

    /// The address of `name`, if the table lists it.
    pub fn address(&self, name: &str) -> Option<&str> {
        self.addresses.get(name).map(String::as_str)
    }

    /// Gives `name` the address `address`, replacing any address it had.
    pub fn insert(&mut self, name: &str, address: &str) {
        self.addresses.insert(name.to_string(), address.to_string());
    }

    /// The address of `name`. A name the table does not list is first given the address `resolve`
    /// returns; `resolve` is called only in that case.
    pub fn address_or_insert_with<F>(&mut self, name: &str, resolve: F) -> &str
    where
        F: FnOnce() -> String,
    {
        self.addresses.entry(name.to_string()).or_insert_with(resolve)
    }

    /// Calls `visit` with each name and its address, in name order.
    pub fn for_each<F>(&self, mut visit: F)
    where
        F: FnMut(&str, &str),
    {
        let entries: Vec<(String, String)> =
            self.addresses.iter().map(|(name, address)| (name.to_owned(), address.to_owned())).collect();
        for (name, address) in entries {
            visit(&name, &address);
        }
    }
}

/// What `load` read from a hosts file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loaded {
    pub hosts: Hosts,
    /// The numbers (counted from 1) of the lines that could not be read, in order.
    pub bad_lines: Vec<usize>,
}

/// Reads the contents of a hosts file. Such files can be long, so a worker thread builds the
/// table while this thread looks for the bad lines.
pub fn load(contents: String) -> Loaded {
    let contents = Arc::new(contents);
    let shared = Arc::clone(&contents);
    let parser = thread::spawn(move || Hosts::parse(&shared));
    let bad_lines = contents
        .lines()
        .enumerate()
        .filter(|(_, line)| matches!(classify(line), Line::Bad))
        .map(|(index, _)| index + 1)
        .collect();
    let hosts = parser.join().expect("the parser thread panicked");
    Loaded { hosts, bad_lines }
}

/// Completes `hosts` with the names every machine needs: `localhost` at `127.0.0.1`, and the
/// machine's own `hostname` at `address`. A name the table lists already keeps its address.
pub fn with_defaults(mut hosts: Hosts, hostname: &str, address: String) -> Hosts {
    hosts.address_or_insert_with("localhost", || "127.0.0.1".to_string());
    hosts.address_or_insert_with(hostname, move || address);
    hosts
}

/// Writes the table back as text: one `address name` line per name, in name order.
pub fn render(hosts: &Hosts) -> String {
    let mut out = String::new();
    hosts.for_each(|name, address| {
        out.push_str(address);
        out.push(' ');
        out.push_str(name);
        out.push('\n');
    });
    out
}

/// What one line of a hosts file holds.
enum Line<'a> {
    /// Nothing: a blank line or a comment.
    Nothing,
    /// An address and the names that stand for it (separated by whitespace).
    Entry(&'a str, &'a str),
    /// Anything else.
    Bad,
}

fn classify(line: &str) -> Line<'_> {
    let line = line.split('#').next().unwrap_or_default().trim();
    if line.is_empty() {
        return Line::Nothing;
    }
    match line.split_once(char::is_whitespace) {
        Some((address, names)) if address.parse::<IpAddr>().is_ok() => Line::Entry(address, names),
        _ => Line::Bad,
    }
}
