// A builder that was given a URL cannot lose it again through a public field: `build` must never
// meet a missing URL.
use senior_04_api_design::{Method, Request, Url};

fn main() {
    let url: Url = "https://example.com/items".parse().expect("a valid URL");
    let mut ready = Request::builder().method(Method::Post).url(url);
    ready.url = None;
    let request = ready.build();
    println!("{:?} {}", request.method(), request.url());
}
