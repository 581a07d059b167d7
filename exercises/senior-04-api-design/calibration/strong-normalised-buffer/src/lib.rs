//! Requests for the internal HTTP client: a checked `Url` and a builder for `Request`.
//!
//! What the types rule out:
//! - a `Url` exists only as the result of `str::parse`, so every `Url` has been checked and
//!   normalised; its parts are private and it has no infallible conversion from text;
//! - `RequestBuilder` records in its type whether a URL has been set, and `build` exists only
//!   once it has, so a request without a URL does not compile;
//! - `Request` has private fields and is made only by `build`, so its invariants (one value per
//!   header name, whatever its case) hold for every `Request` a caller can see.

use std::fmt::{self, Write as _};
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

/// An `http` or `https` URL, such as `https://example.com:8443/items`.
///
/// Only parsing makes one. It keeps a single buffer holding its normalised form, exactly what
/// `Display` prints (`scheme://host[:port]path`), and where the host and the path start in it;
/// the getters hand out slices of that buffer. Since the buffer determines every other field,
/// the derived equality is equality of normalised URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    normalised: String,
    /// `normalised[..host.start - 3]` is the scheme (the `- 3` skips `://`).
    host: std::ops::Range<usize>,
    path_start: usize,
    port: u16,
}

impl FromStr for Url {
    type Err = UrlError;

    /// Checks, in order: the `://`, the scheme, the host, the port (see README.md).
    fn from_str(text: &str) -> Result<Url, UrlError> {
        let (scheme, rest) = text.split_once("://").ok_or(UrlError::MissingScheme)?;
        let (scheme, default_port) = if scheme.eq_ignore_ascii_case("http") {
            ("http", 80)
        } else if scheme.eq_ignore_ascii_case("https") {
            ("https", 443)
        } else {
            return Err(UrlError::UnsupportedScheme);
        };

        let host_len = rest.find([':', '/']).unwrap_or(rest.len());
        let (host, after_host) = rest.split_at(host_len);
        let host_ok = !host.is_empty()
            && host.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.'));
        if !host_ok {
            return Err(UrlError::InvalidHost);
        }

        let (port, path) = match after_host.strip_prefix(':') {
            None => (default_port, after_host),
            Some(port_and_path) => {
                let digits_len = port_and_path.find('/').unwrap_or(port_and_path.len());
                let (digits, path) = port_and_path.split_at(digits_len);
                (port_number(digits).ok_or(UrlError::InvalidPort)?, path)
            }
        };
        let path = if path.is_empty() { "/" } else { path };

        let mut normalised = String::with_capacity(text.len() + 1);
        normalised.push_str(scheme);
        normalised.push_str("://");
        let host_start = normalised.len();
        normalised.extend(host.chars().map(|c| c.to_ascii_lowercase()));
        let host = host_start..normalised.len();
        if port != default_port {
            // Writing to a `String` cannot fail.
            let _ = write!(normalised, ":{port}");
        }
        let path_start = normalised.len();
        normalised.push_str(path);

        Ok(Url { normalised, host, path_start, port })
    }
}

/// The value of a port made of one or more decimal digits, if it is 1 to 65535.
/// (`u16::from_str` alone would also accept a leading `+`.)
fn port_number(digits: &str) -> Option<u16> {
    let all_digits = !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit());
    all_digits.then(|| digits.parse().ok()).flatten().filter(|&port| port != 0)
}

impl Url {
    /// `http` or `https`, in lowercase.
    pub fn scheme(&self) -> &str {
        &self.normalised[..self.host.start - "://".len()]
    }

    /// The host name, in lowercase.
    pub fn host(&self) -> &str {
        &self.normalised[self.host.clone()]
    }

    /// The port, 80 or 443 when the text gave none.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Everything from the first `/` after the host, as written; `/` when there is none.
    pub fn path(&self) -> &str {
        &self.normalised[self.path_start..]
    }
}

impl fmt::Display for Url {
    /// `scheme://host[:port]path`, the port only when it is not the scheme's default.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.normalised)
    }
}

/// Header names and values. Each name is stored once, lowercased; lookups compare names
/// case-insensitively in place, so they never allocate.
#[derive(Debug, Clone, Default)]
struct Headers(Vec<(String, String)>);

impl Headers {
    fn set(&mut self, name: &str, value: String) {
        match self.0.iter_mut().find(|(known, _)| known.eq_ignore_ascii_case(name)) {
            Some((_, old)) => *old = value,
            None => self.0.push((name.to_ascii_lowercase(), value)),
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
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
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.set(name, value.into());
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
