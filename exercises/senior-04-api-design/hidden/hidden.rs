use std::error::Error;
use std::thread;

use senior_04_api_design::{Method, Request, Url, UrlError};

fn url(text: &str) -> Url {
    text.parse().unwrap_or_else(|err| panic!("{text:?} should parse: {err:?}"))
}

#[test]
fn urls_are_normalised_with_default_ports() {
    let plain = url("HTTP://Example.COM");
    assert_eq!((plain.scheme(), plain.host(), plain.port(), plain.path()), ("http", "example.com", 80, "/"));
    assert_eq!(plain.to_string(), "http://example.com/");

    let custom = url("https://API.example.com:8443/v1/Items?page=2");
    assert_eq!((custom.scheme(), custom.host(), custom.port()), ("https", "api.example.com", 8443));
    assert_eq!(custom.path(), "/v1/Items?page=2", "the path keeps its case");
    assert_eq!(custom.to_string(), "https://api.example.com:8443/v1/Items?page=2");

    let explicit_default = url("https://shop-1.example.com:443/cart");
    assert_eq!(explicit_default.port(), 443);
    assert_eq!(explicit_default.to_string(), "https://shop-1.example.com/cart");
    assert_eq!(url("http://10.0.0.7:80/").to_string(), "http://10.0.0.7/");
    assert_eq!(url("http://example.com:443/").to_string(), "http://example.com:443/");
    assert_eq!(url("HTTPS://example.com"), url("https://EXAMPLE.com:443/"));
}

#[test]
fn schemes_are_checked_before_anything_else() {
    for text in ["", "example.com", "https:/example.com", "//example.com/x"] {
        assert_eq!(text.parse::<Url>(), Err(UrlError::MissingScheme), "{text:?}");
    }
    for text in ["ftp://example.com", "://example.com", "httpx://example.com", "ws://:0"] {
        assert_eq!(text.parse::<Url>(), Err(UrlError::UnsupportedScheme), "{text:?}");
    }
}

#[test]
fn bad_hosts_are_rejected() {
    for text in [
        "http://",
        "http:///index.html",
        "https://:8443/",
        "http://exa mple.com/",
        "http://under_score.example/",
        "http://user@example.com/",
        "https://ex%41mple.com",
    ] {
        assert_eq!(text.parse::<Url>(), Err(UrlError::InvalidHost), "{text:?}");
    }
}

#[test]
fn bad_ports_are_rejected() {
    for text in [
        "http://example.com:0/",
        "http://example.com:65536/",
        "http://example.com:/",
        "http://example.com:http",
        "http://example.com:+80/",
        "http://example.com:-1/",
        "http://example.com:8080:9090/",
        "http://example.com:99999999999999999999/",
    ] {
        assert_eq!(text.parse::<Url>(), Err(UrlError::InvalidPort), "{text:?}");
    }
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
