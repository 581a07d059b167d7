use mid_01_lifetimes::{host, value_or, Settings, DEFAULT_HOST};

#[test]
fn skips_comments_and_blank_lines() {
    let text = "# host = old.example.org\n\n   \nhost = new.example.org\n   # port = 1\n";
    let settings = Settings::new(text);
    assert_eq!(settings.get("host").unwrap(), "new.example.org");
    assert_eq!(settings.get("port"), None);
    assert_eq!(settings.get("# host"), None);
    assert_eq!(settings.keys(), ["host"]);
}

#[test]
fn keys_ignore_ascii_case() {
    let text = "Host = a.example.org\nPORT = 9000\nGröße = 3\n";
    let settings = Settings::new(text);
    assert_eq!(settings.get("host").unwrap(), "a.example.org");
    assert_eq!(settings.get("HOST").unwrap(), "a.example.org");
    assert_eq!(settings.get("Port").unwrap(), "9000");
    assert_eq!(settings.get("größe").unwrap(), "3");
    assert_eq!(settings.keys(), ["Host", "PORT", "Größe"]);
    assert_eq!(host(text), "a.example.org");
}

#[test]
fn the_last_assignment_wins() {
    let text = "port = 1\nhost = h\nPort = 2\nport = 3\n";
    let settings = Settings::new(text);
    assert_eq!(settings.get("port").unwrap(), "3");
    assert_eq!(settings.keys(), ["port", "host"]);
    assert_eq!(value_or(text, "PORT", "80"), "3");
}

#[test]
fn splits_at_the_first_equals_sign() {
    let text = "query = a=b=c\n";
    let settings = Settings::new(text);
    assert_eq!(settings.get("query").unwrap(), "a=b=c");
    assert_eq!(settings.keys(), ["query"]);
}

#[test]
fn a_value_may_be_empty() {
    let text = "empty =\n";
    let settings = Settings::new(text);
    assert_eq!(settings.get("empty").unwrap(), "");
    assert_eq!(settings.keys(), ["empty"]);
}

#[test]
fn lines_without_a_key_are_ignored() {
    let text = "= orphan\n==\nport = 1\n";
    let settings = Settings::new(text);
    assert_eq!(settings.get(""), None);
    assert_eq!(settings.keys(), ["port"]);
}

#[test]
fn lines_without_an_equals_sign_are_ignored() {
    let text = "not a setting\nport = 1\n";
    let settings = Settings::new(text);
    assert_eq!(settings.get("not a setting"), None);
    assert_eq!(settings.keys(), ["port"]);
}

#[test]
fn trims_spaces_tabs_and_windows_line_endings() {
    let text = "\t host\t=\t example.org \r\nport=8080\r\nuser = ann lee";
    let settings = Settings::new(text);
    assert_eq!(settings.get("host").unwrap(), "example.org");
    assert_eq!(settings.get("port").unwrap(), "8080");
    assert_eq!(settings.get("user").unwrap(), "ann lee");
    assert_eq!(settings.keys(), ["host", "port", "user"]);
}

#[test]
fn an_empty_text_sets_nothing() {
    let settings = Settings::new("");
    assert_eq!(settings.get("host"), None);
    assert!(settings.keys().is_empty());
    assert_eq!(host(""), DEFAULT_HOST);
    assert_eq!(value_or("", "port", "80"), "80");
}

#[test]
fn the_default_is_only_for_unset_keys() {
    let text = "user =\nHOST = db.internal\n";
    assert_eq!(value_or(text, "user", "admin"), "");
    assert_eq!(value_or(text, "password", "none"), "none");
    assert_eq!(host(text), "db.internal");
    assert_eq!(host("host = \nport = 1"), "");
}

/// A second caller: builds `host:port` addresses from several files, each read from one larger
/// buffer, and keeps what it read after every `Settings` is gone.
#[test]
fn reads_several_files_out_of_one_buffer() {
    let buffer = String::from("host = a.example.org\nport = 81\n---\nport = 82\n---\n# empty\n");
    let files: Vec<&str> = buffer.split("---\n").collect();
    let mut read = Vec::new();
    for file in &files {
        let settings = Settings::new(file);
        read.push((host(file), settings.get("port"), settings.keys()));
    }
    let addresses: Vec<String> =
        read.iter().map(|(host, port, _)| format!("{}:{}", host, port.as_deref().unwrap_or("80"))).collect();
    assert_eq!(addresses, ["a.example.org:81", "localhost:82", "localhost:80"]);
    assert_eq!(read[0].2, ["host", "port"]);
    assert_eq!(read[1].2, ["port"]);
    assert!(read[2].2.is_empty());
    assert_eq!(value_or(files[1], &format!("{}{}", "po", "rt"), "80"), "82");
}

/// The allocations `work` makes: the fewest of three runs, so that an allocation another thread of
/// the test process happens to make meanwhile (the harness starting up) is not counted.
fn allocations_of<T>(mut work: impl FnMut() -> T) -> (T, u64) {
    let (mut result, counted) = crate::grader_measure::count_allocations(&mut work);
    let mut fewest = counted.total();
    for _ in 0..2 {
        let (again, counted) = crate::grader_measure::count_allocations(&mut work);
        result = again;
        fewest = fewest.min(counted.total());
    }
    (result, fewest)
}

/// A configuration of `settings` settings (`key0 = value0`, …), with comments, blank lines and
/// a `Target` setting at the end, which a lookup has to scan the whole text to find.
fn long_config(settings: usize) -> String {
    let mut text = String::from("# generated\n");
    for n in 0..settings {
        text.push_str(&format!("key{n} = value{n}\n"));
        if n % 10 == 0 {
            text.push_str("\n  # a comment = not a setting\n");
        }
    }
    text.push_str("Target = found\nhost = db.internal\n");
    text
}

#[test]
fn looking_up_a_value_copies_no_line() {
    let small = long_config(300);
    let large = long_config(3_000);
    macro_rules! look_up {
        ($text:expr) => {{
            let settings = Settings::new($text);
            (settings.get("TARGET"), value_or($text, "target", "none"), value_or($text, "missing", "none"), host($text))
        }};
    }
    let (on_small, small_count) = allocations_of(|| look_up!(&small));
    let (on_large, large_count) = allocations_of(|| look_up!(&large));
    // What ten times the lines costs more: copies of keys, values or lines grow with the text.
    crate::grader_measure::report("allocations", large_count.saturating_sub(small_count));
    for (target, found, missing, host) in [on_small, on_large] {
        assert_eq!(target.unwrap(), "found");
        assert_eq!(found, "found");
        assert_eq!(missing, "none");
        assert_eq!(host, "db.internal");
    }
}

/// A configuration that sets `keys` keys, each twice (the second time spelled in capitals).
fn config_with_keys(keys: usize) -> String {
    let mut text = String::new();
    for n in 0..keys {
        text.push_str(&format!("name{n} = {n}\n"));
    }
    for n in 0..keys {
        text.push_str(&format!("NAME{n} = again\n"));
    }
    text
}

#[test]
fn listing_the_keys_copies_no_key() {
    let small = config_with_keys(200);
    let large = config_with_keys(2_000);
    let (small_keys, small_count) = allocations_of(|| Settings::new(&small).keys());
    let (large_keys, large_count) = allocations_of(|| Settings::new(&large).keys());
    // The list itself grows by doubling; copies of the keys grow with the number of keys.
    crate::grader_measure::report("allocations", large_count.saturating_sub(small_count));
    for (keys, count) in [(&small_keys, 200), (&large_keys, 2_000)] {
        assert_eq!(keys.len(), count);
        for (n, key) in keys.iter().enumerate().step_by(97) {
            assert_eq!(*key, format!("name{n}"));
        }
    }
}
