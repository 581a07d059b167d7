//! Requests for the internal HTTP client: a checked `Url` and a builder for `Request`.

use std::fmt;
use std::marker::PhantomData;
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
    /// No `scheme://` at the start.
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

/// An `http` or `https` URL, such as `https://example.com:8443/items`. Stored in full, as
/// `scheme://host:port/path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url(String);

impl FromStr for Url {
    type Err = UrlError;

    fn from_str(text: &str) -> Result<Url, UrlError> {
        if !text.contains("://") {
            return Err(UrlError::MissingScheme);
        }
        let scheme = text.split("://").next().unwrap().to_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(UrlError::UnsupportedScheme);
        }
        let rest = text.splitn(2, "://").nth(1).unwrap().to_string();
        let authority = rest.split('/').next().unwrap().to_string();
        let path = if rest.contains('/') { rest[rest.find('/').unwrap()..].to_string() } else { "/".to_string() };
        let host = authority.split(':').next().unwrap().to_lowercase();
        if host.is_empty() || host.chars().any(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '.')) {
            return Err(UrlError::InvalidHost);
        }
        let port = if authority.contains(':') {
            let digits = authority.splitn(2, ':').nth(1).unwrap().to_string();
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return Err(UrlError::InvalidPort);
            }
            match digits.parse::<u16>() {
                Ok(0) | Err(_) => return Err(UrlError::InvalidPort),
                Ok(port) => port,
            }
        } else if scheme == "https" {
            443
        } else {
            80
        };
        Ok(Url(format!("{scheme}://{host}:{port}{path}")))
    }
}

impl Url {
    pub fn scheme(&self) -> &str {
        self.0.split("://").next().unwrap()
    }

    pub fn host(&self) -> &str {
        self.0.split("://").nth(1).unwrap().split(':').next().unwrap()
    }

    pub fn port(&self) -> u16 {
        let after_host = self.0.split("://").nth(1).unwrap().split(':').nth(1).unwrap();
        after_host.split('/').next().unwrap().parse().expect("the port was checked when parsing")
    }

    pub fn path(&self) -> &str {
        let rest = self.0.splitn(2, "://").nth(1).unwrap();
        &rest[rest.find('/').unwrap()..]
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let default = if self.scheme() == "https" { 443 } else { 80 };
        if self.port() == default {
            write!(f, "{}://{}{}", self.scheme(), self.host(), self.path())
        } else {
            write!(f, "{}://{}:{}{}", self.scheme(), self.host(), self.port(), self.path())
        }
    }
}

/// A request, ready to send.
#[derive(Debug, Clone)]
pub struct Request {
    method: Method,
    url: Option<Url>,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl Request {
    /// Starts a request: `Request::builder().url(url).build()`.
    pub fn builder() -> RequestBuilder<NoUrl> {
        RequestBuilder { method: Method::Get, url: None, headers: Vec::new(), body: None, state: PhantomData }
    }

    pub fn method(&self) -> Method {
        self.method
    }

    pub fn url(&self) -> &Url {
        self.url.as_ref().expect("a built request always has a URL")
    }

    /// The value of header `name`, whatever its case; the last one set wins.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .rev()
            .find(|(key, _)| key.to_lowercase() == name.to_lowercase())
            .map(|(_, value)| value.as_str())
    }

    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
}

/// Marks a builder that has no URL yet.
pub struct NoUrl;
/// Marks a builder that has a URL.
pub struct HasUrl;

/// Builds a [`Request`]. The method is `GET` unless set.
pub struct RequestBuilder<S> {
    method: Method,
    url: Option<Url>,
    headers: Vec<(String, String)>,
    body: Option<String>,
    state: PhantomData<S>,
}

impl<S> RequestBuilder<S> {
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    pub fn url(self, url: Url) -> RequestBuilder<HasUrl> {
        RequestBuilder {
            method: self.method,
            url: Some(url),
            headers: self.headers,
            body: self.body,
            state: PhantomData,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }
}

impl RequestBuilder<HasUrl> {
    pub fn build(self) -> Request {
        assert!(self.url.is_some(), "a request needs a URL");
        Request { method: self.method, url: self.url, headers: self.headers, body: self.body }
    }
}
