use std::error::Error;
use std::thread;

use senior_04_api_design::{Method, Request, Url, UrlError};

fn url(text: &str) -> Url {
    text.parse().unwrap_or_else(|err| panic!("{text:?} should parse: {err:?}"))
}

fn assert_parse_error(texts: &[&str], expected: UrlError) {
    for text in texts {
        assert_eq!(text.parse::<Url>(), Err(expected.clone()), "{text:?}");
    }
}

#[test]
fn urls_are_normalised_with_default_ports() {
    let plain = url("HTTP://Example.COM");
    assert_eq!((plain.scheme(), plain.host(), plain.port(), plain.path()), ("http", "example.com", 80, "/"));
    assert_eq!(plain.to_string(), "http://example.com/");
}

#[test]
fn an_explicit_port_is_kept_and_the_path_keeps_its_case() {
    let custom = url("https://API.example.com:8443/v1/Items?page=2");
    assert_eq!((custom.scheme(), custom.host(), custom.port()), ("https", "api.example.com", 8443));
    assert_eq!(custom.path(), "/v1/Items?page=2", "the path keeps its case");
    assert_eq!(custom.to_string(), "https://api.example.com:8443/v1/Items?page=2");
}

#[test]
fn a_default_port_is_not_displayed() {
    let explicit_default = url("https://shop-1.example.com:443/cart");
    assert_eq!(explicit_default.port(), 443);
    assert_eq!(explicit_default.to_string(), "https://shop-1.example.com/cart");
    assert_eq!(url("http://10.0.0.7:80/").to_string(), "http://10.0.0.7/");
    assert_eq!(url("http://example.com:443/").to_string(), "http://example.com:443/");
}

#[test]
fn urls_that_normalise_alike_are_equal() {
    assert_eq!(url("HTTPS://example.com"), url("https://EXAMPLE.com:443/"));
}

#[test]
fn a_later_scheme_separator_is_part_of_the_path() {
    let redirect = url("http://example.com/next?to=https://other.example");
    assert_eq!(redirect.host(), "example.com");
    assert_eq!(redirect.path(), "/next?to=https://other.example");
}

#[test]
fn text_without_a_scheme_separator_misses_its_scheme() {
    assert_parse_error(&["", "example.com", "https:/example.com", "//example.com/x"], UrlError::MissingScheme);
}

#[test]
fn other_schemes_are_unsupported() {
    assert_parse_error(&["ftp://example.com", "httpx://example.com"], UrlError::UnsupportedScheme);
}

#[test]
fn an_empty_scheme_is_unsupported() {
    assert_parse_error(&["://example.com"], UrlError::UnsupportedScheme);
}

#[test]
fn the_scheme_is_checked_before_the_host_and_port() {
    assert_parse_error(&["ws://:0"], UrlError::UnsupportedScheme);
}

#[test]
fn an_empty_host_is_rejected() {
    assert_parse_error(&["http://", "http:///index.html", "https://:8443/"], UrlError::InvalidHost);
}

#[test]
fn a_host_with_other_characters_is_rejected() {
    assert_parse_error(
        &["http://exa mple.com/", "http://under_score.example/", "http://user@example.com/", "https://ex%41mple.com"],
        UrlError::InvalidHost,
    );
}

#[test]
fn ports_out_of_range_are_rejected() {
    assert_parse_error(
        &["http://example.com:0/", "http://example.com:65536/", "http://example.com:99999999999999999999/"],
        UrlError::InvalidPort,
    );
}

#[test]
fn an_empty_port_is_rejected() {
    assert_parse_error(&["http://example.com:/"], UrlError::InvalidPort);
}

#[test]
fn a_signed_port_is_rejected() {
    assert_parse_error(&["http://example.com:+80/", "http://example.com:-1/"], UrlError::InvalidPort);
}

#[test]
fn a_port_with_letters_or_a_second_colon_is_rejected() {
    assert_parse_error(&["http://example.com:http", "http://example.com:8080:9090/"], UrlError::InvalidPort);
}

#[test]
fn the_smallest_and_largest_ports_are_accepted() {
    assert_eq!(url("http://example.com:65535").port(), 65535);
    assert_eq!(url("http://example.com:1").port(), 1);
}

#[test]
fn url_errors_explain_themselves() {
    let errors = [UrlError::MissingScheme, UrlError::UnsupportedScheme, UrlError::InvalidHost, UrlError::InvalidPort];
    let mut messages: Vec<String> = errors
        .iter()
        .map(|error| {
            let boxed: Box<dyn Error + Send + Sync> = Box::new(error.clone());
            boxed.to_string()
        })
        .collect();
    assert!(messages.iter().all(|message| !message.is_empty()));
    messages.sort();
    messages.dedup();
    assert_eq!(messages.len(), 4, "each error has its own message");
}

#[test]
fn headers_ignore_case_and_the_last_value_wins() {
    let request = Request::builder()
        .url(url("https://example.com"))
        .header("Accept", "text/plain")
        .header("X-Trace", "abc")
        .header("accept", "application/json")
        .build();
    assert_eq!(request.header("ACCEPT"), Some("application/json"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("x-trace"), Some("abc"));
    assert_eq!(request.header("X-Other"), None);
}

#[test]
fn setters_work_before_and_after_the_url() {
    let request = Request::builder()
        .header("Authorization", "Bearer t0k3n")
        .body("first")
        .method(Method::Put)
        .url(url("http://example.com/a"))
        .body(String::from("second"))
        .method(Method::Delete)
        .header("If-Match", "v7")
        .build();
    assert_eq!(request.method(), Method::Delete);
    assert_eq!(request.url().path(), "/a");
    assert_eq!(request.body(), Some("second"));
    assert_eq!(request.header("authorization"), Some("Bearer t0k3n"));
    assert_eq!(request.header("if-match"), Some("v7"));
}

/// Another part of the program reads requests it did not build.
fn summary(request: &Request) -> String {
    let method = match request.method() {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Put => "PUT",
        Method::Delete => "DELETE",
    };
    let length = request.body().map_or(0, str::len);
    format!("{method} {} ({length} bytes)", request.url())
}

#[test]
fn requests_can_be_handed_to_another_thread() {
    let requests: Vec<Request> = ["HTTPS://Example.com:443/a", "http://example.com:8080"]
        .into_iter()
        .map(|text| Request::builder().url(url(text)).method(Method::Post).body("12345").build())
        .collect();
    let summaries =
        thread::spawn(move || requests.iter().map(summary).collect::<Vec<String>>()).join().expect("worker panicked");
    assert_eq!(summaries, ["POST https://example.com/a (5 bytes)", "POST http://example.com:8080/ (5 bytes)"]);
}

/// A request with `count` headers named `X-Header-<n>`, then `Accept`, and the lengths of the
/// values a few lookups find in it, with the allocations those lookups made.
fn header_lookups(count: usize) -> ([Option<usize>; 6], u64) {
    let mut builder = Request::builder().url(url("https://example.com/items")).method(Method::Post);
    for n in 0..count {
        builder = builder.header(&format!("X-Header-{n}"), &n.to_string());
    }
    let request = builder.header("Accept", "application/json").build();
    let wanted = ["accept", "ACCEPT", "x-header-0", "X-HEADER-0", "X-Missing", "Accept-Language"];
    let (found, allocations) =
        crate::grader_measure::count_allocations(|| wanted.map(|name| request.header(name).map(str::len)));
    (found, allocations.total())
}

/// Habit probe (budget `header_lookups_copy_nothing_per_header`): the allocations of the same six
/// lookups in a request of 51 headers beyond those in a request of 6. Lowercasing (copying) the
/// stored names to compare them shows as allocations per extra header; comparing in place, or
/// lowercasing the name asked for once, does not grow with the headers.
#[test]
fn header_lookups_copy_nothing_per_header() {
    let (few, few_allocations) = header_lookups(5);
    let (many, many_allocations) = header_lookups(50);
    crate::grader_measure::report("allocations", many_allocations.saturating_sub(few_allocations));
    let expected = [Some(16), Some(16), Some(1), Some(1), None, None];
    assert_eq!(few, expected);
    assert_eq!(many, expected);
}
