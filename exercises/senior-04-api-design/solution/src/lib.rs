//! Requests for the internal HTTP client: a checked `Url` and a builder for `Request`.
//!
//! The invariants live in the types, so callers never meet them at run time:
//! - a `Url` can only come out of parsing, which checks it once; its fields are private and it
//!   has no infallible conversion from text, so an unchecked `Url` cannot be written;
//! - the builder's type says whether a URL was given, and `build` exists only once it was, so
//!   `build` cannot fail and returns a `Request` rather than a `Result` or a panic.

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Scheme {
    Http,
    Https,
}

impl Scheme {
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

/// An `http` or `https` URL, such as `https://example.com:8443/items`, checked and normalised
/// when it was parsed. The only way to get one is `text.parse::<Url>()`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Url {
    scheme: Scheme,
    /// Lowercase, non-empty, ASCII letters, digits, `-` and `.` only.
    host: String,
    /// 1 to 65535.
    port: u16,
    /// Starts with `/`.
    path: String,
}

impl FromStr for Url {
    type Err = UrlError;

    fn from_str(text: &str) -> Result<Url, UrlError> {
        let (scheme, rest) = text.split_once("://").ok_or(UrlError::MissingScheme)?;
        let scheme = if scheme.eq_ignore_ascii_case("http") {
            Scheme::Http
        } else if scheme.eq_ignore_ascii_case("https") {
            Scheme::Https
        } else {
            return Err(UrlError::UnsupportedScheme);
        };
        let (authority, path) = match rest.find('/') {
            Some(slash) => rest.split_at(slash),
            None => (rest, "/"),
        };
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        if host.is_empty() || !host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
            return Err(UrlError::InvalidHost);
        }
        let port = match port {
            None => scheme.default_port(),
            // `u16::from_str` alone would accept a leading `+`.
            Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
                digits.parse().ok().filter(|&port| port != 0).ok_or(UrlError::InvalidPort)?
            }
            Some(_) => return Err(UrlError::InvalidPort),
        };
        Ok(Url { scheme, host: host.to_ascii_lowercase(), port, path: path.to_string() })
    }
}

impl Url {
    /// `http` or `https`.
    pub fn scheme(&self) -> &str {
        self.scheme.as_str()
    }

    /// The host name, in lowercase.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port, or the scheme's default port when the URL names none.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The path, `/` when the URL has none.
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme.as_str(), self.host)?;
        if self.port != self.scheme.default_port() {
            write!(f, ":{}", self.port)?;
        }
        f.write_str(&self.path)
    }
}

/// A request, ready to send. Built with [`Request::builder`]; read-only afterwards.
#[derive(Debug, Clone)]
pub struct Request {
    method: Method,
    url: Url,
    /// Names in lowercase, each at most once.
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl Request {
    /// Starts a request: `Request::builder().url(url).build()`.
    pub fn builder() -> RequestBuilder<NoUrl> {
        RequestBuilder { method: Method::Get, url: NoUrl, headers: Vec::new(), body: None }
    }

    pub fn method(&self) -> Method {
        self.method
    }

    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The value of header `name`, whatever its case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
}

/// The state of a builder that has no URL yet: it has no `build`.
#[derive(Debug, Clone, Copy)]
pub struct NoUrl;

/// Builds a [`Request`]. The method is `GET` unless set. `U` is [`NoUrl`] until a URL is given,
/// then the [`Url`] itself, so a ready builder cannot lack one.
#[derive(Debug, Clone)]
pub struct RequestBuilder<U> {
    method: Method,
    url: U,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl<U> RequestBuilder<U> {
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// Sets the URL (again, if it was already set).
    pub fn url(self, url: Url) -> RequestBuilder<Url> {
        RequestBuilder { method: self.method, url, headers: self.headers, body: self.body }
    }

    /// Sets header `name` (names are case-insensitive); setting it again replaces the value.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let name = name.to_ascii_lowercase();
        match self.headers.iter_mut().find(|(key, _)| *key == name) {
            Some((_, old)) => value.clone_into(old),
            None => self.headers.push((name, value.to_string())),
        }
        self
    }

    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }
}

impl RequestBuilder<Url> {
    /// The request. Only a builder that was given a URL has this method.
    pub fn build(self) -> Request {
        Request { method: self.method, url: self.url, headers: self.headers, body: self.body }
    }
}
