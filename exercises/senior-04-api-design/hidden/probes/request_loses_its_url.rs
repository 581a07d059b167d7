// A built request cannot lose its URL through a public field: every `Request` has one.
use senior_04_api_design::{Request, Url};

fn main() {
    let url: Url = "https://example.com/items".parse().expect("a valid URL");
    let mut request = Request::builder().url(url).build();
    request.url = None;
    println!("{}", request.url());
}
