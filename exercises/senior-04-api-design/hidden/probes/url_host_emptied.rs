// A parsed `Url` cannot be changed through a public field into one parsing would reject (no host).
use senior_04_api_design::Url;

fn main() {
    let mut url: Url = "https://example.com/items".parse().expect("a valid URL");
    url.host = Default::default();
    println!("{url}");
}
