//! A value read from a text borrows that text: it cannot be used once the text is dropped. A
//! `'static` text (a transmute, a leak) would let this compile.

use mid_01_lifetimes::Settings;

fn main() {
    let port: Option<&str>;
    {
        let text = String::from("port = 8080\n");
        port = Settings::new(&text).get("port");
    }
    println!("{port:?}");
}
