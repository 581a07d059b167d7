//! Requests for the internal HTTP client: a checked `Url` and a builder for `Request`.

use std::collections::HashMap;
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
pub struct Url {
    scheme: String,
    host: String,
    port: u16,
    path: String,
}

impl FromStr for Url {
    type Err = UrlError;

    fn from_str(text: &str) -> Result<Url, UrlError> {
        if !text.contains("://") {
            return Err(UrlError::MissingScheme);
        }
        let parts: Vec<&str> = text.splitn(2, "://").collect();
        let scheme = parts[0].to_lowercase();
        let rest = parts[1];
        if scheme != "http" && scheme != "https" {
            return Err(UrlError::UnsupportedScheme);
        }

        let host_end = rest.find(|c| c == ':' || c == '/').unwrap_or(rest.len());
        let host = &rest[..host_end];
        if host.is_empty() || !host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.') {
            return Err(UrlError::InvalidHost);
        }

        let mut after = &rest[host_end..];
        let port;
        if after.starts_with(':') {
            let port_end = after.find('/').unwrap_or(after.len());
            let digits = &after[1..port_end];
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return Err(UrlError::InvalidPort);
            }
            port = match digits.parse::<u16>() {
                Ok(0) | Err(_) => return Err(UrlError::InvalidPort),
                Ok(p) => p,
            };
            after = &after[port_end..];
        } else if scheme == "https" {
            port = 443;
        } else {
            port = 80;
        }

        let path = if after.is_empty() { "/".to_string() } else { after.to_string() };
        Ok(Url { scheme, host: host.to_lowercase(), port, path })
    }
}

impl Url {
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    fn default_port(&self) -> u16 {
        if self.scheme == "https" {
            443
        } else {
            80
        }
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.port == self.default_port() {
            write!(f, "{}://{}{}", self.scheme, self.host, self.path)
        } else {
            write!(f, "{}://{}:{}{}", self.scheme, self.host, self.port, self.path)
        }
    }
}

/// A request, ready to send.
#[derive(Debug, Clone)]
pub struct Request {
    method: Method,
    url: Option<Url>,
    headers: HashMap<String, String>,
    body: Option<String>,
}

impl Request {
    /// Starts a request: `Request::builder().url(url).build()`.
    pub fn builder() -> RequestBuilder<NoUrl> {
        RequestBuilder {
            method: Method::Get,
            url: None,
            headers: HashMap::new(),
            body: None,
            state: PhantomData,
        }
    }

    pub fn method(&self) -> Method {
        self.method
    }

    pub fn url(&self) -> &Url {
        self.url.as_ref().unwrap()
    }

    /// The value of header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_lowercase()).map(|value| value.as_str())
    }

    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
}

/// Builder states.
#[derive(Debug, Clone)]
pub struct NoUrl;
#[derive(Debug, Clone)]
pub struct HasUrl;

/// Builds a [`Request`]. The method is `GET` unless set.
#[derive(Debug, Clone)]
pub struct RequestBuilder<State = NoUrl> {
    method: Method,
    url: Option<Url>,
    headers: HashMap<String, String>,
    body: Option<String>,
    state: PhantomData<State>,
}

impl<State> RequestBuilder<State> {
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

    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.insert(name.into().to_lowercase(), value.into());
        self
    }

    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }
}

impl RequestBuilder<HasUrl> {
    /// The request.
    pub fn build(self) -> Request {
        let url = self.url.expect("HasUrl builder always has a url");
        Request { method: self.method, url: Some(url), headers: self.headers, body: self.body }
    }
}
