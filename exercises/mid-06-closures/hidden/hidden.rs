use std::thread;

use mid_06_closures::{load, render, with_defaults, Hosts, Loaded};

/// A second caller: looks names up, asking `dns` only about the names the table does not list
/// yet, and remembers its answers in the table.
fn resolve_all(hosts: &mut Hosts, names: &[&str], mut dns: impl FnMut(&str) -> String) -> Vec<String> {
    names.iter().map(|name| hosts.address_or_insert_with(name, || dns(name)).to_string()).collect()
}

/// Another caller: moves a host to a new name, unless the new name is listed already. The address
/// is moved into the closure, and out of it again, without a copy.
fn rename(hosts: &mut Hosts, old: &str, new: &str) {
    if let Some(address) = hosts.address(old).map(str::to_string) {
        hosts.address_or_insert_with(new, move || address);
    }
}

fn loopback() -> String {
    "127.0.0.1".to_string()
}

fn check_entry(name: &str, address: &str) {
    assert!(!name.is_empty() && !name.contains(char::is_whitespace), "bad name {name:?}");
    assert!(!address.is_empty(), "{name} has an empty address");
}

#[test]
fn a_resolver_can_hand_over_its_string() {
    let mut hosts = Hosts::new();
    let first = String::from("10.1.1.1");
    assert_eq!(hosts.address_or_insert_with("build", move || first), "10.1.1.1");
    let second = String::from("10.2.2.2");
    assert_eq!(hosts.address_or_insert_with("build", move || second), "10.1.1.1");

    let mut hosts = Hosts::parse("10.0.0.9 old-db");
    rename(&mut hosts, "old-db", "db");
    rename(&mut hosts, "missing", "other");
    assert_eq!(render(&hosts), "10.0.0.9 db\n10.0.0.9 old-db\n");
}

#[test]
fn resolvers_run_only_for_unknown_names() {
    let mut hosts = Hosts::parse("10.0.0.1 gateway");
    let mut queries = Vec::new();
    let answers = resolve_all(&mut hosts, &["gateway", "mail", "gateway", "mail", "wiki"], |name| {
        queries.push(name.to_string());
        format!("10.9.0.{}", queries.len())
    });
    assert_eq!(answers, ["10.0.0.1", "10.9.0.1", "10.0.0.1", "10.9.0.1", "10.9.0.2"]);
    assert_eq!(queries, ["mail", "wiki"]);

    let mut calls = 0;
    let address = hosts.address_or_insert_with("gateway", || {
        calls += 1;
        "10.255.255.255".to_string()
    });
    assert_eq!(address, "10.0.0.1");
    assert_eq!(calls, 0);
    assert_eq!(hosts.address_or_insert_with("wiki", || panic!("wiki is listed already")), "10.9.0.2");
}

#[test]
fn plain_functions_work_as_closures() {
    let mut hosts = Hosts::parse("10.0.0.1 gateway");
    assert_eq!(hosts.address_or_insert_with("loopback", loopback), "127.0.0.1");
    assert_eq!(hosts.address_or_insert_with("gateway", String::new), "10.0.0.1");
    hosts.for_each(check_entry);
    let answers = resolve_all(&mut hosts, &["gateway", "router"], |_| loopback());
    assert_eq!(answers, ["10.0.0.1", "127.0.0.1"]);
}

#[test]
fn a_visitor_may_count_and_collect() {
    let hosts = Hosts::parse("10.0.0.4 d\n10.0.0.2 b\n10.0.0.1 a\n10.0.0.3 c");
    let mut count = 0;
    let mut last_octets = 0;
    hosts.for_each(|_, address| {
        count += 1;
        last_octets += address.rsplit('.').next().and_then(|octet| octet.parse::<u32>().ok()).expect("an octet");
    });
    assert_eq!((count, last_octets), (4, 10));

    let mut names = String::new();
    hosts.for_each(|name, _| names.push_str(name));
    assert_eq!(names, "abcd");

    let mut visits = 0;
    Hosts::new().for_each(|_, _| visits += 1);
    assert_eq!(visits, 0);
}

#[test]
fn an_empty_or_comment_only_file_loads_nothing() {
    assert_eq!(load(String::new()), Loaded::default());
    assert_eq!(load("# nothing yet\n\n   \n\t# indented\n".to_string()), Loaded::default());
}

#[test]
fn an_entry_may_use_tabs_and_end_in_a_comment() {
    let loaded = load("127.0.0.1\tlocalhost   # loopback\n# 10.0.0.8 commented-out\n".to_string());
    assert!(loaded.bad_lines.is_empty());
    assert_eq!(render(&loaded.hosts), "127.0.0.1 localhost\n");
}

#[test]
fn ipv6_addresses_are_read() {
    let loaded = load("::1 ip6-localhost ip6-loopback\n".to_string());
    assert!(loaded.bad_lines.is_empty());
    assert_eq!(render(&loaded.hosts), "::1 ip6-localhost\n::1 ip6-loopback\n");
}

#[test]
fn an_address_without_names_is_a_bad_line() {
    let loaded = load("10.0.0.4 db\n10.0.0.5\n".to_string());
    assert_eq!(loaded.bad_lines, [2]);
    assert_eq!(render(&loaded.hosts), "10.0.0.4 db\n");
}

#[test]
fn an_invalid_address_is_a_bad_line() {
    let loaded = load("999.0.0.1 broken\n10.0.0.4 db\n".to_string());
    assert_eq!(loaded.bad_lines, [1]);
    assert_eq!(render(&loaded.hosts), "10.0.0.4 db\n");
}

#[test]
fn a_name_listed_twice_keeps_the_last_address() {
    let loaded = load("10.0.0.6 web\n10.0.0.7 web\n".to_string());
    assert!(loaded.bad_lines.is_empty());
    assert_eq!(render(&loaded.hosts), "10.0.0.7 web\n");
}

#[test]
fn windows_line_endings_and_padded_lines() {
    let contents = ["10.0.0.6 web", "10.0.0.5", "  10.0.0.9   api  "].join("\r\n");
    let loaded = load(contents);
    assert_eq!(loaded.bad_lines, [2]);
    assert_eq!(render(&loaded.hosts), "10.0.0.9 api\n10.0.0.6 web\n");
}

#[test]
fn many_threads_load_at_once() {
    let files: Vec<String> = (0..8).map(|n| format!("10.0.1.{n} node-{n}\nbroken line\n10.0.2.{n} db\n")).collect();
    let results: Vec<Loaded> = thread::scope(|scope| {
        let callers: Vec<_> = files.iter().map(|file| scope.spawn(|| load(file.clone()))).collect();
        callers.into_iter().map(|caller| caller.join().expect("a caller panicked")).collect()
    });
    for (n, loaded) in results.iter().enumerate() {
        assert_eq!(loaded.bad_lines, [2]);
        assert_eq!(loaded.hosts.address(&format!("node-{n}")), Some(format!("10.0.1.{n}").as_str()));
        assert_eq!(loaded.hosts.address("db"), Some(format!("10.0.2.{n}").as_str()));
    }
}

#[test]
fn defaults_fill_an_empty_table() {
    let hosts = with_defaults(Hosts::new(), "büro", "fe80::1".to_string());
    assert_eq!(render(&hosts), "fe80::1 büro\n127.0.0.1 localhost\n");
}

#[test]
fn defaults_keep_what_is_listed() {
    let listed = Hosts::parse("127.0.1.1 localhost laptop");
    assert_eq!(with_defaults(listed.clone(), "laptop", "10.0.0.2".to_string()), listed);

    let named_localhost = with_defaults(Hosts::new(), "localhost", "10.0.0.3".to_string());
    assert_eq!(render(&named_localhost), "127.0.0.1 localhost\n");
}

/// The fewest allocations of three runs of `work`, so that an allocation another thread of the
/// test process happens to make meanwhile (the harness starting up) is not counted.
fn fewest_allocations<T>(mut work: impl FnMut() -> T) -> (T, u64) {
    let (mut result, counted) = crate::grader_measure::count_allocations(&mut work);
    let mut fewest = counted.total();
    for _ in 0..2 {
        let (again, counted) = crate::grader_measure::count_allocations(&mut work);
        result = again;
        fewest = fewest.min(counted.total());
    }
    (result, fewest)
}

#[test]
fn visiting_the_table_copies_nothing() {
    let text: String = (0..300).map(|n| format!("10.0.{}.{} host-{n:03}\n", n / 250, n % 250)).collect();
    let hosts = Hosts::parse(&text);
    let ((visits, octets), allocations) = fewest_allocations(|| {
        let (mut visits, mut octets) = (0_u32, 0_u32);
        hosts.for_each(|name, address| {
            visits += u32::from(name.starts_with("host-"));
            octets += address.rsplit('.').next().and_then(|octet| octet.parse::<u32>().ok()).unwrap_or(0);
        });
        (visits, octets)
    });
    // Calling a closure on each entry only reads the table: no copy of it, of a name or an address.
    crate::grader_measure::report("allocations", allocations);
    assert_eq!(visits, 300);
    assert_eq!(octets, (0..300).map(|n| n % 250).sum::<u32>());
}

#[test]
fn a_handed_over_address_is_stored_without_a_copy() {
    // The table keeps the very `String` the closure hands over: its text is not copied on the way.
    let mut copies = 0;
    let mut hosts = Hosts::parse("10.0.0.1 gateway\n10.0.0.2 printer\n");
    let address = String::from("10.7.7.7");
    let text_at = address.as_ptr();
    let stored = hosts.address_or_insert_with("build", move || address);
    assert_eq!(stored, "10.7.7.7");
    copies += u64::from(stored.as_ptr() != text_at);

    let address = String::from("192.168.1.7");
    let text_at = address.as_ptr();
    let hosts = with_defaults(hosts, "laptop", address);
    let stored = hosts.address("laptop").expect("laptop is listed");
    assert_eq!(stored, "192.168.1.7");
    copies += u64::from(stored.as_ptr() != text_at);
    assert_eq!(hosts.address("localhost"), Some("127.0.0.1"));
    crate::grader_measure::report("copies", copies);
}
