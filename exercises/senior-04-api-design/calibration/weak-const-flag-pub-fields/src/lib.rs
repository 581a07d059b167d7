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
#[derive(Debug, Clone)]
pub struct Url {
    scheme: String,
    host: String,
    port: Option<u16>,
    path: String,
}

impl FromStr for Url {
    type Err = UrlError;

    fn from_str(text: &str) -> Result<Url, UrlError> {
        let Some(sep) = text.find("://") else {
            return Err(UrlError::MissingScheme);
        };
        let scheme = text[..sep].to_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(UrlError::UnsupportedScheme);
        }
        let rest = &text[sep + 3..];
        let mut host = String::new();
        let mut chars = rest.char_indices();
        let mut end = rest.len();
        for (i, c) in chars.by_ref() {
            if c == ':' || c == '/' {
                end = i;
                break;
            }
            if !(c.is_ascii_alphanumeric() || c == '-' || c == '.') {
                return Err(UrlError::InvalidHost);
            }
            host.push(c.to_ascii_lowercase());
        }
        if host.is_empty() {
            return Err(UrlError::InvalidHost);
        }
        let mut remaining = &rest[end..];
        let mut port = None;
        if remaining.starts_with(':') {
            let port_text = remaining[1..].split('/').next().unwrap_or("");
            if port_text.is_empty() || !port_text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(UrlError::InvalidPort);
            }
            match port_text.parse::<u16>() {
                Ok(p) if p > 0 => port = Some(p),
                _ => return Err(UrlError::InvalidPort),
            }
            remaining = &remaining[1 + port_text.len()..];
        }
        let path = if remaining.is_empty() { String::from("/") } else { String::from(remaining) };
        Ok(Url { scheme, host, port, path })
    }
}

impl PartialEq for Url {
    fn eq(&self, other: &Url) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for Url {}

impl Url {
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn port(&self) -> u16 {
        match self.port {
            Some(port) => port,
            None if self.scheme == "https" => 443,
            None => 80,
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let default = if self.scheme == "https" { 443 } else { 80 };
        if self.port() != default {
            write!(f, "{}://{}:{}{}", self.scheme, self.host, self.port(), self.path)
        } else {
            write!(f, "{}://{}{}", self.scheme, self.host, self.path)
        }
    }
}

/// A request, ready to send.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub url: Url,
    headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl Request {
    /// Starts a request: `Request::builder().url(url).build()`.
    pub fn builder() -> RequestBuilder<false> {
        RequestBuilder { method: Method::Get, url: None, headers: Vec::new(), body: None }
    }

    pub fn method(&self) -> Method {
        self.method
    }

    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The value of header `name` (the last one set wins).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .rev()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }
}

/// Builds a [`Request`]. The method is `GET` unless set. `HAS_URL` turns true once `url` is set.
#[derive(Debug, Clone)]
pub struct RequestBuilder<const HAS_URL: bool = false> {
    method: Method,
    url: Option<Url>,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl<const HAS_URL: bool> RequestBuilder<HAS_URL> {
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    pub fn url(self, url: Url) -> RequestBuilder<true> {
        RequestBuilder {
            method: self.method,
            url: Some(url),
            headers: self.headers.clone(),
            body: self.body.clone(),
        }
    }

    pub fn header(mut self, name: impl ToString, value: impl ToString) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }
}

impl RequestBuilder<true> {
    pub fn build(self) -> Request {
        if let Some(url) = self.url {
            Request { method: self.method, url, headers: self.headers, body: self.body }
        } else {
            unreachable!("url() was called before build()")
        }
    }
}
