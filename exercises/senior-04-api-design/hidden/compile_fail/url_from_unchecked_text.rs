// Turning text into a `Url` can fail, so there must be no infallible conversion from `&str`.
use senior_04_api_design::Url;

fn convert<T: From<&'static str>>(text: &'static str) -> T {
    T::from(text)
}

fn main() {
    let url: Url = convert("definitely not a url");
    println!("{url}");
}
