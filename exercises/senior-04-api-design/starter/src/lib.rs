//! Requests for the internal HTTP client: a checked `Url` and a builder for `Request`.

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

/// An `http` or `https` URL, such as `https://example.com:8443/items`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url(pub String);

impl FromStr for Url {
    type Err = UrlError;

    fn from_str(text: &str) -> Result<Url, UrlError> {
        if !text.contains("://") {
            return Err(UrlError::MissingScheme);
        }
        if !text.starts_with("http://") && !text.starts_with("https://") {
            return Err(UrlError::UnsupportedScheme);
        }
        Ok(Url(text.to_string()))
    }
}

/// Handy in tests and config code: `Url::from("https://example.com")`.
impl From<&str> for Url {
    fn from(text: &str) -> Url {
        text.parse().expect("not a valid URL")
    }
}

impl Url {
    fn after_scheme(&self) -> &str {
        self.0.split("://").nth(1).unwrap()
    }

    fn authority(&self) -> &str {
        self.after_scheme().split('/').next().unwrap()
    }

    pub fn scheme(&self) -> &str {
        self.0.split("://").next().unwrap()
    }

    pub fn host(&self) -> &str {
        self.authority().split(':').next().unwrap()
    }

    pub fn port(&self) -> u16 {
        match self.authority().split(':').nth(1) {
            Some(port) => port.parse().unwrap(),
            None if self.scheme() == "https" => 443,
            None => 80,
        }
    }

    pub fn path(&self) -> &str {
        let rest = self.after_scheme();
        match rest.find('/') {
            Some(start) => &rest[start..],
            None => "/",
        }
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A request, ready to send.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub url: Url,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl Request {
    /// Starts a request: `Request::builder().url(url).build()`.
    pub fn builder() -> RequestBuilder {
        RequestBuilder { method: Method::Get, url: None, headers: Vec::new(), body: None }
    }

    pub fn method(&self) -> Method {
        self.method
    }

    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The value of header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
}

/// Builds a [`Request`]. The method is `GET` unless set.
#[derive(Debug, Clone)]
pub struct RequestBuilder {
    pub method: Method,
    pub url: Option<Url>,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl RequestBuilder {
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    pub fn url(mut self, url: Url) -> Self {
        self.url = Some(url);
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// The request. Panics when no URL was given.
    pub fn build(self) -> Request {
        let url = self.url.expect("a request needs a URL: call `.url(...)` before `.build()`");
        Request { method: self.method, url, headers: self.headers, body: self.body }
    }
}
