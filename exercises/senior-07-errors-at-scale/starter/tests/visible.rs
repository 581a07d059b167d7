use std::error::Error;
use std::num::{IntErrorKind, ParseIntError};

use senior_07_errors_at_scale::app::{self, Context};
use senior_07_errors_at_scale::inventory::{self, InventoryError};

/// The message of an error, then the message of each cause under it.
fn messages(err: &(dyn Error + 'static)) -> Vec<String> {
    let mut messages = vec![err.to_string()];
    let mut cause = err.source();
    while let Some(next) = cause {
        messages.push(next.to_string());
        cause = next.source();
    }
    messages
}

#[test]
fn reads_a_stock_list() {
    let stock = inventory::parse("# north\nbolts = 120\nnuts=80\n\n").unwrap();
    assert_eq!(stock.quantity("bolts"), Some(120));
    assert_eq!(stock.quantity("nuts"), Some(80));
    assert_eq!(stock.quantity("screws"), None);
    assert_eq!(stock.len(), 2);
}

#[test]
fn a_bad_quantity_keeps_its_cause() {
    let north = "bolts = 12\nnuts = lots\n";
    let err = app::total_stock([("north", north.as_bytes())]).unwrap_err();
    assert_eq!(
        messages(&err),
        ["reading warehouse `north`", "line 2: bad quantity for `nuts`", "invalid digit found in string"]
    );

    let cause = err.source().unwrap();
    let found = cause.downcast_ref::<InventoryError>();
    assert!(matches!(found, Some(InventoryError::BadQuantity { line: 2, item, .. }) if item == "nuts"), "{found:?}");
    let root = cause.source().unwrap().downcast_ref::<ParseIntError>().unwrap();
    assert_eq!(root.kind(), &IntErrorKind::InvalidDigit);
}

#[test]
fn context_wraps_any_error() {
    let err = "3x".parse::<u8>().context("reading the retry count").unwrap_err();
    assert_eq!(err.context(), "reading the retry count");
    assert_eq!(messages(&err), ["reading the retry count", "invalid digit found in string"]);
}
