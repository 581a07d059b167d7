// A `Url` must only come out of parsing: it cannot be written down directly.
use senior_04_api_design::Url;

fn main() {
    let url = Url("ftp://nowhere".to_string());
    println!("{url}");
}
