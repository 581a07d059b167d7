// A request without a URL must not be buildable.
use senior_04_api_design::{Method, Request};

fn main() {
    let _request = Request::builder().method(Method::Post).header("Accept", "text/plain").body("{}").build();
}
