use mid_06_closures::{load, render, with_defaults, Hosts};

#[test]
fn loads_hosts_and_reports_bad_lines() {
    let contents = "# office network\n10.0.0.1 gateway\n\n10.0.0.20 printer scanner\nnot-an-address nas\n";
    let loaded = load(contents.to_string());
    assert_eq!(loaded.hosts.address("gateway"), Some("10.0.0.1"));
    assert_eq!(loaded.hosts.address("printer"), Some("10.0.0.20"));
    assert_eq!(loaded.hosts.address("scanner"), Some("10.0.0.20"));
    assert_eq!(loaded.hosts.address("nas"), None);
    assert_eq!(loaded.bad_lines, [5]);
}

#[test]
fn adds_the_default_names() {
    let hosts = with_defaults(Hosts::parse("10.0.0.1 gateway"), "laptop", "192.168.1.7".to_string());
    assert_eq!(hosts.address("localhost"), Some("127.0.0.1"));
    assert_eq!(hosts.address("laptop"), Some("192.168.1.7"));
    assert_eq!(hosts.address("gateway"), Some("10.0.0.1"));
}

#[test]
fn renders_in_name_order() {
    let hosts = Hosts::parse("10.0.0.2 web\n10.0.0.3 db cache");
    assert_eq!(render(&hosts), "10.0.0.3 cache\n10.0.0.3 db\n10.0.0.2 web\n");
}

#[test]
fn visits_every_name() {
    let hosts = Hosts::parse("10.0.0.2 web\n10.0.0.3 db");
    let mut seen = Vec::new();
    hosts.for_each(|name, address| seen.push(format!("{name}={address}")));
    assert_eq!(seen, ["db=10.0.0.3", "web=10.0.0.2"]);
}
