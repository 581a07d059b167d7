use mid_01_lifetimes::{host, value_or, Settings};

const TEXT: &str = "host = example.org\nport = 8080\n";

#[test]
fn reads_settings() {
    let settings = Settings::new(TEXT);
    assert_eq!(settings.get("port").unwrap(), "8080");
    assert_eq!(settings.get("user"), None);
    assert_eq!(settings.keys(), ["host", "port"]);
    assert_eq!(host(TEXT), "example.org");
}

#[test]
fn values_outlive_the_settings() {
    let text = String::from(TEXT);
    let (port, keys) = {
        let settings = Settings::new(&text);
        (settings.get("port"), settings.keys())
    };
    // `settings` is gone; the text is still here, and so are the values read from it.
    assert_eq!(port.unwrap(), "8080");
    assert_eq!(keys, ["host", "port"]);
}

#[test]
fn the_key_may_be_a_temporary() {
    let text = String::from(TEXT);
    let port = value_or(&text, &String::from("port"), "80");
    let user = value_or(&text, &"USER".to_ascii_lowercase(), "admin");
    assert_eq!(port, "8080");
    assert_eq!(user, "admin");
}

#[test]
fn host_has_a_default() {
    let text = String::from("port = 8080");
    let bound_to = host(&text);
    assert_eq!(bound_to, "localhost");
}
