//! Every string the API hands out is a slice of the text (or the caller's default): a caller
//! can hold it as a `&str` after the `Settings` is gone, with a temporary key.

use mid_01_lifetimes::{host, value_or, Settings};

fn main() {
    let text = String::from("host = example.org\nport = 8080\n");
    let (port, keys): (Option<&str>, Vec<&str>) = {
        let settings = Settings::new(&text);
        (settings.get(&String::from("port")), settings.keys())
    };
    let user: &str = value_or(&text, &"USER".to_ascii_lowercase(), "admin");
    let bound: &str = host(&text);
    println!("{port:?} {keys:?} {user} {bound}");
}
