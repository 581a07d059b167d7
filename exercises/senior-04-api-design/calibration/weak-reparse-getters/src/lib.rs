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
///
/// Stored in canonical form `scheme://host:port/path` (port always written out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url(String);

fn canonicalize(text: &str) -> Result<String, String> {
    let (scheme, rest) = text.split_once("://").ok_or("missing scheme")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(format!("unsupported scheme {}", scheme));
    }
    let host_end = rest.find(['/', ':']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    if host.is_empty() || host.chars().any(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '.')) {
        return Err(format!("invalid host {}", host));
    }
    let mut rest = &rest[host_end..];
    let mut port = if scheme == "https" { 443 } else { 80 };
    if let Some(after) = rest.strip_prefix(':') {
        let end = after.find('/').unwrap_or(after.len());
        let digits = &after[..end];
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!("invalid port {}", digits));
        }
        port = digits.parse::<u16>().map_err(|e| format!("invalid port {}: {}", digits, e))?;
        if port == 0 {
            return Err("invalid port 0".to_string());
        }
        rest = &after[end..];
    }
    let path = if rest.is_empty() { "/" } else { rest };
    Ok(format!("{}://{}:{}{}", scheme, host.to_ascii_lowercase(), port, path))
}

impl FromStr for Url {
    type Err = UrlError;

    fn from_str(text: &str) -> Result<Url, UrlError> {
        match canonicalize(text) {
            Ok(canonical) => Ok(Url(canonical)),
            Err(message) => {
                if message.starts_with("missing scheme") {
                    Err(UrlError::MissingScheme)
                } else if message.starts_with("unsupported scheme") {
                    Err(UrlError::UnsupportedScheme)
                } else if message.starts_with("invalid host") {
                    Err(UrlError::InvalidHost)
                } else {
                    Err(UrlError::InvalidPort)
                }
            }
        }
    }
}

impl Url {
    fn after_scheme(&self) -> &str {
        self.0.split_once("://").unwrap().1
    }

    pub fn scheme(&self) -> &str {
        self.0.split("://").next().unwrap()
    }

    pub fn host(&self) -> &str {
        self.after_scheme().split(':').next().unwrap()
    }

    pub fn port(&self) -> u16 {
        let after_host = self.after_scheme().split(':').nth(1).unwrap();
        after_host.split('/').next().unwrap().parse().unwrap()
    }

    pub fn path(&self) -> &str {
        let rest = self.after_scheme();
        &rest[rest.find('/').unwrap()..]
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let default_port = match self.scheme() {
            "https" => 443,
            _ => 80,
        };
        if self.port() == default_port {
            write!(f, "{}://{}{}", self.scheme(), self.host(), self.path())
        } else {
            write!(f, "{}://{}:{}{}", self.scheme(), self.host(), self.port(), self.path())
        }
    }
}

fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    headers.retain(|(key, _)| key.to_ascii_lowercase() != name.to_ascii_lowercase());
    headers.push((name.to_string(), value.to_string()));
}

/// A request, ready to send.
#[derive(Debug, Clone)]
pub struct Request {
    method: Method,
    url: Url,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl Request {
    /// Starts a request: `Request::builder().url(url).build()`.
    pub fn builder() -> RequestBuilder {
        RequestBuilder { method: Method::Get, headers: Vec::new(), body: None }
    }

    pub fn method(&self) -> Method {
        self.method
    }

    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The value of header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.to_ascii_lowercase() == name.to_ascii_lowercase())
            .map(|(_, value)| value.as_str())
    }

    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
}

/// Builds a [`Request`]. The method is `GET` unless set. Call `url` to get a builder that can
/// `build`.
#[derive(Debug, Clone)]
pub struct RequestBuilder {
    method: Method,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl RequestBuilder {
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    pub fn url(self, url: Url) -> ReadyRequestBuilder {
        ReadyRequestBuilder { method: self.method, url, headers: self.headers, body: self.body }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        set_header(&mut self.headers, name, value);
        self
    }

    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }
}

/// A [`RequestBuilder`] that has a URL.
#[derive(Debug, Clone)]
pub struct ReadyRequestBuilder {
    method: Method,
    url: Url,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl ReadyRequestBuilder {
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    pub fn url(mut self, url: Url) -> Self {
        self.url = url;
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        set_header(&mut self.headers, name, value);
        self
    }

    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }

    pub fn build(self) -> Request {
        Request { method: self.method, url: self.url, headers: self.headers, body: self.body }
    }
}
