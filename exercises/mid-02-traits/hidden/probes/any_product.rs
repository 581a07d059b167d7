//! The basket functions work for a type written after them, asking nothing of it but `Product`:
//! it borrows its data, and is not `Clone`, `Debug`, `PartialEq` or `'static`; and generic code
//! bounded by `Product` alone can call them.

use mid_02_traits::{cheapest, receipt, total, Product};

struct Voucher<'a> {
    code: &'a str,
    cents: u64,
}

impl Product for Voucher<'_> {
    fn name(&self) -> &str {
        self.code
    }

    fn price_cents(&self) -> u64 {
        self.cents
    }
}

fn summary<P: Product>(basket: &[P]) -> (u64, Option<&P>, String) {
    (total(basket), cheapest(basket), receipt(basket))
}

fn main() {
    let codes = String::from("SPRING SUMMER");
    let vouchers: Vec<Voucher<'_>> = codes.split(' ').map(|code| Voucher { code, cents: 500 }).collect();
    let (sum, cheap, text) = summary(&vouchers);
    let cheap: Option<&Voucher<'_>> = cheap;
    println!("{sum} {} {text}", cheap.map_or("", |voucher| voucher.code));
}
