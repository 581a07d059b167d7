//! Requests for the internal HTTP client: a checked `Url` and a builder for `Request`.
//!
//! What the types rule out:
//! - a `Url` exists only as the result of `str::parse`, so every `Url` has been checked and
//!   normalised; its parts are private and it has no infallible conversion from text;
//! - `RequestBuilder` records in its type whether a URL has been set, and `build` exists only
//!   once it has, so a request without a URL does not compile;
//! - `Request` has private fields and is made only by `build`, so its invariants (one value per
//!   header name, whatever its case) hold for every `Request` a caller can see.

use std::fmt;
use std::str::FromStr;

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

/// Why a piece of text is not a URL the client accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    /// The text has no `://` (see README.md for how the scheme is found).
    MissingScheme,
    /// A scheme other than `http` or `https`.
    UnsupportedScheme,
    /// The host is empty or has characters a host name cannot have.
    InvalidHost,
    /// The port is not a number from 1 to 65535.
    InvalidPort,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UrlError::MissingScheme => "the URL does not start with a scheme such as `https://`",
            UrlError::UnsupportedScheme => "only `http` and `https` URLs are supported",
            UrlError::InvalidHost => "the host name is empty or not valid",
            UrlError::InvalidPort => "the port is not a number from 1 to 65535",
        })
    }
}

impl std::error::Error for UrlError {}

/// The schemes the client speaks. Parsing makes the letter case irrelevant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Http,
    Https,
}

impl Scheme {
    fn parse(text: &str) -> Result<Scheme, UrlError> {
        if text.eq_ignore_ascii_case("http") {
            Ok(Scheme::Http)
        } else if text.eq_ignore_ascii_case("https") {
            Ok(Scheme::Https)
        } else {
            Err(UrlError::UnsupportedScheme)
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// An `http` or `https` URL, such as `https://example.com:8443/items`.
///
/// Only parsing makes one. It is stored normalised (lowercase scheme and host, the port always
/// known, the path never empty), so the derived equality compares what the URL means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    scheme: Scheme,
    host: String,
    port: u16,
    path: String,
}

impl FromStr for Url {
    type Err = UrlError;

    /// Checks, in order: the `://`, the scheme, the host, the port (see README.md).
    fn from_str(text: &str) -> Result<Url, UrlError> {
        let (scheme, rest) = text.split_once("://").ok_or(UrlError::MissingScheme)?;
        let scheme = Scheme::parse(scheme)?;

        let (host, after_host) = rest.split_at(rest.find([':', '/']).unwrap_or(rest.len()));
        if !is_host_name(host) {
            return Err(UrlError::InvalidHost);
        }

        let (port, path) = match after_host.strip_prefix(':') {
            Some(port_and_path) => {
                let (port, path) =
                    port_and_path.split_at(port_and_path.find('/').unwrap_or(port_and_path.len()));
                (parse_port(port)?, path)
            }
            None => (scheme.default_port(), after_host),
        };

        Ok(Url {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
            path: if path.is_empty() { "/" } else { path }.to_owned(),
        })
    }
}

/// A non-empty run of ASCII letters, digits, `-` and `.`.
fn is_host_name(host: &str) -> bool {
    !host.is_empty()
        && host.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.'))
}

/// One or more decimal digits worth 1 to 65535. (`u16::from_str` alone would also take a `+`.)
fn parse_port(digits: &str) -> Result<u16, UrlError> {
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(UrlError::InvalidPort);
    }
    match digits.parse::<u16>() {
        Ok(port) if port != 0 => Ok(port),
        _ => Err(UrlError::InvalidPort),
    }
}

impl Url {
    /// `http` or `https`, in lowercase.
    pub fn scheme(&self) -> &str {
        self.scheme.as_str()
    }

    /// The host name, in lowercase.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port, 80 or 443 when the text gave none.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Everything from the first `/` after the host, as written; `/` when there is none.
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for Url {
    /// `scheme://host[:port]path`, the port only when it is not the scheme's default.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme(), self.host)?;
        if self.port != self.scheme.default_port() {
            write!(f, ":{}", self.port)?;
        }
        f.write_str(&self.path)
    }
}

/// Header names and values. Names compare case-insensitively, and each name appears once.
#[derive(Debug, Clone, Default)]
struct Headers(Vec<(String, String)>);

impl Headers {
    fn set(&mut self, name: String, value: String) {
        match self.0.iter_mut().find(|(known, _)| same_name(known, &name)) {
            Some(entry) => *entry = (name, value),
            None => self.0.push((name, value)),
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(known, _)| same_name(known, name)).map(|(_, value)| value.as_str())
    }
}

/// Whether two header names are equal ignoring case, without allocating. Header names are
/// ASCII in practice, which takes the fast path; anything else is compared lowercased.
fn same_name(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
        || a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase))
}

/// A request, ready to send. Made only by [`RequestBuilder::build`].
#[derive(Debug, Clone)]
pub struct Request {
    method: Method,
    url: Url,
    headers: Headers,
    body: Option<String>,
}

impl Request {
    /// Starts a request: `Request::builder().url(url).build()`.
    pub fn builder() -> RequestBuilder<NoUrl> {
        RequestBuilder { method: Method::Get, url: NoUrl, headers: Headers::default(), body: None }
    }

    pub fn method(&self) -> Method {
        self.method
    }

    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The value of header `name`, whatever the letter case of `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)
    }

    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
}

/// The state of a [`RequestBuilder`] that has no URL yet: it cannot `build`.
#[derive(Debug, Clone, Copy)]
pub struct NoUrl;

/// Builds a [`Request`]. The method is `GET` unless set.
///
/// `U` is [`NoUrl`] until [`url`](RequestBuilder::url) is called, then [`Url`]; only a
/// `RequestBuilder<Url>` has [`build`](RequestBuilder::build).
#[derive(Debug, Clone)]
pub struct RequestBuilder<U = NoUrl> {
    method: Method,
    url: U,
    headers: Headers,
    body: Option<String>,
}

impl<U> RequestBuilder<U> {
    /// Sets the method; the last call wins.
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Sets the URL, replacing any earlier one.
    pub fn url(self, url: Url) -> RequestBuilder<Url> {
        RequestBuilder { method: self.method, url, headers: self.headers, body: self.body }
    }

    /// Sets header `name`, replacing an earlier value of the same name in any letter case.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.set(name.into(), value.into());
        self
    }

    /// Sets the body; the last call wins.
    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }
}

impl RequestBuilder<Url> {
    /// The request.
    pub fn build(self) -> Request {
        Request { method: self.method, url: self.url, headers: self.headers, body: self.body }
    }
}

// `Request` travels to other threads (the client sends from a worker pool): fail to compile if a
// change ever makes it `!Send`.
const _: fn() = || {
    fn assert_send<T: Send>() {}
    assert_send::<Request>();
};
