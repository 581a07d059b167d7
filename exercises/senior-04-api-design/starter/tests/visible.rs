use senior_04_api_design::{Method, Request, Url, UrlError};

#[test]
fn builds_a_get_request() {
    let url: Url = "https://example.com/status".parse().unwrap();
    let request = Request::builder().url(url).build();
    assert_eq!(request.method(), Method::Get);
    assert_eq!(request.url().scheme(), "https");
    assert_eq!(request.url().host(), "example.com");
    assert_eq!(request.url().port(), 443);
    assert_eq!(request.url().path(), "/status");
    assert_eq!(request.body(), None);
}

#[test]
fn builds_a_post_with_a_header_and_a_body() {
    let url: Url = "http://localhost:8080/items".parse().unwrap();
    let request = Request::builder()
        .method(Method::Post)
        .url(url)
        .header("Content-Type", "application/json")
        .body(r#"{"name":"pen"}"#)
        .build();
    assert_eq!(request.method(), Method::Post);
    assert_eq!(request.url().port(), 8080);
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    assert_eq!(request.header("Accept"), None);
    assert_eq!(request.body(), Some(r#"{"name":"pen"}"#));
}

#[test]
fn only_http_urls_are_accepted() {
    assert_eq!("example.com/status".parse::<Url>(), Err(UrlError::MissingScheme));
    assert_eq!("ftp://example.com/file".parse::<Url>(), Err(UrlError::UnsupportedScheme));
}
