// A parsed `Url` cannot be changed through a public field into one parsing would reject (port 0).
use senior_04_api_design::Url;

fn main() {
    let mut url: Url = "https://example.com:8443/items".parse().expect("a valid URL");
    url.port = 0;
    println!("{url}");
}
