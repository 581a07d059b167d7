//! A hosts table, as in `/etc/hosts`: which address each host name stands for.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::panic;
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
        for (address, names) in text.lines().filter_map(|line| classify(line).entry()) {
            for name in names.split_whitespace() {
                hosts.insert(name, address);
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
        self.addresses.insert(name.to_owned(), address.to_owned());
    }

    /// The address of `name`. A name the table does not list is first given the address `resolve`
    /// returns; `resolve` is called only in that case.
    ///
    /// `resolve` runs at most once, so it may give away what it captured: any `FnOnce` will do.
    pub fn address_or_insert_with<F>(&mut self, name: &str, resolve: F) -> &str
    where
        F: FnOnce() -> String,
    {
        // Looking the name up first (rather than through `entry`) avoids copying `name` into a new
        // `String` when the table already lists it.
        if !self.addresses.contains_key(name) {
            self.addresses.insert(name.to_owned(), resolve());
        }
        // Cannot fail: the name was either listed already or inserted just above.
        &self.addresses[name]
    }

    /// Calls `visit` with each name and its address, in name order.
    ///
    /// `visit` is called many times but never concurrently, so it may mutate what it captured:
    /// any `FnMut` will do.
    pub fn for_each<F>(&self, mut visit: F)
    where
        F: FnMut(&str, &str),
    {
        for (name, address) in &self.addresses {
            visit(name, address);
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
    // A scoped thread may borrow `contents`: the scope joins it before `contents` is dropped, so
    // neither a copy nor shared ownership of the text is needed.
    thread::scope(|scope| {
        let parser = scope.spawn(|| Hosts::parse(&contents));
        let bad_lines = (1..)
            .zip(contents.lines())
            .filter(|&(_, line)| matches!(classify(line), Line::Bad))
            .map(|(number, _)| number)
            .collect();
        // Should the parser panic, carry its panic on in this thread instead of inventing a new one.
        let hosts = parser.join().unwrap_or_else(|payload| panic::resume_unwind(payload));
        Loaded { hosts, bad_lines }
    })
}

/// Completes `hosts` with the names every machine needs: `localhost` at `127.0.0.1`, and the
/// machine's own `hostname` at `address`. A name the table lists already keeps its address.
pub fn with_defaults(mut hosts: Hosts, hostname: &str, address: String) -> Hosts {
    hosts.address_or_insert_with("localhost", || String::from("127.0.0.1"));
    // The closure hands its captured `address` over to the table, which makes it `FnOnce`.
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

impl<'a> Line<'a> {
    /// The address and the names of an entry line.
    fn entry(self) -> Option<(&'a str, &'a str)> {
        match self {
            Line::Entry(address, names) => Some((address, names)),
            Line::Nothing | Line::Bad => None,
        }
    }
}

fn classify(line: &str) -> Line<'_> {
    let content = line.split_once('#').map_or(line, |(before, _)| before).trim();
    if content.is_empty() {
        return Line::Nothing;
    }
    match content.split_once(char::is_whitespace) {
        Some((address, names)) if address.parse::<IpAddr>().is_ok() => Line::Entry(address, names),
        _ => Line::Bad,
    }
}
